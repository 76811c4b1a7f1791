"""Synthetic news corpus with known copy groups, for the dedup throughput benchmark.

Deterministic for a given ``(n, seed)``. Nothing here is real text: the vocabulary is
~30,000 made-up words (syllables glued together), drawn with Zipf-like frequencies, so
that common "function words" make common word 3-shingles, as in real news.

The corpus is a set of *stories*. Each story has its own names (a few made-up words
that its articles use often) and two background paragraphs that some of its articles
repeat. An *original* article has 8-12 paragraphs of 30-60 words (~300-600 words).
About ``reprint_share`` of the articles are *reprints* of an earlier original, with the
modifications the labelled fixtures (tests/fixtures/duplicates) cover:

* changed boilerplate: the outlet's own header and footer lines (the same lines in
  every article of that outlet, so they are frequent shingles across the corpus);
* trimmed ending: only the first 60-90% of the paragraphs;
* added paragraphs: the outlet's own reporting before and/or after the copy;
* light copy edits: a few words replaced.

Popular originals are reprinted many times (Zipf over originals), so copy groups range
from 2 to a few dozen members. Hard negatives come for free: articles of one story
share its names, and up to two of its background paragraphs (never more than 2 of 8).

Truth: every reprint belongs to its original's group; everything else is a singleton.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass

import numpy as np

VOCABULARY = 30_000
_ONSETS = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "gl", "kr", "st", "th", "sk", "pl"]
_VOWELS = ["a", "e", "i", "o", "u", "ae", "ou", "y"]
_CODAS = ["", "", "", "n", "r", "l", "s", "th", "m", "k"]


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    published: str
    group: str  # the id of the original this article copies (its own id for an original)
    case: str  # "original" or the reprint's modifications, joined by "+"


def vocabulary(rng: np.random.Generator, size: int = VOCABULARY) -> list[str]:
    """``size`` distinct made-up words of 1-4 syllables; short ones are the most frequent."""
    words: list[str] = []
    seen: set[str] = set()
    syllables = [o + v + c for o in _ONSETS for v in _VOWELS for c in _CODAS]
    while len(words) < size:
        count = 1 + min(3, int(rng.exponential(1.0 + len(words) / 8000)))
        word = "".join(syllables[i] for i in rng.integers(0, len(syllables), count))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


class _Writer:
    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self.words = np.array(vocabulary(rng), dtype=object)
        ranks = np.arange(1, len(self.words) + 1, dtype=float)
        weights = 1.0 / (ranks + 2.7) ** 1.05  # Zipf-Mandelbrot
        self.p = weights / weights.sum()
        self.buffer = np.empty(0, dtype=np.int64)

    def _draw(self, n: int) -> np.ndarray:
        if len(self.buffer) < n:
            self.buffer = np.concatenate([self.buffer, self.rng.choice(len(self.words), 200_000, p=self.p)])
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def paragraph(self, names: np.ndarray, lo: int = 30, hi: int = 60) -> str:
        n = int(self.rng.integers(lo, hi + 1))
        ids = self._draw(n).copy()
        use_name = self.rng.random(n) < 0.08
        ids[use_name] = self.rng.choice(names, int(use_name.sum()))
        tokens = list(self.words[ids])
        # sentences of 8-20 words
        out, start = [], 0
        while start < n:
            end = min(n, start + int(self.rng.integers(8, 21)))
            sentence = tokens[start:end]
            out.append(sentence[0].capitalize() + (" " + " ".join(sentence[1:]) if len(sentence) > 1 else "") + ".")
            start = end
        return " ".join(out)


def generate(n: int, seed: int = 0, reprint_share: float = 0.10, outlets: int = 200) -> list[Article]:
    """``n`` articles, originals first-dated; ids ``a000000.txt`` ..., in a shuffled order."""
    rng = np.random.default_rng(seed)
    writer = _Writer(rng)
    n_reprints = int(round(n * reprint_share))
    n_originals = n - n_reprints
    n_stories = max(1, n_originals // 6)
    story_names = [rng.integers(300, len(writer.words), 12) for _ in range(n_stories)]
    story_background: list[list[str]] = [[] for _ in range(n_stories)]
    # outlet boilerplate: a header line and a footer line each
    outlet_header = [f"{writer.paragraph(np.array([0]), 4, 8)} | Outlet{k}" for k in range(outlets)]
    outlet_footer = [writer.paragraph(np.array([0]), 12, 24) for _ in range(outlets)]

    articles: list[tuple[str, list[str], str, str, str]] = []  # id, paragraphs, published, group, case
    originals: list[tuple[list[str], int, int]] = []  # paragraphs, story, day
    for k in range(n_originals):
        story = int(rng.integers(0, n_stories))
        names = story_names[story]
        if not story_background[story]:
            story_background[story] = [writer.paragraph(names), writer.paragraph(names)]
        count = int(rng.integers(8, 13))
        paragraphs = [writer.paragraph(names) for _ in range(count)]
        shared = int(rng.choice([0, 0, 0, 1, 2]))  # follow-ups repeat background paragraphs
        for b in range(shared):
            paragraphs[count - 1 - b] = story_background[story][b]
        day = int(rng.integers(0, 365))
        originals.append((paragraphs, story, day))
    popularity = 1.0 / np.arange(1, n_originals + 1) ** 0.6
    rng.shuffle(popularity)
    popularity /= popularity.sum()
    sources = rng.choice(n_originals, n_reprints, p=popularity)
    ids = [f"a{k:06d}.txt" for k in rng.permutation(n)]
    for k, (paragraphs, _story, day) in enumerate(originals):
        articles.append((ids[k], paragraphs, _date(day), ids[k], "original"))
    for r, source in enumerate(sources):
        paragraphs, story, day = originals[int(source)]
        names = story_names[story]
        cases = []
        body = list(paragraphs)
        if rng.random() < 0.4:
            keep = max(1, int(round(len(body) * rng.uniform(0.6, 0.9))))
            body = body[:keep]
            cases.append("trimmed")
        if rng.random() < 0.4:
            before = [writer.paragraph(names) for _ in range(int(rng.integers(0, 3)))]
            after = [writer.paragraph(names) for _ in range(int(rng.integers(1, 5)))]
            body = before + body + after
            cases.append("added")
        if rng.random() < 0.3:
            body = [_edit(p, rng, writer) for p in body]
            cases.append("edited")
        outlet = int(rng.integers(0, outlets))
        if rng.random() < 0.7 or not cases:
            body = [outlet_header[outlet]] + body + [outlet_footer[outlet]]
            cases.append("boilerplate")
        rid = ids[n_originals + r]
        articles.append((rid, body, _date(day + int(rng.integers(0, 3))), ids[int(source)], "+".join(cases)))
    order = np.argsort([a[0] for a in articles], kind="stable")
    return [
        Article(id=a[0], text="\n\n".join(a[1]), published=a[2], group=a[3], case=a[4])
        for a in (articles[i] for i in order)
    ]


def _edit(paragraph: str, rng: np.random.Generator, writer: _Writer) -> str:
    words = paragraph.split(" ")
    if rng.random() < 0.3 and len(words) > 3:
        k = int(rng.integers(1, len(words) - 1))
        words[k] = str(writer.words[int(rng.integers(0, 2000))])
    return " ".join(words)


def _date(day: int) -> str:
    return str(np.datetime64("2024-01-01") + np.timedelta64(day, "D"))


def pair_scores(predicted: dict[str, str], truth: dict[str, str]) -> dict[str, float]:
    """Pairwise precision/recall/F1 of two partitions given as item -> group label."""
    from collections import Counter

    def pairs(counter: Counter) -> int:
        return sum(c * (c - 1) // 2 for c in counter.values())

    true_pairs = pairs(Counter(truth.values()))
    found_pairs = pairs(Counter(predicted.values()))
    both = pairs(Counter((predicted[k], truth[k]) for k in truth))
    precision = both / found_pairs if found_pairs else 1.0
    recall = both / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"pair_precision": precision, "pair_recall": recall, "pair_f1": f1,
            "true_pairs": true_pairs, "found_pairs": found_pairs, "false_pairs": found_pairs - both}


# --- generated one partition at a time (benchmarks/corpus_scale) -------------------------
#
# Every article is a pure function of (seed, its global number k): partition p of a corpus
# of ``total`` articles is made on its own, on any machine, without the others. Stories
# have a start day and a life span (a few days to a few weeks) within ``days``; every
# tenth article (k % 10 == 9) is a reprint of an original (low-numbered originals are the
# popular ones, reprinted many times), dated 0-2 days after it; cases as in :func:`generate`.

_WRITERS: dict[int, "_Writer"] = {}
_FUNCTION_WORDS = """the of and to in a is that for on was with he it as at by from his an be has have
had are were its not but this which they who or been their will said would after also one two
new more over about up into than other when some there out could can only her she we all most"""


def _writer(seed: int) -> "_Writer":
    """The vocabulary and word frequencies of ``seed``, made once per process."""
    if seed not in _WRITERS:
        writer = _Writer(np.random.default_rng(seed))
        # the most frequent words are English function words, as in news (the story
        # clustering drops them as stop words); the rest stay made up
        function = sorted(_FUNCTION_WORDS.split())
        writer.words[: len(function)] = function
        writer.cdf = np.cumsum(writer.p)
        _WRITERS[seed] = writer
    return _WRITERS[seed]


def _paragraph(writer: "_Writer", rng: np.random.Generator, names: np.ndarray, lo: int = 30, hi: int = 60) -> str:
    n = int(rng.integers(lo, hi + 1))
    ids = np.minimum(np.searchsorted(writer.cdf, rng.random(n)), len(writer.words) - 1)
    use_name = rng.random(n) < 0.08
    ids[use_name] = rng.choice(names, int(use_name.sum()))
    tokens = list(writer.words[ids])
    out, start = [], 0
    while start < n:
        end = min(n, start + int(rng.integers(8, 21)))
        sentence = tokens[start:end]
        out.append(sentence[0].capitalize() + (" " + " ".join(sentence[1:]) if len(sentence) > 1 else "") + ".")
        start = end
    return " ".join(out)


def _story(seed: int, story: int, days: int) -> tuple[np.ndarray, list[str], int, int]:
    """A story's names, its two background paragraphs, start day and life span (days)."""
    writer = _writer(seed)
    rng = np.random.default_rng([seed, 1, story])
    names = rng.integers(300, len(writer.words), 12)
    background = [_paragraph(writer, rng, names), _paragraph(writer, rng, names)]
    start = int(rng.integers(0, days))
    span = min(days - 1 - start, int(rng.exponential(6.0)))
    return names, background, start, span


def _original(seed: int, k: int, stories: int, days: int) -> tuple[str, list[str], int]:
    """Original article number ``k``: title, paragraphs, day."""
    writer = _writer(seed)
    rng = np.random.default_rng([seed, 2, k])
    names, background, start, span = _story(seed, int(rng.integers(0, stories)), days)
    count = int(rng.integers(8, 13))
    paragraphs = [_paragraph(writer, rng, names) for _ in range(count)]
    for b in range(int(rng.choice([0, 0, 0, 1, 2]))):
        paragraphs[count - 1 - b] = background[b]
    title = _paragraph(writer, rng, names, 5, 9).rstrip(".")
    return title, paragraphs, start + int(rng.integers(0, span + 1))


def _outlet(seed: int, outlet: int) -> tuple[str, str]:
    writer = _writer(seed)
    rng = np.random.default_rng([seed, 3, outlet])
    zero = np.array([0])
    return f"{_paragraph(writer, rng, zero, 4, 8)} | Outlet{outlet}", _paragraph(writer, rng, zero, 12, 24)


def _source(rng: np.random.Generator, total: int) -> int:
    """The original a reprint copies: popular originals have low numbers."""
    originals = total - total // 10
    j = min(originals - 1, int(originals * rng.random() ** 3))
    return j + j // 9  # the j-th number k with k % 10 != 9


def reprint_source(seed: int, k: int, total: int) -> int:
    """The number of the original that article ``k`` (a reprint: k % 10 == 9) copies."""
    return _source(np.random.default_rng([seed, 4, k]), total)


def _reprint(seed: int, k: int, total: int, stories: int, days: int, outlets: int) -> tuple[Article, int]:
    writer = _writer(seed)
    rng = np.random.default_rng([seed, 4, k])
    source = _source(rng, total)
    title, body, day = _original(seed, source, stories, days)
    names = _story(seed, int(np.random.default_rng([seed, 2, source]).integers(0, stories)), days)[0]
    cases = []
    if rng.random() < 0.4:
        body = body[: max(1, int(round(len(body) * rng.uniform(0.6, 0.9))))]
        cases.append("trimmed")
    if rng.random() < 0.4:
        before = [_paragraph(writer, rng, names) for _ in range(int(rng.integers(0, 3)))]
        body = before + body + [_paragraph(writer, rng, names) for _ in range(int(rng.integers(1, 5)))]
        cases.append("added")
    if rng.random() < 0.3:
        body = [_edit(p, rng, writer) for p in body]
        cases.append("edited")
    if rng.random() < 0.7 or not cases:
        header, footer = _outlet(seed, int(rng.integers(0, outlets)))
        body = [header, *body, footer]
        cases.append("boilerplate")
    return Article(f"a{k:08d}", "\n\n".join(body), _date(day + int(rng.integers(0, 3))), f"a{source:08d}",
                   "+".join(cases)), title


def generate_partition(part: int, size: int, total: int, seed: int = 0, days: int = 365,
                       outlets: int = 200, story_size: int = 6) -> list[tuple[Article, str]]:
    """Articles ``part * size`` .. (at most ``total``) with their titles; the same whichever
    partition size or machine makes them. One story per ``story_size`` originals."""
    stories = max(1, (total - total // 10) // story_size)
    out = []
    for k in range(part * size, min(total, (part + 1) * size)):
        if k % 10 == 9:
            out.append(_reprint(seed, k, total, stories, days, outlets))
        else:
            title, paragraphs, day = _original(seed, k, stories, days)
            out.append((Article(f"a{k:08d}", "\n\n".join(paragraphs), _date(day), f"a{k:08d}", "original"), title))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jsonl", help="write the articles here (id, text, published, group, case)")
    args = parser.parse_args()
    articles = generate(args.n, args.seed)
    if args.jsonl:
        with open(args.jsonl, "w", encoding="utf-8") as out:
            for a in articles:
                out.write(json.dumps(a.__dict__) + "\n")
    words = [len(a.text.split()) for a in articles]
    groups = {a.group for a in articles if a.case != "original"}
    print(f"{len(articles)} articles, {sum(words) / len(words):.0f} words on average, "
          f"{sum(a.case != 'original' for a in articles)} reprints of {len(groups)} originals")


if __name__ == "__main__":
    main()
