"""``series_svg``: a small inline SVG line chart of one series, for the HTML report.

Dates on x, values on y, one circle per dated claim with a ``<title>`` tooltip (value,
source, document). Claims with no as-of date (``Claim.date`` None, :attr:`Series.undated`)
are not drawn: a time axis has no place for them, and the report lists them apart. Every
text is escaped (source text is untrusted); no script, no external reference."""

from __future__ import annotations

import datetime as dt
from html import escape

from storyline.claims.series import Series

WIDTH, HEIGHT = 520, 220
LEFT, RIGHT, TOP, BOTTOM = 64, 20, 24, 36


def _day(date: str) -> dt.date:
    parts = [int(p) for p in date.split("-")[:3]]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def series_svg(series: Series) -> str:
    """The chart of the series' dated claims (see the module's docstring)."""
    dated = list(series.dated)
    values = [c.value for c in dated] or [0]
    v_lo, v_hi = min(0, min(values)), max(values) or 1
    days = [_day(c.date).toordinal() for c in dated]
    d_lo, d_hi = (min(days), max(days)) if days else (0, 1)
    plot_right = WIDTH - RIGHT

    def x(ordinal: int) -> float:
        if d_hi == d_lo:
            return (LEFT + plot_right) / 2
        return LEFT + (ordinal - d_lo) / (d_hi - d_lo) * (plot_right - LEFT)

    def y(value: float) -> float:
        return TOP + (1 - (value - v_lo) / (v_hi - v_lo or 1)) * (HEIGHT - TOP - BOTTOM)

    title = f"{series.title} ({series.unit})" if series.unit not in series.what else series.title
    out = [f'<svg class="claims-series" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
           f'role="img" aria-label="{escape(title)}">',
           f"<title>{escape(title)}</title>",
           f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" stroke="#888"/>',
           f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}" stroke="#888"/>',
           f'<text x="{LEFT - 6}" y="{y(v_hi) + 4:.1f}" text-anchor="end" font-size="11">{escape(_number(v_hi))}</text>',
           f'<text x="{LEFT - 6}" y="{y(v_lo) + 4:.1f}" text-anchor="end" font-size="11">{escape(_number(v_lo))}</text>']
    if dated:
        out.append(f'<text x="{x(d_lo):.1f}" y="{HEIGHT - BOTTOM + 16}" font-size="11">{escape(dated[0].date)}</text>')
        if d_hi != d_lo:
            out.append(f'<text x="{x(d_hi):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="end" font-size="11">'
                       f"{escape(dated[-1].date)}</text>")
        points = " ".join(f"{x(d):.1f},{y(c.value):.1f}" for d, c in zip(days, dated))
        out.append(f'<polyline points="{points}" fill="none" stroke="#36c" stroke-width="1.5"/>')
    for d, c in zip(days, dated):
        source = c.attributed_to or "unattributed"
        tip = f"{c.describe()} — {source}; {c.document}, as of {c.date}"
        hollow = c.qualifier in ("more than", "over", "at least", "up to", "fewer than")
        out.append(f'<circle cx="{x(d):.1f}" cy="{y(c.value):.1f}" r="4" fill="{"#fff" if hollow else "#36c"}" '
                   f'stroke="#36c"><title>{escape(tip)}</title></circle>')
    out.append("</svg>")
    return "\n".join(out)
