"""The literacy report as a plain-text table, then the details a content team acts on."""

from __future__ import annotations

from .report import LiteracyReport


def format_table(reports: list[LiteracyReport]) -> str:
    """A plain-text table of reports, then the details a content team acts on."""
    head = (
        "topic",
        "locale",
        "length",
        "readability",
        "sentences",
        "mean",
        "longest",
        "jargon",
        "structure",
        "result",
    )
    rows = [head]
    for r in reports:
        score = (
            f"{r.readability} {r.score:.1f} ({r.limit})" if r.score is not None else r.readability
        )
        ok = sum(r.structure.values())
        rows.append(
            (
                r.topic,
                r.locale,
                r.length,
                score,
                str(r.sentences),
                f"{r.mean_sentence_words:.1f}",
                str(r.longest_sentence_words),
                f"{len(r.undefined_jargon)} undefined / {len(r.defined_jargon)} defined",
                f"{ok}/{len(r.structure)}",
                "pass" if r.passed else "FAIL",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    for r in reports:
        tag = f"{r.topic} {r.locale} {r.length}"
        for failure in r.failures:
            lines.append(f"FAIL {tag}: {failure}")
        lines += [f"FAIL {where}" for where in r.located]
        lines += [f"note {where}" for where in r.located_notes]
        for check, ok in r.structure.items():
            if not ok:
                lines.append(f"note {tag}: structure: {check}: no")
        for note in r.structure_notes:
            lines.append(f"note {tag}: {note}")
        if not r.sentences:
            continue
        lines.append(
            f"info {tag}: longest sentence ({r.longest_sentence_words} words): {r.longest_sentence}"
        )
        if r.hardest_paragraph_score is not None:
            lines.append(
                f"info {tag}: hardest paragraph ({r.readability} {r.hardest_paragraph_score:.1f}): "
                f"{r.hardest_paragraph[:160]}"
            )
    return "\n".join(lines)
