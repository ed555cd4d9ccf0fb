"""The building blocks of the content model: ids, lines of text, per-audience texts, citations."""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    WithJsonSchema,
)

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Num = Annotated[float, Strict()]
Count = Annotated[int, Strict()]
Flag = Annotated[bool, Strict()]


class Strict_(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class PerAudience(Strict_):
    """One wording for the patient leaflet and another for the clinician brief."""

    patient: Line
    clinician: Line

    def __str__(self) -> str:
        # A template that prints a two-audience text without choosing one is a bug.
        raise TypeError("a per-audience text was printed without t(): pick the audience")


def _both_audiences(value: object) -> object:
    return {"patient": value, "clinician": value} if isinstance(value, str) else value


# A text field is either one string used for both audiences or one per audience;
# either way the model holds both wordings.
Text = Annotated[
    PerAudience,
    BeforeValidator(_both_audiences),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "minLength": 1, "description": "Same text for both audiences."},
                {
                    "type": "object",
                    "description": "One wording per audience.",
                    "properties": {
                        "patient": {"type": "string", "minLength": 1},
                        "clinician": {"type": "string", "minLength": 1},
                    },
                    "required": ["patient", "clinician"],
                    "additionalProperties": False,
                },
            ]
        }
    ),
]


def text_for(text: PerAudience, audience: str) -> str:
    """The wording of ``text`` for ``audience``."""
    return str(getattr(text, audience))


class ListsPerAudience(Strict_):
    """A list of points for each audience; both are required."""

    patient: list[Line] = Field(min_length=1, max_length=12)
    clinician: list[Line] = Field(min_length=1, max_length=12)


class Cited(Strict_):
    """A claim with the references that support it."""

    text: Text
    cites: list[Id] = Field(min_length=1, description="ids of entries in `references`")
