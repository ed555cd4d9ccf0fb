"""The field reference of the content model, written from the model itself.

``docs/content-model.md`` carries this reference between two markers; a test keeps the two
equal, so the documentation, ``handout schema`` and the loader cannot disagree.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from .model import Topic

START = "<!-- field-reference:start (written by `handout schema --format markdown`) -->"
END = "<!-- field-reference:end -->"


def _type(schema: dict[str, Any], defs: dict[str, Any]) -> str:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        target = defs.get(name, {})
        if "enum" in target:
            return " \\| ".join(f"`{v}`" for v in target["enum"])
        return f"[{name}](#{name.lower()})"
    if "anyOf" in schema:
        kinds = [_type(s, defs) for s in schema["anyOf"] if s.get("type") != "null"]
        if "text" in kinds and any(k in {"mapping", "wording per audience"} for k in kinds):
            return "text (one string, or `patient:` and `clinician:`)"
        return " or ".join(dict.fromkeys(kinds))
    if "enum" in schema:
        return " \\| ".join(f"`{v}`" for v in schema["enum"])
    kind = schema.get("type")
    if kind == "array":
        return f"list of {_type(schema.get('items', {}), defs)}"
    if kind == "object" and "properties" in schema and "patient" in schema["properties"]:
        return "wording per audience"
    if kind == "object" and "additionalProperties" in schema:
        extra = schema["additionalProperties"]
        if isinstance(extra, dict) and extra:
            return f"mapping of name → {_type(extra, defs)}"
        return "mapping"
    if kind == "object":
        return "mapping"
    return {"string": "text", "number": "number", "integer": "whole number",
            "boolean": "true/false"}.get(str(kind), str(kind))  # fmt: skip


def _model_table(name: str, model: dict[str, Any], defs: dict[str, Any]) -> list[str]:
    lines = [f"### {name}", ""]
    if model.get("description"):
        lines += [" ".join(model["description"].split()), ""]
    lines += ["| field | required | type | meaning |", "|---|---|---|---|"]
    required = set(model.get("required", []))
    for field, schema in model.get("properties", {}).items():
        meaning = " ".join(str(schema.get("description", "")).split()).replace("|", "\\|")
        mark = "yes" if field in required else ""
        lines.append(f"| `{field}` | {mark} | {_type(schema, defs)} | {meaning} |")
    return [*lines, ""]


def field_reference(root: type[BaseModel] = Topic) -> str:
    """Markdown tables of every model of a topic file: fields, types and descriptions."""
    schema = root.model_json_schema()
    defs: dict[str, Any] = schema.get("$defs", {})
    lines = [START, "", "## Field reference", ""]
    lines += _model_table(root.__name__, schema, defs)
    for name in sorted(defs):
        if "properties" in defs[name]:
            lines += _model_table(name, defs[name], defs)
    return "\n".join([*lines, END]) + "\n"
