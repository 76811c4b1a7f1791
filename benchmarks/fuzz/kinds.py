"""The registry of hostile input kinds, the good article, and the seeded schedule.

A *kind* is a function ``make(rng, folder, ctx) -> Made`` that writes one hostile input
(or a few files making up one input) into ``folder`` and says what was given to
storyline. Everything is derived from ``random.Random(seed)``: the same (kind, seed)
always gives the same bytes. The kinds themselves live in ``kinds_*.py`` and
``fuzz_strategies.py``; importing :data:`KINDS` through :func:`registry` loads them all.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass, field
from typing import Callable

# An invented article (not copied from anywhere): a dateline, a few paragraphs, dates.
GOOD_ARTICLE = """\
Published: April 14, 2023

KESTREL FALLS, Ont. (Valley Ledger) - The Kestrel Falls town council voted on Thursday \
to close the old Mill Street footbridge after inspectors found corrosion in two of its four steel \
supports, Mayor Ingrid Palsson said.

The bridge, which opened in 1958 and carries about 1,200 people a day across the Kestrel River, will \
stay closed until a temporary crossing is installed, probably by the end of May, Palsson told \
reporters after the vote.

An engineering report presented to the council on April 3 said the corrosion had spread faster than \
expected since the last inspection in 2019. Council member Dev Raman said a full replacement would \
cost about 4.5 million dollars and could begin in the spring of 2024.

Residents on the east bank will be able to use a free shuttle bus from Monday, the council said. \
The town will hold a public meeting on the new bridge design on June 8.
"""

_TOWNS = ["Harrowgate", "Lindqvist Bay", "Port Ardent", "Sable Ridge", "Oxmoor", "Tamsin Cove",
          "Greyfield", "Nolan Springs", "Ashby Marsh", "Corrin Point"]
_PEOPLE = ["Marta Oyelaran", "Tobias Renn", "Wei Lindgren", "Priya Castell", "Jonah Mbeki",
           "Ilse Varga", "Samir Dufresne", "Agnes Holloway"]
_THINGS = [("ferry", "ferries"), ("water main", "water mains"), ("school roof", "school roofs"),
           ("power line", "power lines"), ("grain silo", "grain silos"), ("bus depot", "bus depots")]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]


def article(rng: random.Random, paragraphs: int = 3) -> str:
    """A different invented article each seed: a dateline and ``paragraphs`` paragraphs."""
    town, person = rng.choice(_TOWNS), rng.choice(_PEOPLE)
    thing, things = rng.choice(_THINGS)
    year, month, day = rng.randint(1995, 2024), rng.randrange(12), rng.randint(1, 28)
    n, cost = rng.randint(2, 40), rng.randint(2, 90)
    paras = [
        f"{town.upper()}, {_MONTHS[month]} {day}, {year} - Officials in {town} said on Tuesday that "
        f"the {thing} on the north side of the town had failed after a week of heavy rain, "
        f"leaving about {n * 100} households affected.",
        f"{person}, who leads the local works department, said crews had been working since "
        f"{_MONTHS[(month + 11) % 12]} to replace {n} older {things} and that repairs would "
        f"cost roughly {cost} million dollars.",
        f"The council will meet on {_MONTHS[(month + 1) % 12]} {rng.randint(1, 28)} to decide "
        f"whether to bring forward the rest of the work, {person.split()[0]} said.",
        f"Residents were asked to report any damage to the town hall; a hotline opened on "
        f"Wednesday and had received {rng.randint(20, 900)} calls by the evening.",
    ]
    return "\n\n".join(paras[: max(1, min(paragraphs, len(paras)))]) + "\n"


def article_html(rng: random.Random, title: str | None = None, head: str = "", wrap=None) -> str:
    """The invented article as a small HTML page; ``wrap(body_html)`` may nest it."""
    body = "".join(f"<p>{p}</p>\n" for p in article(rng, 4).split("\n\n"))
    if wrap is not None:
        body = wrap(body)
    title = title if title is not None else "Repairs after the storm"
    return (f"<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title>{head}</head>"
            f"<body><article><h1>{title}</h1>\n{body}</article></body></html>\n")


@dataclass
class Ctx:
    """What a kind may use: ``server`` is ``http://127.0.0.1:PORT`` of the fuzz HTTP server."""

    case_id: int
    mode: str = "lib"  # "lib" or "cli"
    server: str | None = None


@dataclass
class Made:
    """One materialized input.

    ``inputs``: what is given to storyline (``str``, or ``bytes`` for non-UTF-8 paths).
    ``names``: extra sources that count as naming this input (URLs, ``/dev/zero``);
    sources under the case folder always do. ``expect``: ``"any"`` (a document or a
    one-line rejection), ``"reject"`` (garbage: must not become a document) or ``"doc"``
    (a real article in odd wrapping: must become a document). ``silent_ok``: the input
    may legitimately produce nothing (a second name for a file already read).
    ``options``/``cli_args``: build options / CLI flags this input needs (solo kinds).
    ``stdin``: bytes fed to standard input (CLI only).
    """

    inputs: list
    names: list = field(default_factory=list)
    expect: str = "any"
    silent_ok: bool = False
    options: dict = field(default_factory=dict)
    cli_args: list = field(default_factory=list)
    stdin: bytes | None = None
    payloads: list = field(default_factory=list)  # markers that must not appear raw in HTML output


@dataclass(frozen=True)
class Kind:
    name: str
    family: str
    make: Callable[[random.Random, str, Ctx], Made]
    expect: str = "any"  # the usual Made.expect, for the listing (each Made says its own)
    weight: int = 10  # relative frequency in a run
    cost: float = 0.5  # seconds one input may legitimately take (deadlines scale with it)
    solo: bool = False  # needs its own build (build options, CLI flags)
    modes: tuple = ("lib", "cli")
    note: str = ""


KINDS: dict[str, Kind] = {}


def kind(name: str, family: str, **attrs) -> Callable:
    """Register ``make`` as a kind; the docstring's first line is its note."""

    def register(make: Callable) -> Callable:
        note = (make.__doc__ or "").strip().splitlines()[0] if make.__doc__ else ""
        KINDS[name] = Kind(name, family, make, note=note, **attrs)
        return make

    return register


def registry() -> dict[str, Kind]:
    """All kinds, every module loaded."""
    import fuzz_strategies  # noqa: F401
    import kinds_archive  # noqa: F401
    import kinds_bytes  # noqa: F401
    import kinds_html  # noqa: F401
    import kinds_jsonl  # noqa: F401
    import kinds_net  # noqa: F401
    import kinds_paths  # noqa: F401

    return KINDS


def put(folder: str | bytes, name: str | bytes, data: bytes | str) -> str | bytes:
    """Write ``data`` to ``folder/name``; the path has the type of ``name``."""
    if isinstance(name, bytes):
        path = os.path.join(os.fsencode(folder), name)
    else:
        path = os.path.join(folder, name)
    with open(path, "wb") as handle:
        handle.write(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
    return path


@dataclass(frozen=True)
class CaseSpec:
    id: int
    kind: str
    seed: int
    mode: str = "lib"  # "lib" or "cli"


def schedule(n: int, seed: int, cli_share: float = 0.02, only: list[str] | None = None) -> list[CaseSpec]:
    """``n`` cases: first one of every kind (so a small sample covers them all), then by weight."""
    kinds = registry()
    names = sorted(only or kinds)
    rng = random.Random(f"schedule:{seed}")
    first = names[:]
    rng.shuffle(first)
    cycle = [name for name in names for _ in range(kinds[name].weight)]
    out = []
    for i in range(n):
        name = first[i] if i < len(first) else rng.choice(cycle)
        modes = kinds[name].modes
        if modes == ("cli",):
            mode = "cli"
        elif "cli" in modes and rng.random() < cli_share:
            mode = "cli"
        else:
            mode = "lib"
        out.append(CaseSpec(i, name, rng.getrandbits(48), mode))
    return out
