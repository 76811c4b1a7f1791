"""The architecture as a contract (pyproject's [tool.importlinter], run by import-linter):
cli and eval over the pipeline over the stages over the stage contract over the model; no
stage imports another stage's internals; no import cycles. Plus the sizes we keep."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "storyline"
LINT = shutil.which("lint-imports", path=str(Path(sys.executable).parent))

needs_linter = pytest.mark.skipif(LINT is None, reason="import-linter is not installed (pip install -e '.[test]')")


def _lint(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([LINT, "--no-cache", *args], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})


@needs_linter
def test_every_import_contract_is_kept():
    run = _lint()
    assert run.returncode == 0, run.stdout[-3000:]
    assert "0 broken" in run.stdout and run.stdout.count("KEPT") >= 13


@needs_linter
def test_the_linter_sees_a_broken_contract(tmp_path):
    """The contracts can fail: forbidding what the pipeline must import is reported."""
    config = tmp_path / "contracts.ini"
    config.write_text("[importlinter]\nroot_package = storyline\n\n"
                      "[importlinter:contract:wrong]\nname = the registry may not import a stage\n"
                      "type = forbidden\nsource_modules = storyline.registry\nforbidden_modules = storyline.annotate\n")
    run = _lint("--config", str(config))
    assert run.returncode != 0 and "BROKEN" in run.stdout


def _sizes():
    for path in sorted(SRC.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        functions = [node for node in ast.walk(ast.parse(text)) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
        yield path.relative_to(SRC), text.count("\n"), [(f.name, f.end_lineno - f.lineno + 1) for f in functions]


def test_no_module_over_400_lines_and_no_function_over_80():
    too_long = [(str(p), n) for p, n, _ in _sizes() if n > 400]
    long_functions = [(str(p), name, n) for p, _, functions in _sizes() for name, n in functions if n > 80]
    assert too_long == [] and long_functions == []
