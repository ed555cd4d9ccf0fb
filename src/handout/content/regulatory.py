"""Regulatory status, guideline positions and references in the content model."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints

from .fields import Count, Id, Line, Strict_, Text, cites_field


class RegulatoryStatus(StrEnum):
    """What a regulator decided, for one jurisdiction and (optionally) one use."""

    approved = "approved"
    approved_other_uses = "approved_other_uses"  # licensed, but not for this use (off-label)
    emergency = "emergency"  # emergency use authorisation
    conditional = "conditional"  # conditional marketing authorisation
    not_approved = "not_approved"
    withdrawn = "withdrawn"
    not_required = "not_required"  # sold as a supplement: no approval needed
    research_only = "research_only"  # sold for research use only


class Jurisdiction(Strict_):
    """The status in one place, for all uses or for the use named in `indication`."""

    id: Id = Field(description="Unique id, e.g. 'united-states'.")
    region: Text = Field(description="Country or region, e.g. 'United States'.")
    body: Line | None = Field(default=None, description="Regulator, e.g. 'FDA'.")
    status: RegulatoryStatus = Field(
        description="approved, approved_other_uses (off-label for this use), emergency, "
        "conditional, not_approved, withdrawn, not_required (sold as a supplement), "
        "research_only."
    )
    indication: Text | None = Field(
        default=None,
        description="The use this status is about, e.g. 'type 2 diabetes'; leave out when the "
        "status holds for every use.",
    )
    brand: Line | None = Field(default=None, description="Brand name there, if any.")
    uses: list[Text] = Field(default_factory=list, description="Approved uses.")
    detail: Text | None = Field(
        default=None, description="What else a reader should know (optional)."
    )
    cites: list[Id] = cites_field()


class Position(StrEnum):
    """What a guideline says about using it."""

    recommended = "recommended"
    preferred = "preferred"  # preferred or first-line
    suggested = "suggested"  # suggested, or 'consider'
    no_position = "no_position"  # discussed, without a recommendation either way
    against = "against"  # recommended against
    not_included = "not_included"  # not mentioned in the guideline's treatment plan


class GuidelinePosition(Strict_):
    """One guideline's position for one condition."""

    id: Id = Field(description="Unique id.")
    body: Line = Field(description="Who wrote the guideline, e.g. 'ADA'.")
    condition: Text = Field(description="The condition the position is about.")
    position: Position = Field(
        description="recommended, preferred (first-line), suggested (consider), no_position, "
        "against, not_included."
    )
    text: Text = Field(description="What the guideline says, in words.")
    cites: list[Id] = cites_field()


class Regulatory(Strict_):
    """Regulatory status and guideline positions."""

    summary: Text = Field(description="The regulatory picture in a few sentences.")
    jurisdictions: list[Jurisdiction] = Field(
        min_length=1, description="Status per jurisdiction (and per use)."
    )
    guidelines: list[GuidelinePosition] = Field(
        default_factory=list, description="Guideline positions."
    )


class ReferenceKind(StrEnum):
    trial = "trial"
    systematic_review = "systematic_review"
    meta_analysis = "meta_analysis"
    review = "review"
    guideline = "guideline"
    guideline_summary = "guideline_summary"
    product_label = "product_label"
    regulator_notice = "regulator_notice"
    web_article = "web_article"


Doi = Annotated[str, StringConstraints(pattern=r"^10\.\d{4,9}/\S+$", max_length=300)]
Url = Annotated[str, StringConstraints(pattern=r"^https://[^\s<>\"]+$", max_length=2000)]


class Reference(Strict_):
    """A source the content team actually has; give only what the source gives."""

    id: Id = Field(description="Unique id, cited from `cites`.")
    title: Line = Field(description="Title as the source gives it.")
    subtitle: Line | None = Field(default=None, description="Part of the title after a colon.")
    publisher: Line | None = Field(default=None, description="Journal or publisher.")
    authors: Line | None = Field(default=None, description="Authors, as the source lists them.")
    year: Count | None = Field(default=None, ge=1900, le=2100, description="Year published.")
    kind: ReferenceKind = Field(
        description="trial, systematic_review, meta_analysis, review, guideline, "
        "guideline_summary, product_label, regulator_notice, web_article."
    )
    doi: Doi | None = Field(default=None, description="DOI, e.g. '10.1000/xyz123' (no URL).")
    pmid: Count | None = Field(default=None, gt=0, description="PubMed id (digits).")
    url: Url | None = Field(default=None, description="An https:// address of the source.")
    note: Line | None = Field(default=None, description="What a reader should know about it.")
