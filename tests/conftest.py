"""Shared fixtures. Tests that need ../shared skip with a reason when it is absent."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from storyline.model import Document, Sentence, Timex

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "samples" / "seeds"
T17 = SHARED / "data" / "t17"
DEMO = ROOT / "examples" / "demo"


def needs_shared(path: Path):
    """Skip unless ``path`` (inside ../shared) exists."""
    return pytest.mark.skipif(not path.exists(), reason=f"test data not found: {path} (../shared is absent)")


@pytest.fixture(scope="session")
def annotator():
    """One loaded spaCy pipeline for the whole session (loading takes a second)."""
    from storyline.annotate import Annotator

    return Annotator()


def dated_doc(doc_id, sentences, published=None, duplicate_of=None, *, role="", sep="\n\n"):
    """A document from (sentence, [(expression, value, granularity)]) pairs, no model needed:
    its sentences joined by ``sep``, each expression a Timex with ``role`` (see Timex.role)."""
    text, spans, timexes = "", [], []
    for sentence, exprs in sentences:
        start = len(text) + (len(sep) if text else 0)
        text = f"{text}{sep}{sentence}" if text else sentence
        spans.append(Sentence(start, start + len(sentence)))
        for expr, value, gran in exprs:
            at = start + sentence.index(expr)
            timexes.append(Timex(at, at + len(expr), expr, value, gran, "test", role))
    return Document(id=doc_id, source=doc_id, text=text, published=published, sentences=tuple(spans),
                    timexes=tuple(timexes), duplicate_of=duplicate_of)


# --------------------------------------------------------------------------- stores of both kinds
# ``store_location``: where a test's store lives, once per kind of store: an SQLite file, and a
# fresh database of a PostgreSQL server (STORYLINE_TEST_POSTGRES, a URL of a server where
# databases may be created; else one cluster per session started by scripts/postgres.sh).
STORE_KINDS = ("sqlite", "postgresql")
_DATABASES = itertools.count(1)


@pytest.fixture(scope="session")
def postgres_server():
    """The URL of a PostgreSQL server for the session; skips (saying what is missing) when
    there is none and none can be started."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("no PostgreSQL store tests: the package psycopg is not installed")
    given = os.environ.get("STORYLINE_TEST_POSTGRES")
    if given:
        yield given
        return
    script = ROOT / "scripts" / "postgres.sh"
    folder = tempfile.mkdtemp(prefix="storyline-test-pg-")  # under /tmp: the server's own user reaches it
    try:
        started = subprocess.run([str(script), "start", folder], capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as error:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"no PostgreSQL server could be started by {script.name}: {error}")
    if started.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        why = (started.stderr.strip().splitlines() or ["no reason given"])[-1]
        pytest.skip(f"no PostgreSQL server could be started by {script.name} (set STORYLINE_TEST_POSTGRES): {why}")
    try:
        yield started.stdout.strip()
    finally:
        subprocess.run([str(script), "stop", folder], capture_output=True, timeout=120)
        shutil.rmtree(folder, ignore_errors=True)


def _server_url(url: str, database: str) -> str:
    head, _, tail = url.partition("?")
    return head.rsplit("/", 1)[0] + "/" + database + (f"?{tail}" if tail else "")


@pytest.fixture
def postgres_database(postgres_server):
    """The URL of a fresh, empty database on the session's server (dropped after the test)."""
    import psycopg

    name = f"storyline_test_{os.getpid()}_{next(_DATABASES)}"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield _server_url(postgres_server, name)
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=STORE_KINDS)
def store_location(request, tmp_path) -> str:
    """Where a new, empty store lives: an SQLite file, or a PostgreSQL database's URL."""
    if request.param == "sqlite":
        return str(tmp_path / "store.sqlite")
    return request.getfixturevalue("postgres_database")
