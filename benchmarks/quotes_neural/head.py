"""Train a small head (scalar mix of the frozen encoder's layers + cheap features ->
1-layer BiLSTM -> CRF) on PolNeAR train's cached encodings; select the epoch on valid
(repo's exact-match scorer), write valid/test predictions.

    PYTHONPATH=src TORCH_VENV/bin/python benchmarks/quotes_neural/head.py NAME --data DATA --runs RUNS
        [--crf none|raw|snap] [--feats 0|1] [--hidden 128] [--epochs 12] [--threads 2] [--test]

Predictions go to RUNS/NAME.{valid,test}.jsonl (test only with --test), the head's
weights to RUNS/NAME.pt, scores to RUNS/NAME.log. (storyline.quotes.spans, pure Python,
gives the labels and the scorer.) The shipped head is run A: --crf none --feats 1
(export.py takes only such heads).
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn

from storyline.quotes.spans import LABELS, score

L2I = {l: i for i, l in enumerate(LABELS)}
K = len(LABELS)
D = "data"  # set from --data
NOSPACY = False  # --nospacy: only the encoder and casing (no spaCy tag/dep/ent/cue/sentence features)


def allowed():
    """[K, K] transition mask (from, to) and [K] start mask of legal BIO moves."""
    trans = np.ones((K, K), dtype=bool)
    start = np.ones(K, dtype=bool)
    for j, lab in enumerate(LABELS):
        if lab.startswith("I-"):
            start[j] = False
            for i, prev in enumerate(LABELS):
                if prev[2:] != lab[2:]:
                    trans[i, j] = False
    return torch.tensor(trans), torch.tensor(start)


class Vocab:
    def __init__(self, rows, key, min_count=2):
        from collections import Counter
        c = Counter(v for r in rows for v in r[key])
        self.index = {v: i + 1 for i, v in enumerate(sorted(v for v, n in c.items() if n >= min_count))}

    def __call__(self, values):
        return [self.index.get(v, 0) for v in values]

    def __len__(self):
        return len(self.index) + 1


def casing(tok):
    return [float(tok[:1].isupper()), float(tok.isupper() and len(tok) > 1), float(any(ch.isdigit() for ch in tok)),
            float(tok in ("``", "''")), float(tok in (",", ".", ":", ";", "--"))]


class Split:
    def __init__(self, name, vocabs=None, crf="none"):
        self.rows = [json.loads(l) for l in open(f"{D}/{name}.jsonl")]
        self.enc = np.load(f"{D}/{name}.enc.npy", mmap_mode="r")
        self.idx = np.load(f"{D}/{name}.idx.npy")
        self.map = np.load(f"{D}/{name}.map.npy")
        if vocabs is None:
            vocabs = {k: Vocab(self.rows, k) for k in ("tag", "dep", "ent", "quote", "spos")}
        self.vocabs = vocabs
        self.crf = crf
        self.items = []
        for n, r in enumerate(self.rows):
            cat = np.array([vocabs[k](r[k]) for k in ("tag", "dep", "ent", "quote", "spos")], dtype=np.int64).T
            dense = [casing(t) + ([] if NOSPACY else [float(c), float(s)]) for t, c, s in zip(r["tokens"], r["cue"], r["sstart"])]
            dense = np.array(dense, dtype=np.float32)
            if crf != "none":
                onehot = np.zeros((len(r["tokens"]), K), dtype=np.float32)
                onehot[np.arange(len(r["tokens"])), [L2I[l] for l in r["crf" if crf == "raw" else "crf_snap"]]] = 1
                dense = np.concatenate([dense, onehot], axis=1)
            y = np.array([L2I[l] for l in r["labels"]], dtype=np.int64)
            u = self.map[n]
            self.items.append((self.idx[u], self.idx[u + 1], cat, dense, y))

    def batch(self, ids):
        n = max(self.items[i][1] - self.items[i][0] for i in ids)
        B = len(ids)
        x = np.zeros((B, n, 7, 384), dtype=np.float32)
        cat = np.zeros((B, n, 5), dtype=np.int64)
        dense = np.zeros((B, n, self.items[ids[0]][3].shape[1]), dtype=np.float32)
        y = np.zeros((B, n), dtype=np.int64)
        mask = np.zeros((B, n), dtype=bool)
        for b, i in enumerate(ids):
            s, e, c, d, lab = self.items[i]
            m = e - s
            x[b, :m] = self.enc[s:e]
            cat[b, :m], dense[b, :m], y[b, :m], mask[b, :m] = c, d, lab, True
        return (torch.from_numpy(x), torch.from_numpy(cat), torch.from_numpy(dense), torch.from_numpy(y),
                torch.from_numpy(mask))


class Head(nn.Module):
    def __init__(self, vocabs, n_dense, hidden=128, feats=True, dropout=0.3):
        super().__init__()
        self.mix = nn.Parameter(torch.zeros(7))
        self.gamma = nn.Parameter(torch.ones(1))
        self.feats = feats
        dims = 384 + n_dense
        if feats:
            self.embs = nn.ModuleList([nn.Embedding(len(vocabs[k]), 16) for k in ("tag", "dep", "ent", "quote", "spos")])
            dims += 16 * 5
        self.drop = nn.Dropout(dropout)
        self.lstm = nn.LSTM(dims, hidden, batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * hidden, K)
        self.trans = nn.Parameter(torch.zeros(K, K))
        self.start = nn.Parameter(torch.zeros(K))
        self.end = nn.Parameter(torch.zeros(K))
        am, sm = allowed()
        self.register_buffer("tmask", am)
        self.register_buffer("smask", sm)

    def emissions(self, x, cat, dense, mask):
        w = torch.softmax(self.mix, 0)
        h = self.gamma * (x * w[None, None, :, None]).sum(2)
        parts = [h, dense]
        if self.feats:
            parts += [e(cat[..., k]) for k, e in enumerate(self.embs)]
        h = self.drop(torch.cat(parts, -1))
        lengths = mask.sum(1)
        packed = nn.utils.rnn.pack_padded_sequence(h, lengths.cpu(), batch_first=True, enforce_sorted=False)
        o, _ = self.lstm(packed)
        o, _ = nn.utils.rnn.pad_packed_sequence(o, batch_first=True, total_length=x.shape[1])
        return self.out(self.drop(o))

    def _trans(self):
        return self.trans.masked_fill(~self.tmask, -1e4), self.start.masked_fill(~self.smask, -1e4)

    def nll(self, em, y, mask):
        trans, start = self._trans()
        B, T, _ = em.shape
        # gold score
        s = start[y[:, 0]] + em[:, 0].gather(1, y[:, :1]).squeeze(1)
        for t in range(1, T):
            m = mask[:, t]
            st = trans[y[:, t - 1], y[:, t]] + em[:, t].gather(1, y[:, t:t + 1]).squeeze(1)
            s = s + st * m
        last = y.gather(1, (mask.sum(1) - 1).unsqueeze(1)).squeeze(1)
        s = s + self.end[last]
        # partition
        a = start[None] + em[:, 0]
        for t in range(1, T):
            nxt = torch.logsumexp(a[:, :, None] + trans[None] + em[:, t, None, :], 1)
            a = torch.where(mask[:, t, None], nxt, a)
        z = torch.logsumexp(a + self.end[None], 1)
        return (z - s).sum()

    @torch.no_grad()
    def decode(self, em, mask):
        trans, start = self._trans()
        out = []
        for b in range(em.shape[0]):
            n = int(mask[b].sum())
            e = em[b, :n]
            sc = start + e[0]
            back = []
            for t in range(1, n):
                cand = sc[:, None] + trans
                best = cand.argmax(0)
                back.append(best)
                sc = cand.gather(0, best[None]).squeeze(0) + e[t]
            sc = sc + self.end
            path = [int(sc.argmax())]
            for best in reversed(back):
                path.append(int(best[path[-1]]))
            out.append([LABELS[j] for j in reversed(path)])
        return out


def batches(split, size, shuffle, rng):
    order = sorted(range(len(split.items)), key=lambda i: split.items[i][1] - split.items[i][0])
    groups = [order[i:i + size] for i in range(0, len(order), size)]
    if shuffle:
        rng.shuffle(groups)
    return groups


def predict(model, split, size=64):
    model.eval()
    preds = [None] * len(split.items)
    for ids in batches(split, size, False, None):
        x, cat, dense, _, mask = split.batch(ids)
        em = model.emissions(x, cat, dense, mask)
        for i, p in zip(ids, model.decode(em, mask)):
            preds[i] = p
    return preds


def evaluate(preds, split):
    m = score(zip(preds, (r["labels"] for r in split.rows)))
    return {k: round(v, 2) for k, v in m.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("name")
    ap.add_argument("--crf", default="none", choices=["none", "raw", "snap"])
    ap.add_argument("--feats", type=int, default=1)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--dropout", type=float, default=0.3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--test", action="store_true")
    ap.add_argument("--nospacy", action="store_true")
    ap.add_argument("--data", required=True, help="dump.py's and encode.py's folder")
    ap.add_argument("--runs", required=True, help="folder for NAME.pt, NAME.log and predictions")
    args = ap.parse_args()
    global D
    D = args.data
    os.makedirs(args.runs, exist_ok=True)
    torch.set_num_threads(args.threads)
    global NOSPACY
    NOSPACY = args.nospacy
    if NOSPACY:
        args.feats = 0
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    log = open(f"{args.runs}/{args.name}.log", "w")

    def say(*a):
        print(*a, file=sys.stderr, flush=True)
        print(*a, file=log, flush=True)

    say(vars(args))
    train = Split("train", crf=args.crf)
    valid = Split("valid", train.vocabs, args.crf)
    model = Head(train.vocabs, train.items[0][3].shape[1], args.hidden, bool(args.feats), args.dropout)
    say("params", sum(p.numel() for p in model.parameters()))
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    steps = args.epochs * math.ceil(len(train.items) / args.batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=steps, pct_start=0.1)
    best, t0 = -1, time.time()
    for ep in range(args.epochs):
        model.train()
        tot = 0.0
        for ids in batches(train, args.batch, True, rng):
            x, cat, dense, y, mask = train.batch(ids)
            loss = model.nll(model.emissions(x, cat, dense, mask), y, mask) / len(ids)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            sched.step()
            tot += float(loss) * len(ids)
        m = evaluate(predict(model, valid), valid)
        key = m["source_f1"] + m["cue_f1"] + m["content_f1"]
        say(f"epoch {ep} loss {tot / len(train.items):.3f} valid S {m['source_f1']} C {m['cue_f1']} "
            f"Ct {m['content_f1']} ({time.time() - t0:.0f}s)")
        if key > best:
            best = key
            torch.save({"state": model.state_dict(), "args": vars(args),
                        "vocabs": {k: v.index for k, v in train.vocabs.items()}}, f"{args.runs}/{args.name}.pt")
    ck = torch.load(f"{args.runs}/{args.name}.pt")
    model.load_state_dict(ck["state"])
    splits = [("valid", valid)] + ([("test", Split("test", train.vocabs, args.crf))] if args.test else [])
    for sname, sp in splits:
        preds = predict(model, sp)
        say(sname, json.dumps(evaluate(preds, sp)))
        with open(f"{args.runs}/{args.name}.{sname}.jsonl", "w") as fh:
            for r, p in zip(sp.rows, preds):
                fh.write(json.dumps({"tokens": r["tokens"], "labels": r["labels"], "pred": p}) + "\n")


if __name__ == "__main__":
    main()
