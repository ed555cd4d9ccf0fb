"""The vocabulary every layer shares, defined once (foundation layer: imports nothing).

Audiences, papers, output formats, the source locale, the stylesheet's name and the rule for
large print: the content model, the renderer, the planner and the command line all read them
from here.
"""

from __future__ import annotations

AUDIENCES: tuple[str, ...] = ("patient", "clinician")
# Paper names as users write them, and the CSS page size each one means.
PAPERS: dict[str, str] = {"a4": "A4", "letter": "letter"}
FORMATS: tuple[str, ...] = ("pdf", "html")
# Document lengths: the full leaflet or brief, and the brief (patient: one sheet printed on
# both sides; clinician: one page). BRIEF_PAGES is the page budget the build enforces.
LENGTHS: tuple[str, ...] = ("full", "brief")
BRIEF_PAGES: dict[tuple[str, bool], int] = {
    ("patient", False): 2,
    ("patient", True): 4,
    ("clinician", False): 1,
}
SOURCE_LOCALE = "en"
STYLESHEET = "handout.css"
# Files in a template folder that shape documents (hashed into the content version).
TEMPLATE_SUFFIXES: tuple[str, ...] = (".j2", ".css", ".svg", ".png")
LOGO_SUFFIXES: tuple[str, ...] = (".png", ".svg")


def large_print_applies(audience: str, large_print: bool) -> bool:
    """Large print is a patient-document variant; clinician briefs ignore it."""
    return large_print and audience == "patient"
