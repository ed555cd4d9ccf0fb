"""A new topic file to start from (``handout new``): every section, what goes in it, and
``TODO:`` placeholders that loading reports as still to write until they are replaced."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from ..errors import UsageError
from .model import Kind, json_schema

SCHEMA_FILE = "topic.schema.json"  # written beside the topics, for editors
TODO = "TODO:"

_KIND = {
    Kind.medicine: {
        "generic": '  generic: "TODO: the generic (INN) name"\n',
        "route": "oral",
        "times": "1, per: day",
        "status": "approved",
        "what": "a medicine",
        "dose": "tablet",
    },
    Kind.vaccine: {
        "generic": "",
        "route": "intramuscular",
        "times": "1, per: season",
        "status": "approved",
        "what": "a vaccine",
        "dose": "dose",
    },
    Kind.supplement: {
        "generic": "",
        "route": "oral",
        "times": "1, per: day",
        "status": "not_required",
        "what": "a supplement",
        "dose": "capsule",
    },
}


def scaffold(topic_id: str, kind: Kind, today: dt.date) -> str:
    """The text of ``content/<topic_id>.yaml`` for a new topic of ``kind``."""
    k = _KIND[kind]
    due = today.replace(year=today.year + 1) if (today.month, today.day) != (2, 29) else today
    return _TEMPLATE.format(
        schema=SCHEMA_FILE,
        id=topic_id,
        kind=kind.value,
        today=today.isoformat(),
        due=due.isoformat(),
        **k,
    )


_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


def new_topic(root: Path, topic_id: str, kind: Kind, today: dt.date) -> list[Path]:
    """Write ``content/<topic_id>.yaml`` (never over an existing file) and, beside it, the
    JSON Schema its first line names (refreshed when handout's differs). Returns what was
    written."""
    if not _ID.match(topic_id):
        raise UsageError(
            f"'{topic_id}' cannot be a topic id: expected lower-case letters, digits and "
            "hyphens, such as 'seasonal-flu-vaccine'"
        )
    folder = root / "content"
    path = folder / f"{topic_id}.yaml"
    if path.exists():
        raise UsageError(f"{path}: already exists; handout new never overwrites a topic")
    folder.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # "x": not even a file made meanwhile
        handle.write(scaffold(topic_id, kind, today))
    written = [path]
    schema = folder / SCHEMA_FILE
    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if not schema.is_file() or schema.read_text(encoding="utf-8") != text:
        schema.write_text(text, encoding="utf-8")
        written.append(schema)
    return written


_TEMPLATE = """\
# yaml-language-server: $schema={schema}
# A new topic ({what}). Replace every "TODO: ..." with your text: `handout check` lists
# each one still to write, with its line, and no document is built until none is left.
# docs/content-model.md explains every field; `handout schema` describes them for editors.
# Numbers never go into text: write {{name}} and give the value under figures: at the end.

id: {id}
kind: {kind}

# What the product is called. phrase: the name as it reads inside a sentence.
names:
  common: "TODO: the name patients know"
{generic}  phrase:
    patient: "TODO: the name in a sentence, such as 'the flu vaccine'"
    clinician: "TODO: the name in a sentence for clinicians"

# The first heading of each document.
title:
  patient: "TODO: a plain title, such as 'Name: what you should know'"
  clinician: "TODO: a title for the clinician brief"

# Who reviewed it. Keep status: draft until a clinician has reviewed the content.
review:
  status: draft
  updated: {today}
  next_review_due: {due}

# Three to five things a reader must take away, in plain words.
key_points:
  patient:
    - "TODO: the first thing a patient should know"
  clinician:
    - "TODO: the first thing a clinician should know"

# What it is, in a sentence or two, with the references it rests on (ids under references:).
what_it_is:
  text:
    patient: "TODO: what it is, for a patient"
    clinician: "TODO: what it is, for a clinician"
  cites: [ref-1]

# How it works: a plain paragraph for patients, labelled steps for clinicians.
mechanism:
  patient: "TODO: how it works, in plain words"
  clinician:
    - label: "TODO: a few words naming the step"
      text: "TODO: the step"
      cites: [ref-1]

# What it is used for: one area per condition, each with a short summary of what is known.
areas:
  - id: main-use
    name:
      patient: "TODO: the condition in plain words"
      clinician: "TODO: the condition"
    summary:
      text:
        patient: "TODO: what is known about it for this condition"
        clinician: "TODO: the evidence in one or two sentences"
      cites: [ref-1]

# Studies and reviews, graded per outcome: one entry per study or review you have read. Numbers
# go in data fields (participants, studies, and per outcome groups: {{intervention: 0.9,
# comparison: 2.3}} as percents, effect: {{measure: RR, value: 0.41, ci: [0.36, 0.47]}}), never
# in text. An outcome with patient: true reaches the leaflet. See docs/content-model.md.
evidence:
  - id: study-1
    name: "TODO: a short title for the study"
    kind: rct  # rct, meta_analysis, observational, case_report, preclinical or review
    area: main-use
    design: "TODO: the design, such as 'randomised trial'"
    population: "TODO: who took part, as a phrase starting lower-case"
    intervention: "TODO: what they were given"
    outcomes:
      - id: outcome-1
        name: "TODO: what was measured"
        result: "TODO: what was found, in words"
    certainty: low
    certainty_reason: "TODO: why, in one sentence"
    cites: [ref-1]

# What the evidence cannot tell (for clinicians).
evidence_limits:
  - text: "TODO: a limit of the evidence"
    cites: [ref-1]

# What is not known yet (for patients).
unknowns:
  - "TODO: something not known yet"

# Who should be careful or not use it. kind: contraindication or caution.
cautions:
  - id: caution-1
    kind: caution
    who:
      patient: "TODO: who, in plain words"
      clinician: "TODO: who"
    text:
      patient: "TODO: what they should do"
      clinician: "TODO: what to do"
    cites: [ref-1]

# Side effects, each with how often it happens and what to do.
safety:
  summary:
    text: "TODO: how safe it is, in a sentence"
    cites: [ref-1]
  side_effects:
    - id: side-effect-1
      name:
        patient: "TODO: the side effect in plain words"
        clinician: "TODO: the side effect"
      detail: "TODO: what it is like"
      frequency: common
      action: "TODO: what to do about it"
      cites: [ref-1]

# Approval by jurisdiction (status: approved, not_approved, not_required ...).
regulatory:
  summary: "TODO: its regulatory status in a sentence"
  jurisdictions:
    - id: jurisdiction-1
      region: "TODO: the country or region"
      body: "TODO: the regulator"
      status: {status}
      cites: [ref-1]

# How it is taken or given: one schedule per group. Change amount, unit, route and frequency.
dosing:
  schedules:
    - id: adults
      who: Adults
      amount: {{value: 1, unit: {dose}}}
      route: {route}
      frequency: {{times: {times}}}
      cites: [ref-1]
  patient: "TODO: how to take it, in plain words"
  cites: [ref-1]

# For clinicians: the steps of deciding on use.
approach:
  - title: "TODO: a step"
    text: "TODO: what to do at this step"
    cites: [ref-1]

# Required in every topic: when to contact a provider, questions to ask, urgent signs, and
# counselling points for clinicians.
consult:
  when:
    - "TODO: when to talk to a provider"
  ask:
    - "TODO: a question to ask"
  urgent:
    - "TODO: a sign that needs urgent care"
  clinician:
    - "TODO: a counselling point"

# Only sources you actually have. kind: trial, systematic_review, guideline, product_label,
# regulator_notice, web_article ...; optional doi, pmid, url (https), year.
references:
  - id: ref-1
    title: "TODO: the title of a source you have"
    publisher: "TODO: who published it"
    kind: web_article

# Numbers prose needs: write {{name}} in a text and give it here, e.g.
#   licensed_countries: {{value: 35, unit: country}}
figures: {{}}
"""
