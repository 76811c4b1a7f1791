"""The index of a pile that held several stories: one entry per story, linking its timeline.

``index.md`` and ``index.html`` list each story with its label, keywords, date range,
counts and a link to its folder; ``index.json`` is the pile's ``timeline.json`` (every
document, group and skipped input, and the ``stories`` entries). Every string that
comes from a source is escaped as in the timeline pages.
"""

from __future__ import annotations

from storyline.model import Pile, Story
from storyline.render._common import counts, one_line, plural, shown_skips
from storyline.render.contract import story_folder
from storyline.render.html_links import esc
from storyline.render.html_page import page
from storyline.render.markdown import md_text


def _range(story: Story) -> str:
    first, last = story.days()
    if first is None:
        return "undated"
    return first if first == last else f"{first} – {last}"


def _counts(story: Story) -> str:
    c = counts(story)
    return ", ".join([plural(c.documents, "document"), plural(c.duplicates, "duplicate"), plural(c.events, "event")])


def render_index_markdown(pile: Pile) -> str:
    out = ["# Stories", "", f"{plural(len(pile.documents), 'document')} in {plural(len(pile.stories), 'story', 'stories')}."]
    if pile.rejected:
        out[-1] += f" {plural(len(pile.rejected), 'skipped input')} (see index.json)."
    out.append("")
    for story in pile.stories:
        link = f"{story_folder(story.id)}/timeline.md"
        out += [
            f"## [{md_text(story.label, story.id)}]({link})",
            "",
            f"{_range(story)} · {_counts(story)}",
            "",
            f"Keywords: {md_text(', '.join(story.keywords), '–')}",
            "",
        ]
    return "\n".join(out).rstrip("\n") + "\n"


def render_index_html(pile: Pile) -> str:
    items = []
    for story in pile.stories:
        items.append(
            '<li class="event">'
            f'<div class="event-date">{esc(_range(story))}</div>'
            f'<div><h2><a href="{esc(story_folder(story.id))}/timeline.html">{esc(one_line(story.label or story.id))}</a></h2>'
            f'<p class="support">{esc(_counts(story))}</p>'
            f'<p>{esc(", ".join(story.keywords))}</p></div></li>'
        )
    skipped = ""
    if pile.rejected:
        listed, rest = shown_skips(pile.rejected)
        skipped = "".join(f"<li><code>{esc(r.source)}</code>: {esc(one_line(r.reason))}</li>" for r in listed)
        skipped += "".join(f"<li>{n} more: {esc(kind)} (listed in index.json)</li>" for kind, n in rest)
        skipped = f'<section id="skipped"><h2>Skipped inputs</h2><ul class="skipped">{skipped}</ul></section>'
    header = (
        '<header class="page-header"><div class="wrap"><h1>Stories</h1>'
        f"<p>{esc(plural(len(pile.documents), 'document'))} in "
        f"{esc(plural(len(pile.stories), 'story', 'stories'))}</p></div></header>"
    )
    return page("Stories", header, [f'<section id="stories"><ol class="timeline">{"".join(items)}</ol></section>', skipped])
