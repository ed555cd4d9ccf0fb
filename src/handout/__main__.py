"""``python -m handout`` runs the command line."""

from .cli import run

run()
