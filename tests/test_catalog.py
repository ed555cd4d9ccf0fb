"""The English source catalog of template strings stays in step with the templates."""

from __future__ import annotations

from babel.messages.pofile import read_po
from conftest import ROOT


def test_messages_pot_matches_templates() -> None:
    from handout.catalogs import messages_template

    extracted = {
        m.id if isinstance(m.id, str) else m.id[0]
        for m in messages_template((ROOT / "templates",))
        if m.id
    }
    assert "Key points" in extracted  # a template string
    assert "%(num)s country" in extracted  # a unit name of figures, from Python code
    with (ROOT / "locales" / "messages.pot").open("rb") as handle:
        catalog = read_po(handle)
    in_pot = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
    assert extracted == in_pot, "run `make pot` to refresh locales/messages.pot"
