"""Attribution extraction ("who said what"): exact-match span F1 of Source, Cue and
Content on PolNeAR as converted by CofeNet.

The test set is the folder ``cofenet-polnear-bio`` (``valid.txt``, ``test.txt``: one JSON
object per paragraph with ``tokens``, ``pos``, ``ner``, ``labels`` in BIO over
source/cue/content, and ``id``). The given tokens are tagged as they are (spaCy runs its
own tagger, parser and NER on them; the file's ``pos`` and ``ner`` are not used) by
:class:`storyline.quotes.tagger.Tagger` with the shipped model (``tagger="crf"``) or by
:class:`storyline.quotes.neural.NeuralTagger` (``tagger="neural"``), both trained on
PolNeAR's train split only.

Scoring is CofeNet's "exact match" (Wang et al., 2022, *CofeNet: Context and Former-Label
Enhanced Net for Complicated Quotation Extraction*, COLING, Table 6): a predicted span is
correct when its type, start and end equal those of a gold span; precision = correct /
predicted, recall = correct / gold, F1 their harmonic mean, in percent, over all spans
of the file. ``test.txt`` is scored; ``valid.txt`` too when present (figures in the notes).
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from storyline.errors import ConfigError
from storyline.eval import EvalResult
from storyline.quotes.bio import load, score_file

__all__ = ["PEERS", "evaluate", "load", "peer_rows", "score_file"]

# PolNeAR rows of CofeNet's Table 6 (exact match; P/R/F1 per type), used when
# peer-tables.txt is not in the data folder. "-" = not reported.
PEERS = """\
Rule 27.8 6.7 10.7 5.7 67.6 13.7 22.8 12.9 26.0 3.2 5.6 2.9
CoreNLP 32.1 8.9 13.9 7.5 - - - - 59.2 10.3 17.5 9.6
CRF 62.6 42.4 50.6 33.8 66.3 44.7 53.4 36.4 36.8 23.5 28.6 16.7
BiLSTM-CRF 73.1 66.4 69.6 53.4 72.2 62.0 66.7 50.0 66.0 53.4 59.0 41.9
BERT-CofeNet 82.9 83.6 83.2 71.3 75.9 74.7 75.3 60.4 74.9 71.1 72.9 57.4
"""
_SHOWN = {"Rule": "Rule", "CoreNLP": "CoreNLP", "CRF": "CRF", "BiLSTM w. CRF": "BiLSTM-CRF", "BERT w. Cofe": "BERT-CofeNet"}


def _num(cell: str) -> float | None:
    return None if cell in ("-", "–") else float(cell)


def peer_rows(data: Path) -> list[dict[str, Any]]:
    """The PolNeAR peer rows of CofeNet's Table 6, from ``peer-tables.txt`` when present."""
    text = PEERS
    path = data / "peer-tables.txt"
    if path.exists():
        lines = path.read_text(encoding="utf-8").splitlines()
        start = lines.index("PolNeAR") + 1
        table, base = [], None
        for line in lines[start:]:
            if not re.match(r"^(w\. )?[A-Za-z][\w-]* [-\d]", line):
                break
            name, *cells = line.split()
            if name == "w.":
                name = f"{base} w. {cells.pop(0)}"
            else:
                base = name
            if name in _SHOWN:
                table.append(" ".join([_SHOWN[name], *cells]))
        if len(table) == len(_SHOWN):
            text = "\n".join(table)
    rows = []
    for line in text.strip().splitlines():
        name, *cells = line.split()
        v = [_num(c) for c in cells]
        rows.append({"system": name,
                     "source_p": v[0], "source_r": v[1], "source_f1": v[2],
                     "cue_p": v[4], "cue_r": v[5], "cue_f1": v[6],
                     "content_p": v[8], "content_r": v[9], "content_f1": v[10]})
    return rows


def evaluate(data: Path, limit: int | None = None, tagger: str = "crf") -> EvalResult:
    from storyline.quotes import tagger_named

    data = Path(data)
    test = data / "test.txt"
    if not test.exists():
        raise ConfigError(f"{data}: no test.txt (expected the cofenet-polnear-bio folder)")
    model = tagger_named(tagger)
    t0 = time.time()
    metrics, per_item = score_file(test, model, limit)
    seconds = time.time() - t0
    order = ["source_p", "source_r", "source_f1", "cue_p", "cue_r", "cue_f1", "content_p", "content_r", "content_f1"]
    metrics = {k: round(metrics[k], 1) for k in order}
    system = "storyline (CRF + parse, CPU)" if tagger == "crf" else "storyline (MiniLM + BiLSTM-CRF, CPU)"
    rows = [{"system": system, **metrics}] + peer_rows(data)
    notes = [
        f"test.txt: {len(per_item)} paragraphs" + (f" (first {limit})" if limit else "") + f", tagged in {seconds:.0f}s",
        "exact-match span P/R/F1 in percent (CofeNet Table 6); peers as published there (PolNeAR test)",
    ]
    valid = data / "valid.txt"
    if valid.exists():
        vm, _ = score_file(valid, model, limit)
        notes.append("valid.txt" + (f" (first {limit})" if limit else "") + ": "
                     + ", ".join(f"{k} {vm[k]:.1f}" for k in order))
    return EvalResult("quotes", metrics, rows, per_item, notes)
