"""handout's version: the one place it is written (foundation layer: imports nothing)."""

__version__ = "0.1.0"
