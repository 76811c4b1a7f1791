"""Every skipped input carries a reason code from one small vocabulary."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import storyline
from storyline.clean import CleanConfig, clean
from storyline.ingest import IngestConfig, read
from storyline.isolate import isolated
from storyline.model import RawDocument, Rejected
from storyline.reasons import CODES

SRC = Path(storyline.__file__).parent
# exceptions whose second argument (or default) becomes a Rejected's code
CODED_ERRORS = {"Unusable", "_Unfetchable"}


def _calls(name: str):
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                called = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
                if called == name:
                    yield f"{path.relative_to(SRC)}:{node.lineno}", node


def _literals(node: ast.expr) -> list[str]:
    """The string constants a code expression can take (an ``a if c else b`` gives both)."""
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    return []


def test_every_rejected_in_src_passes_a_known_code():
    sites = list(_calls("Rejected"))
    assert len(sites) > 50  # the scan sees the creation sites
    for where, call in sites:
        code = next((k.value for k in call.keywords if k.arg == "code"), None)
        assert code is not None, f"{where}: Rejected(...) without code="
        for value in _literals(code):
            assert value in CODES, f"{where}: unknown code {value!r}"


@pytest.mark.parametrize("name", sorted(CODED_ERRORS))
def test_every_coded_error_names_a_known_code(name):
    for where, call in _calls(name):
        given = call.args[1:2] or [k.value for k in call.keywords if k.arg == "code"]
        for value in (v for node in given for v in _literals(node)):
            assert value in CODES, f"{where}: unknown code {value!r}"
        if name == "Unusable":
            assert given, f"{where}: Unusable(...) without a code"


def _read(tmp_path: Path, *names: str, **config) -> list:
    return list(read([str(tmp_path / n) if not n.startswith("http") else n for n in names],
                     IngestConfig(**config)))


def test_ingest_rejections_carry_their_codes(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "big.txt").write_text("word " * 500, encoding="utf-8")
    (tmp_path / "feed.jsonl").write_text('{"text": "fine"}\n{not json\n{"title": "no body"}\n', encoding="utf-8")
    (tmp_path / "bad.jsonl.gz").write_bytes(b"not gzip at all")
    (tmp_path / "folder").mkdir()
    items = _read(tmp_path, "missing.txt", "empty.txt", "binary.txt", "big.txt", "feed.jsonl", "bad.jsonl.gz",
                  "folder", "http://127.0.0.1:9/a.txt", max_bytes=1000)
    codes = {Path(r.source).name: r.code for r in items if isinstance(r, Rejected)}
    assert codes == {
        "missing.txt": "not-found", "empty.txt": "empty", "binary.txt": "not-text", "big.txt": "too-large",
        "feed.jsonl:2": "malformed", "feed.jsonl:3": "no-article", "bad.jsonl.gz": "not-text",
        "folder": "empty", "a.txt": "refused-url",
    }


def test_a_file_named_twice_is_a_duplicate_input(tmp_path):
    (tmp_path / "a.txt").write_text("Some text here.", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(tmp_path / "a.txt")
    items = _read(tmp_path, "a.txt", "link.txt")
    assert [r.code for r in items if isinstance(r, Rejected)] == ["duplicate-input"]


def test_clean_rejections_tell_no_article_from_too_short():
    text = ("Valley flood\n\nFlood waters rose across the valley on Monday, officials said. "
            "Residents were moved to the school gym as the river kept rising.")
    kept = clean(RawDocument("a", "a.txt", "text", text), CleanConfig(min_chars=10))
    assert not isinstance(kept, Rejected)
    short = clean(RawDocument("a", "a.txt", "text", text), CleanConfig(min_chars=len(kept.text) + 1))
    nothing = clean(RawDocument("b", "b.txt", "text", "   \n  "), CleanConfig(min_chars=80))
    assert isinstance(short, Rejected) and short.code == "too-short" and short.stage == "clean"
    assert isinstance(nothing, Rejected) and nothing.code == "no-article"


def test_storyline_failing_on_a_document_is_internal():
    def broken(doc):
        raise KeyError("oops")

    result = isolated("annotate", "a.txt", broken, None)
    assert isinstance(result, Rejected) and result.internal and result.code == "internal"


def test_code_does_not_change_equality_or_the_timeline_json():
    from storyline.render.contract import _skipped_dict

    coded = Rejected("a.txt", "empty", code="empty")
    assert coded == Rejected("a.txt", "empty")  # tests and users comparing Rejected keep working
    assert "code" not in _skipped_dict(coded)  # timeline.json stays as it was (no code)


def test_every_code_is_documented():
    docs = (SRC.parent.parent / "docs").rglob("*.md")
    text = "\n".join(p.read_text(encoding="utf-8") for p in docs)
    for code in CODES:
        assert f"`{code}`" in text, code
    assert Rejected.__doc__ and all(f"``{code}``" in Rejected.__doc__ for code in CODES)

