"""Dump PolNeAR train (brat, via the repo's reader) and CofeNet valid/test (BIO) with
cheap spaCy features and the shipped CRF's labels, to DATA/{split}.jsonl.

Run with storyline's venv (spaCy model installed):
    .venv/bin/python benchmarks/quotes_neural/dump.py --polnear PATH/polnear \
        --bio PATH/cofenet-polnear-bio --out DATA
The features' cue lexicon is the shipped CRF model's (export.py stores it in neural.npz).
Train's CRF labels come from a 2-fold jackknife by article (a CRF trained on the other
half, with its own lexicon), so the head never sees the CRF's labels on its own training data.
"""
import argparse
import json
import sys
import time
from pathlib import Path

from storyline.quotes import train as T
from storyline.quotes.bio import load
from storyline.quotes.features import doc_features, parse, _columns
from storyline.quotes.tagger import Tagger, MODEL_PATH, snap



def cheap(doc, lexicon):
    c = _columns(doc, lexicon)
    return {"tag": c.tags, "dep": c.deps, "ent": c.ents, "cue": [int(x) for x in c.cue_like],
            "quote": c.quotes, "spos": c.sent_pos, "head": [h - i for i, h in enumerate(c.heads)],
            "sstart": [int(x) for x in c.sent_start]}


def crf_labels(tagger, docs):
    raw, snapped = [], []
    for d in docs:
        lab = tagger._decode(doc_features(d, tagger.lexicon, tagger.parse_features, tagger.extras))
        raw.append(lab)
        snapped.append(snap(d, lab))
    return raw, snapped


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--polnear", type=Path, required=True, help="PolNeAR's brat folder (train split)")
    ap.add_argument("--bio", type=Path, required=True, help="CofeNet's cofenet-polnear-bio folder (valid, test)")
    ap.add_argument("--out", type=Path, required=True, help="folder for {train,valid,test}.jsonl")
    args = ap.parse_args()
    ROOT, BIO, OUT = args.polnear, args.bio, args.out
    OUT.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    shipped = Tagger(MODEL_PATH)
    for split in ("valid", "test"):
        rows = load(BIO / f"{split}.txt")
        docs = list(parse(r["tokens"] for r in rows))
        raw, sn = crf_labels(shipped, docs)
        with open(OUT / f"{split}.jsonl", "w") as fh:
            for r, d, a, b in zip(rows, docs, raw, sn):
                fh.write(json.dumps({"id": r.get("id", ""), "tokens": r["tokens"], "labels": r["labels"],
                                     "crf": a, "crf_snap": b, **cheap(d, shipped.lexicon)}) + "\n")
        print(split, len(rows), f"{time.time() - t0:.0f}s", file=sys.stderr, flush=True)

    rows = T.load_split(ROOT, "train")
    docs = list(parse(r[1] for r in rows))
    labels = [r[3] for r in rows]
    print("train parsed", len(rows), f"{time.time() - t0:.0f}s", file=sys.stderr, flush=True)
    articles = sorted({r[0].rsplit("_", 1)[0] for r in rows})
    fold_of = {a: n % 2 for n, a in enumerate(articles)}
    fold = [fold_of[r[0].rsplit("_", 1)[0]] for r in rows]
    crf_raw = [None] * len(rows)
    crf_sn = [None] * len(rows)
    for k in (0, 1):
        tr = [i for i in range(len(rows)) if fold[i] != k]
        te = [i for i in range(len(rows)) if fold[i] == k]
        lex = frozenset(T.learn_lexicon([docs[i] for i in tr], [labels[i] for i in tr]))
        xseq = [doc_features(docs[i], lex, True) for i in tr]
        model = T.fit(xseq, [labels[i] for i in tr])
        model["lexicon"] = sorted(lex)
        model["parse_features"] = True
        path = OUT / f"crf_fold{k}.json.gz"
        import gzip
        with gzip.open(path, "wt") as fh:
            json.dump(model, fh)
        tagger = Tagger(path)
        raw, sn = crf_labels(tagger, [docs[i] for i in te])
        for i, a, b in zip(te, raw, sn):
            crf_raw[i], crf_sn[i] = a, b
        print("fold", k, f"{time.time() - t0:.0f}s", file=sys.stderr, flush=True)
    with open(OUT / "train.jsonl", "w") as fh:
        for r, d, f, a, b in zip(rows, docs, fold, crf_raw, crf_sn):
            fh.write(json.dumps({"id": r[0], "tokens": r[1], "labels": r[3], "fold": f, "crf": a, "crf_snap": b,
                                 **cheap(d, shipped.lexicon)}) + "\n")
    print("done", f"{time.time() - t0:.0f}s", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
