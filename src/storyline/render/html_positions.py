"""``positions.html``: each speaker's statements on a question over time, shifts and
reiterations marked (:mod:`storyline.positions`), and what independent outlets report
differently or alike (:mod:`storyline.corroboration`). Every statement and report links
to its document; every date says what dates it."""

from __future__ import annotations

from storyline.model import Comparison, Position
from storyline.render.html_links import Links, esc, time_tag
from storyline.render.html_page import page

__all__ = ["positions_page"]

_KIND = {"shift": "shift", "reiteration": "reiterates"}
_ABOUT = {"figure": "Figure", "date": "Date", "speaker": "Who said it"}


def _day(day: str | None, evidence: str = "") -> str:
    if not day:
        return "undated"
    return f'<span title="{esc(evidence)}">{time_tag(day)}</span>' if evidence else time_tag(day)


def _position(links: Links, position: Position) -> str:
    marks = {m.later: m for m in position.marks}
    items = []
    for i, s in enumerate(position.statements):
        words = f"<q>{esc(s.text)}</q>" if s.direct else f'<span class="stage">reported:</span> {esc(s.text)}'
        mark = marks.get(i)
        note = ""
        if mark is not None:
            note = (f'<div class="mark {esc(mark.kind)}"><strong>{esc(_KIND.get(mark.kind, mark.kind))}</strong> '
                    f"(against the statement of {_day(position.statements[mark.earlier].said_on)}): "
                    f"{esc(mark.why)}</div>")
        items.append(f"<li>{_day(s.said_on, s.said_on_evidence)}: {words} — {links.doc_link(s.document)}"
                     f"{links.original(s.document)}{note}</li>")
    return (f'<div class="group"><h3>{esc(position.speaker)}: {esc(position.question)}</h3>'
            f'<ol class="statements">{"".join(items)}</ol></div>')


def _comparison(links: Links, comparison: Comparison) -> str:
    sides = []
    for side in comparison.sides:
        outlets = f'{side.outlets} independent outlet{"s" if side.outlets != 1 else ""}'
        accounts = "".join(
            f"<li>{esc(a.outlet)}, {_day(a.published)}: {esc(a.text)} — {links.doc_link(a.document)}"
            f"{links.original(a.document)}</li>" for a in side.accounts)
        sides.append(f'<li><strong>{esc(side.value)}</strong> ({esc(outlets)})<ul>{accounts}</ul></li>')
    day = f" ({_day(comparison.day)})" if comparison.day else ""
    why = f'<p class="stage">{esc(comparison.why)}</p>' if comparison.why else ""
    return (f'<div class="group"><h3>{esc(_ABOUT.get(comparison.kind, comparison.kind))}: '
            f'{esc(comparison.about)}{day}</h3>{why}<ul class="sides">{"".join(sides)}</ul></div>')


def positions_page(links: Links) -> str:
    """The story's positions, then its disagreements and agreements."""
    story = links.story
    out = ['<section id="positions"><h2>Positions</h2>']
    if not story.positions:
        out.append('<p class="empty">No speaker was found saying two things on one question.</p>')
    out += [_position(links, p) for p in story.positions]
    out.append("</section>")
    differ = [c for c in story.comparisons if c.disagree]
    alike = [c for c in story.comparisons if not c.disagree]
    out.append('<section id="disagreements"><h2>Where outlets differ</h2>')
    if not differ:
        out.append('<p class="empty">No independent outlets were found reporting one thing differently.</p>')
    out += [_comparison(links, c) for c in differ]
    out.append("</section>")
    if alike:
        out.append('<section id="agreements"><h2>Where outlets agree</h2>')
        out += [_comparison(links, c) for c in alike]
        out.append("</section>")
    head = links.header("positions.html", links.title("Positions"))
    return page(links.title("Positions"), head, ["".join(out)])
