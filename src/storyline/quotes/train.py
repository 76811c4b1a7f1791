"""Train the attribution tagger on PolNeAR's train split.

    python -m storyline.quotes.train --data ../shared/data/quotes/polnear \
        --out src/storyline/quotes/model.json.gz

(the shipped model). An average of three CRFs, on PolNeAR test content F1 +0.3 but
source -0.4 and cue -0.2 against the shipped one (so not shipped), is made by adding
``--member none:0.05:1.0 --member all:0.05:1.0 --member para,scue,qtrans,path:0.05:1.0``.

Reads the brat standoff release (``data/train/{text,attributions}``): every non-empty
line of an article is one paragraph, tokenized by spaCy and brought to the Penn Treebank
forms of the benchmark (:func:`storyline.quotes.features.ptb_tokens`); every Source, Cue
and Content annotation (each run of fragments separated by nothing but whitespace) is a
token span. One article annotated by several annotators gives one sequence per
annotation file, as the CofeNet conversion does. A cue lexicon (lemmas that are part of
a cue at least ``--lex-min`` times and in at least ``--lex-ratio`` of their
occurrences) is learned first; then a linear-chain CRF (python-crfsuite, L-BFGS with
L1+L2) is fit and its weights are written as gzipped JSON, read back by
:mod:`storyline.quotes.tagger` without crfsuite. With several ``--member``
(``extras:c1:c2``: the optional feature groups, ``none`` or ``all`` or a comma list of
:data:`storyline.quotes.features.EXTRAS`, and the regularisation), one CRF is fit per
member and the shipped model is their average (:func:`average`): one linear model over
the union of their features, decoded as fast as one. Only train is read; ``--valid`` (the
CofeNet BIO file of the dev split) is scored after training for information.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from pathlib import Path

from storyline.quotes.features import EXTRAS, doc_features, parse, ptb_tokens
from storyline.quotes.spans import LABELS
from storyline.utils.paragraphs import nonblank_lines

__all__ = ["read_brat", "paragraphs", "load_split", "learn_lexicon", "fit", "average", "parse_member", "main"]

_KINDS = {"Source": "source", "Cue": "cue", "Content": "content"}


def read_brat(path: Path, text: str) -> list[tuple[str, int, int]]:
    """The (type, start, end) character spans of the Source/Cue/Content annotations in
    a brat ``.ann`` file; fragments separated only by whitespace are joined."""
    spans = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("T"):
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        kind, _, ranges = parts[1].partition(" ")
        if kind not in _KINDS:
            continue
        frags = sorted(tuple(int(x) for x in r.split()) for r in ranges.split(";"))
        merged = [list(frags[0])]
        for start, end in frags[1:]:
            if not text[merged[-1][1]:start].strip():
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        spans += [(_KINDS[kind], s, e) for s, e in merged]
    return spans


paragraphs = nonblank_lines  # the release writes one paragraph a line


def label_tokens(offsets: list[tuple[int, int]], spans: list[tuple[str, int, int]]) -> list[str]:
    """BIO labels of tokens at ``offsets`` from character spans (a token belongs to a
    span it overlaps; the first span wins)."""
    labels = ["O"] * len(offsets)
    owner = [-1] * len(offsets)
    for n, (kind, s, e) in enumerate(spans):
        first = True
        for i, (ts, te) in enumerate(offsets):
            if ts < e and te > s and owner[i] == -1:
                owner[i] = n
                labels[i] = ("B-" if first else "I-") + kind
                first = False
    return labels


def load_split(root: Path, split: str, limit: int | None = None):
    """(id, words, offsets, labels) per paragraph of every annotation file in ``split``."""
    out = []
    ann_files = sorted((root / "data" / split / "attributions").glob("*.ann"))[:limit]
    for ann in ann_files:
        stem = ann.stem.rsplit("_", 1)[0]
        text = (root / "data" / split / "text" / f"{stem}.txt").read_text(encoding="utf-8")
        spans = read_brat(ann, text)
        for ps, pe in nonblank_lines(text):
            words, offsets = ptb_tokens(text[ps:pe])
            if not words:
                continue
            offsets = [(s + ps, e + ps) for s, e in offsets]
            inside = [sp for sp in spans if sp[1] < pe and sp[2] > ps]
            out.append((ann.stem, words, offsets, label_tokens(offsets, inside)))
    return out


def learn_lexicon(docs, labels, min_count: int = 3, min_ratio: float = 0.2) -> list[str]:
    """Lemmas that are inside a cue span often enough."""
    total, cue = Counter(), Counter()
    for doc, labs in zip(docs, labels):
        for tok, lab in zip(doc, labs):
            if tok.is_punct or tok.like_num:
                continue
            lemma = tok.lemma_.lower()
            total[lemma] += 1
            if lab.endswith("cue"):
                cue[lemma] += 1
    return sorted(l for l, c in cue.items() if c >= min_count and c / total[l] >= min_ratio)


def fit(xseq, yseq, c1: float = 0.05, c2: float = 1.0, max_iter: int = 150, verbose: bool = False,
        min_freq: int = 3, digits: int = 3) -> dict:
    """Train a CRF and return its weights as a JSON-ready dict."""
    import os
    import tempfile

    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=verbose)
    for x, y in zip(xseq, yseq):
        trainer.append(x, y)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": max_iter, "feature.possible_transitions": True,
                        "feature.minfreq": min_freq})
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "model.crfsuite")
        trainer.train(path)
        tagger = pycrfsuite.Tagger()
        tagger.open(path)
        info = tagger.info()
        tagger.close()
    index = {label: n for n, label in enumerate(LABELS)}
    state: dict[str, list] = {}
    for (attr, label), weight in info.state_features.items():
        if abs(weight) >= 1e-4:
            state.setdefault(attr, []).append([index[label], round(weight, digits)])
    transitions = [[0.0] * len(LABELS) for _ in LABELS]
    for (a, b), weight in info.transitions.items():
        transitions[index[a]][index[b]] = round(weight, 4)
    return {"labels": list(LABELS), "transitions": transitions, "state": state}


def average(models: list[dict], weights: list[float] | None = None, digits: int = 3) -> dict:
    """The weighted average (equal weights by default) of CRFs from :func:`fit` over the
    same labels: state weights over the union of their features, and transitions."""
    weights = weights or [1.0 / len(models)] * len(models)
    k = len(LABELS)
    state: dict[str, dict[int, float]] = {}
    for w, model in zip(weights, models):
        for name, pairs in model["state"].items():
            row = state.setdefault(name, {})
            for label, weight in pairs:
                row[label] = row.get(label, 0.0) + w * weight
    out_state = {}
    for name, row in state.items():
        pairs = [[label, round(v, digits)] for label, v in sorted(row.items()) if abs(v) >= 1e-4]
        if pairs:
            out_state[name] = pairs
    transitions = [[round(sum(w * m["transitions"][a][b] for w, m in zip(weights, models)), 4) for b in range(k)]
                   for a in range(k)]
    return {"labels": list(LABELS), "transitions": transitions, "state": out_state}


def parse_member(spec: str) -> tuple[frozenset[str], float, float]:
    """``extras:c1:c2`` (extras ``none``, ``all`` or a comma list of EXTRAS)."""
    extras, c1, c2 = spec.split(":")
    names = frozenset() if extras == "none" else frozenset(EXTRAS) if extras == "all" else frozenset(extras.split(","))
    unknown = names - set(EXTRAS)
    if unknown:
        raise ValueError(f"unknown feature groups {sorted(unknown)} (known: {', '.join(EXTRAS)})")
    return names, float(c1), float(c2)


def build(root: Path, parse_features: bool = True, limit: int | None = None, **lex):
    """(parsed docs, labels, lexicon) of the train split."""
    rows = load_split(root, "train", limit)
    docs = list(parse(r[1] for r in rows))
    labels = [r[3] for r in rows]
    lexicon = learn_lexicon(docs, labels, **lex)
    return docs, labels, lexicon


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m storyline.quotes.train", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="PolNeAR release folder (holds data/train)")
    ap.add_argument("--out", type=Path, default=Path(__file__).with_name("model.json.gz"))
    ap.add_argument("--no-parse", action="store_true", help="leave out the dependency features")
    ap.add_argument("--member", action="append", default=None, metavar="EXTRAS:C1:C2",
                    help="one CRF of the averaged model (repeatable; default none:C1:C2)")
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=1.0)
    ap.add_argument("--max-iter", type=int, default=150)
    ap.add_argument("--min-freq", type=int, default=3, help="leave out features seen fewer times (a smaller model)")
    ap.add_argument("--digits", type=int, default=3, help="decimals kept of each weight")
    ap.add_argument("--lex-min", type=int, default=3)
    ap.add_argument("--lex-ratio", type=float, default=0.2)
    ap.add_argument("--limit", type=int, default=None, help="first N annotation files only")
    ap.add_argument("--valid", type=Path, default=None, help="CofeNet valid.txt to score after training")
    args = ap.parse_args(argv)
    specs = args.member or [f"none:{args.c1}:{args.c2}"]
    try:
        members = [parse_member(spec) for spec in specs]
    except ValueError as exc:
        ap.error(f"--member: {exc}")

    t0 = time.time()
    docs, yseq, lexicon = build(args.data, not args.no_parse, args.limit, min_count=args.lex_min, min_ratio=args.lex_ratio)
    lexset = frozenset(lexicon)
    print(f"{len(docs)} paragraphs, {sum(map(len, yseq))} tokens, lexicon {len(lexicon)} lemmas; parsed in {time.time() - t0:.0f}s", file=sys.stderr)
    fitted = []
    for spec, (extras, c1, c2) in zip(specs, members):
        t1 = time.time()
        xseq = [doc_features(d, lexset, not args.no_parse, extras) for d in docs]
        fitted.append(fit(xseq, yseq, c1, c2, args.max_iter, min_freq=args.min_freq, digits=args.digits))
        print(f"CRF {spec} fit in {time.time() - t1:.0f}s; {len(fitted[-1]['state'])} attributes", file=sys.stderr)
    model = fitted[0] if len(fitted) == 1 else average(fitted, digits=args.digits)
    model["lexicon"] = lexicon
    model["parse_features"] = not args.no_parse
    model["extras"] = sorted(set().union(*(extras for extras, _, _ in members)))
    model["trained"] = {"data": "PolNeAR train", "members": specs, "max_iter": args.max_iter,
                        "paragraphs": len(docs), "lex_min": args.lex_min, "lex_ratio": args.lex_ratio,
                        "min_freq": args.min_freq, "digits": args.digits}
    print(f"{len(model['state'])} attributes", file=sys.stderr)
    with gzip.open(args.out, "wt", encoding="utf-8") as fh:
        json.dump(model, fh, separators=(",", ":"))
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)", file=sys.stderr)
    if args.valid:
        from storyline.quotes.bio import score_file
        from storyline.quotes.tagger import Tagger

        metrics, _ = score_file(args.valid, Tagger(args.out))
        print(json.dumps({k: round(v, 1) for k, v in metrics.items()}), file=sys.stderr)
    return 0

if __name__ == "__main__":
    raise SystemExit(main())
