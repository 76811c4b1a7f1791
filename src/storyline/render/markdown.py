"""``timeline.md``: the timeline as Markdown (CommonMark / GitHub flavoured).

Each line of an event is followed by why it has its date (its evidence's ``dated_by``),
as an indented note. Every string that comes from a source is passed through
:func:`md_text`: it is put on one line, ``&``, ``<`` and ``>`` become entities (no raw
HTML, no autolinks) and the characters that start emphasis, code, links, tables or
block structure are backslash-escaped, so an article cannot inject markup into the page.
"""

from __future__ import annotations

import re

from storyline.model import Story
from storyline.render._common import (
    BACKGROUND_NOTE,
    PLANNED_NOTE,
    shown_skips,
    by_speaker,
    said_day,
    ledger_rows,
    said_by,
    Line,
    SourceRef,
    Sources,
    counts,
    date_evidence,
    dated_by,
    one_line,
    published_label,
    support,
)

_SPECIAL = re.compile(r"([\\`*\[\]|~$])")
# "_" only opens or closes emphasis when it is not between two letters/digits
_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
_LIST_START = re.compile(r"^(\d{1,9})([.)])")


def md_text(value: str | None, empty: str = "") -> str:
    """``value`` as inert Markdown inline text (``empty`` when it is ``None`` or blank)."""
    text = one_line(value or "")
    if not text:
        return empty
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _SPECIAL.sub(r"\\\1", text)
    text = _UNDERSCORE.sub(r"\\_", text)
    if text[0] in "#+-=":
        text = "\\" + text
    return _LIST_START.sub(r"\1\\\2", text)


def _ref(ref: SourceRef) -> str:
    notes = [md_text(ref.outlet)] if ref.outlet and one_line(ref.outlet) else []
    if ref.duplicate_of:
        notes.append("duplicate")
    if not ref.known:
        notes.append("not among the documents")
    label = md_text(ref.id, "?")
    return f"{label} ({', '.join(notes)})" if notes else label


def _refs(refs: tuple[SourceRef, ...] | list[SourceRef]) -> str:
    return "[" + ", ".join(_ref(r) for r in refs) + "]" if refs else "[no source]"


def _bullet(line: Line) -> str:
    text = md_text(line.sentence, "*(empty sentence)*")
    sources = _refs(line.sources)
    if not line.attributed and line.sources:
        sources = "[event sources: " + sources[1:]
    return f"- {text} {sources}"


def _cell(value: str | None, empty: str = "") -> str:
    return md_text(value, empty)  # "|" is escaped by md_text


ENTITY_ROWS = 50  # the most mentioned; timeline.json has them all


def _quotes_md(story: Story) -> list[str]:
    if not story.quotes:
        return []
    out = ["## Who said what", ""]
    for speaker, quotes in by_speaker(story.quotes):
        out += [f"### {md_text(speaker) if speaker else 'Speaker not established'}", ""]
        for q in quotes:
            where = ", ".join(md_text(d) for d in q.documents)
            variants = f" ({len(q.variants)} other wording{'s' if len(q.variants) > 1 else ''})" if q.variants else ""
            words = f"“{md_text(q.text)}”" if q.direct else f"*reported:* {md_text(q.text)}"
            by = f" (said by: {md_text(said_by(q))})" if said_by(q) else ""
            out.append(f"- {md_text(said_day(q), 'undated')}: {words}{by} — {where}{variants}")
        out.append("")
    return out


def _positions_md(story: Story) -> list[str]:
    """Each position as a small timeline of its statements, shifts and reiterations
    marked; then what independent outlets report differently."""
    out: list[str] = []
    if story.positions:
        out += ["## Positions", ""]
    for position in story.positions:
        out += [f"### {md_text(position.speaker)}: {md_text(position.question)}", ""]
        marks = {m.later: m for m in position.marks}
        for i, s in enumerate(position.statements):
            words = f"“{md_text(s.text)}”" if s.direct else f"*reported:* {md_text(s.text)}"
            out.append(f"- {md_text(s.said_on, 'undated')}: {words} — {md_text(s.document)}")
            mark = marks.get(i)
            if mark is not None:
                out.append(f"  - **{'shift' if mark.kind == 'shift' else 'reiterates'}**: {md_text(mark.why)}")
        out.append("")
    differ = [c for c in story.comparisons if c.disagree]
    if differ:
        out += ["## Where outlets differ", ""]
    for c in differ:
        day = f" ({md_text(c.day)})" if c.day else ""
        out += [f"### {md_text(c.about)}{day}", ""]
        for side in c.sides:
            sources = ", ".join(f"{md_text(a.outlet)} {md_text(a.document)}" for a in side.accounts)
            outlets = f"{side.outlets} independent outlet{'s' if side.outlets != 1 else ''}"
            out.append(f"- **{md_text(side.value)}** ({outlets}): {sources}")
        out.append("")
    return out


def _figures_md(story: Story) -> list[str]:
    shown = [s for s in story.series if len(s.claims) >= 2 or s.flags]
    if not shown:
        return []
    out = ["## Reported figures", ""]
    for series in shown:
        out += [f"### {md_text(series.what)}", "", "| as of | figure | according to | documents |", "| --- | --- | --- | --- |"]
        for date, figure, sources, docs in ledger_rows(series):
            out.append(f"| {_cell(date, 'undated')} | {_cell(figure)} | {_cell('; '.join(sources), '–')} | {_cell(', '.join(docs))} |")
        out += [""] + [f"- ⚠ {md_text(flag)}" for flag in series.flags] + ([""] if series.flags else [])
    return out


def _dated_by(event, index: int) -> list[str]:
    """Why line ``index`` has its date, as notes under its bullet: "dated by: … — ids"."""
    return [f"  - *dated by:* {md_text(note)} — {', '.join(md_text(i) for i in dict.fromkeys(ev.document for ev in evs))}"
            for note, evs in dated_by(event, index)]


def _event_md(event, sources) -> list[str]:
    """One event: its date, its lines with their sources and the why of their date, its support."""
    lines, others = sources.lines(event)
    planned = f" (planned: {PLANNED_NOTE})" if event.planned else ""
    out = [f"### {md_text(event.date, '?')}{planned}", ""]
    out += [row for i, line in enumerate(lines) for row in (_bullet(line), *_dated_by(event, i))]
    out += [] if lines else [f"- *(no summary)* {_refs(others)}"]
    if lines and others:
        out.append(f"- *Also reported in:* {_refs(others)}")
    return out + ["", f"*{md_text(support(event))}*", ""]


def render_markdown(story: Story) -> str:
    sources = Sources(story)
    title = f"# Timeline: {md_text(story.label)}" if story.label and one_line(story.label) else "# Timeline"
    out: list[str] = [title, "", ", ".join(counts(story).phrases()) + ".", ""]
    if story.keywords:
        out[-1:-1] = ["", f"Keywords: {md_text(', '.join(story.keywords))}"]

    earlier = [e for e in story.events if e.background]
    if earlier:
        out += ["## Background", "", f"*{BACKGROUND_NOTE}*", ""]
        out += [line for event in earlier for line in _event_md(event, sources)]
    out += ["## Timeline", ""]
    if not story.events:
        out += ["No dated events.", ""]
    out += [line for event in story.events if not event.background for line in _event_md(event, sources)]

    if story.entities:
        out += ["## People, organisations and places", ""]
        out += ["| name | type | also named | roles | mentions | documents |", "| --- | --- | --- | --- | --- | --- |"]
        for entity in story.entities[:ENTITY_ROWS]:
            others = [a for a in entity.aliases if a != entity.name]
            cells = [_cell(entity.name), _cell(entity.type), _cell(", ".join(others)), _cell(", ".join(entity.roles)),
                     str(entity.mentions), str(len(entity.documents))]
            out.append("| " + " | ".join(cells) + " |")
        if len(story.entities) > ENTITY_ROWS:
            out.append(f"\n*{len(story.entities) - ENTITY_ROWS} more in timeline.json.*")
        out.append("")

    out += _quotes_md(story) + _positions_md(story) + _figures_md(story)

    out += ["## Documents", ""]
    if story.documents:
        out += [
            "| id | outlet | title | published | date evidence | duplicate of |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for doc in story.documents:
            cells = [
                _cell(doc.id),
                _cell(doc.outlet),
                _cell(doc.title),
                _cell(published_label(doc), "undated"),
                _cell(date_evidence(doc)),
                _cell(doc.duplicate_of),
            ]
            out.append("| " + " | ".join(cells) + " |")
    else:
        out.append("No documents.")
    out.append("")

    out += ["## Duplicates", ""]
    for group in story.groups:
        copies = [m for m in group.members if m != group.canonical]
        listed = ", ".join(md_text(m, "?") for m in copies) or "no other copies"
        out.append(f"- {md_text(group.canonical, '?')} (kept); copies: {listed}")
    if not story.groups:
        out.append("No duplicate copies found.")
    out.append("")

    if story.reprints:
        out += ["## Shared copy", ""]
        out += [f"- {md_text(r.description)}" for r in story.reprints]
        out.append("")

    if story.rejected:
        out += ["## Skipped inputs", ""]
        listed, rest = shown_skips(story.rejected)
        out += [f"- {md_text(r.source, '?')}: {md_text(r.reason)}" for r in listed]
        out += [f"- {n} more: {md_text(kind)} (listed in timeline.json)" for kind, n in rest]
        out.append("")

    return "\n".join(out).rstrip("\n") + "\n"
