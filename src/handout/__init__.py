"""handout: one content model per topic, rendered into patient and clinician PDFs."""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
