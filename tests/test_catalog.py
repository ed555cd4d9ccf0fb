"""The English source catalog of template strings stays in step with the templates."""

from __future__ import annotations

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from conftest import ROOT


def test_messages_pot_matches_templates() -> None:
    method_map = [("**.j2", "jinja2")]
    options = {
        "**.j2": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}
    }
    extracted = {
        msg if isinstance(msg, str) else msg[0]
        for _, _, msg, _, _ in extract_from_dir(str(ROOT / "templates"), method_map, options)
    }
    with (ROOT / "locales" / "messages.pot").open("rb") as handle:
        catalog = read_po(handle)
    in_pot = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
    assert extracted == in_pot, "run `make pot` to refresh locales/messages.pot"
