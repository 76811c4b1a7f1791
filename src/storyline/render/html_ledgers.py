"""``quotes.html`` (who said what) and ``figures.html`` (the number ledger) of a story.

On the figures page a series is charted (:func:`storyline.claims.series_svg`) from its
dated figures only; figures with no as-of date are listed apart, in a table "Undated
figures", never plotted. Documents are linked to their own pages.
"""

from __future__ import annotations

import dataclasses

from storyline.claims import series_svg
from storyline.render._common import by_speaker, ledger_rows, one_line, said_by, said_day
from storyline.render.html_page import page
from storyline.render.html_links import Links, esc, time_tag


def quotes_page(links: Links) -> str:
    """Every quote, grouped by speaker (the most quoted first), with its documents."""
    story = links.story
    out = ['<section id="quotes"><h2>Who said what</h2>']
    if not story.quotes:
        out.append('<p class="empty">No quotes found.</p>')
    for speaker, quotes in by_speaker(story.quotes):
        out.append(f"<div class=\"group\"><h3>{esc(speaker) if speaker else 'Speaker not established'}</h3>"
                   '<ul class="quotes">')
        for q in quotes:
            docs = ", ".join(links.doc_link(d) for d in q.documents)
            n = len(q.variants)
            variants = f' <span class="stage">({n} other wording{"s" if n > 1 else ""})</span>' if n else ""
            words = f"<q>{esc(q.text)}</q>" if q.direct else f'<span class="stage">reported:</span> {esc(q.text)}'
            by = f' <span class="stage">(said by: {esc(said_by(q))})</span>' if said_by(q) else ""
            day = said_day(q)
            when = f'<span title="{esc(q.said_on_evidence)}">{time_tag(day)}</span>' if day and q.said_on_evidence else (
                time_tag(day) if day else "undated")
            out.append(f"<li>{when}: {words}{by} — {docs}{variants}</li>")
        out.append("</ul></div>")
    out.append("</section>")
    head = links.header("quotes.html", links.title("Who said what"))
    return page(links.title("Who said what"), head, ["".join(out)])


def _table(links: Links, rows: list[tuple[str | None, str, list[str], list[str]]], caption: str = "") -> str:
    """A ledger table; the "as of" column only for dated figures."""
    dated = any(date for date, *_ in rows)
    cells = "".join(
        "<tr>" + (f"<td>{time_tag(date)}</td>" if dated else "") + f"<td>{esc(figure)}</td>"
        f"<td>{esc('; '.join(sources) or '–')}</td><td>{', '.join(links.doc_link(d) for d in docs)}</td></tr>"
        for date, figure, sources, docs in rows)
    head = ("<th>as of</th>" if dated else "") + "<th>figure</th><th>according to</th><th>documents</th>"
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return f'<table class="entities">{cap}<thead><tr>{head}</tr></thead><tbody>{cells}</tbody></table>'


def figures_page(links: Links) -> str:
    """Each series of figures: a chart of its dated figures, their ledger, the undated
    ones apart, and its flags."""
    shown = [s for s in links.story.series if len(s.claims) >= 2 or s.flags]
    out = ['<section id="figures"><h2>Reported figures</h2>']
    if not shown:
        out.append('<p class="empty">No figures reported often enough to follow.</p>')
    for i, series in enumerate(shown):
        out.append(f'<div class="group"><h3 id="series-{i}">{esc(one_line(series.what))}</h3>')
        dated = tuple(c for c in series.claims if c.date)
        if len(dated) >= 2:
            out.append(f'<div class="chart">{series_svg(dataclasses.replace(series, claims=dated))}</div>')
        rows = ledger_rows(series)
        with_date = [r for r in rows if r[0]]
        undated = [r for r in rows if not r[0]]
        if with_date:
            out.append(_table(links, with_date))
        if undated:
            out.append(_table(links, undated, "Undated figures"))
        out += [f'<p class="flag">⚠ {esc(flag)}</p>' for flag in series.flags] + ["</div>"]
    out.append("</section>")
    head = links.header("figures.html", links.title("Figures"))
    return page(links.title("Figures"), head, ["".join(out)])
