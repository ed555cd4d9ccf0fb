"""The building blocks of the content model: ids, lines of text, per-audience texts, citations."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Num = Annotated[float, Strict()]
Count = Annotated[int, Strict()]
Flag = Annotated[bool, Strict()]


class Strict_(BaseModel):
    # Schemas are built when a model is first used, not when handout is imported.
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True
    )


class PerAudience(Strict_):
    """One wording for the patient leaflet and another for the clinician brief."""

    patient: Line = Field(description="The wording of the patient leaflet.")
    clinician: Line = Field(description="The wording of the clinician brief.")

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
                        "patient": {
                            "type": "string",
                            "minLength": 1,
                            "description": "The wording of the patient leaflet.",
                        },
                        "clinician": {
                            "type": "string",
                            "minLength": 1,
                            "description": "The wording of the clinician brief.",
                        },
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

    patient: list[Line] = Field(
        min_length=1, max_length=12, description="Points for the patient leaflet (1-12)."
    )
    clinician: list[Line] = Field(
        min_length=1, max_length=12, description="Points for the clinician brief (1-12)."
    )


class Cited(Strict_):
    """A claim with the references that support it."""

    text: Text = Field(description="The claim, for both readers or one wording each.")
    cites: list[Id] = Field(min_length=1, description="ids of entries in `references`")


def cites_field() -> Any:
    """The ``cites`` field every claim-bearing item has."""
    return Field(min_length=1, description="ids of entries in `references` (at least one)")


class Range(Strict_):
    """A range of two numbers, low then high."""

    min: Num = Field(ge=0, description="The low end (0 or more).")
    max: Num = Field(ge=0, description="The high end (at least `min`).")

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.min > self.max:
            raise ValueError(f"expected min <= max, found {self.min} > {self.max}")
        return self
