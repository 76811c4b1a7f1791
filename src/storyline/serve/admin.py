"""What changes the store: adding and removing feeds and running an update, allowed only
when the server was started with a token and the request carries it (``Authorization:
Bearer TOKEN`` for the API, a password field in the ``/admin`` forms), compared in
constant time; otherwise 403. Updates run one at a time in a child process
(:mod:`.runner`).

``storyline.feeds`` is imported when called."""

from __future__ import annotations

import hmac
import importlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from storyline.errors import ConfigError
from storyline.reasons import one_line
from storyline.serve import models, views
from storyline.serve.runner import Scheduler, Target, UpdateRunner, run_update_child
from storyline.serve.html import render_page
from storyline.store import Store

__all__ = ["ServeState", "router"]

log = logging.getLogger("storyline.serve")
router = APIRouter()
MAX_FORM = 16_384  # bytes of an /admin form


@dataclass
class ServeState:
    db: Path
    token: str | None = None
    update_every: float | None = None
    feeds: Any = None  # a storyline.feeds.FeedsConfig for the updates (None: its defaults)
    target: Target = run_update_child  # what an update process runs (see UpdateRunner)
    runner: UpdateRunner = field(init=False)

    def __post_init__(self) -> None:
        self.runner = UpdateRunner(self.db, self.feeds, target=self.target)

    def allows(self, given: str | None) -> bool:
        """True when the server has a token and ``given`` is it (constant-time compare)."""
        if not self.token or given is None:
            return False
        return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), self.token.encode("utf-8"))


def _require(request: Request) -> ServeState:
    state: ServeState = request.app.state.serve
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if not state.token:
        raise HTTPException(403, "changes are disabled: the server was started without a token")
    if scheme.lower() != "bearer" or not state.allows(given.strip()):
        raise HTTPException(403, "a valid 'Authorization: Bearer TOKEN' header is required")
    return state


def _add_feed(db: Path, url: str, kind: str | None) -> int:
    feeds = importlib.import_module("storyline.feeds")
    with Store(db) as store:
        return int(feeds.add_feed(store, url, kind))


def _remove_feed(db: Path, feed: int) -> None:
    feeds = importlib.import_module("storyline.feeds")
    with Store(db) as store:
        feeds.remove_feed(store, feed)


@router.post("/api/feeds", response_model=models.Accepted, status_code=201, tags=["change"],
             summary="Add a feed (needs the token)")
def api_add_feed(request: Request, feed: models.FeedIn):
    state = _require(request)
    try:
        return {"status": "added", "id": _add_feed(state.db, feed.url, feed.kind)}
    except ConfigError as error:
        raise HTTPException(400, one_line(str(error))) from None


@router.delete("/api/feeds/{feed_id}", response_model=models.Accepted, tags=["change"],
               summary="Remove a feed (needs the token)")
def api_remove_feed(request: Request, feed_id: int):
    state = _require(request)
    try:
        _remove_feed(state.db, feed_id)
    except ConfigError as error:
        raise HTTPException(404, one_line(str(error))) from None
    return {"status": "removed", "id": feed_id}


@router.post("/api/update", response_model=models.Accepted, status_code=202, tags=["change"],
             summary="Start an update run in the background (needs the token; 409 while one runs)")
def api_update(request: Request):
    state = _require(request)
    if not state.runner.start():
        raise HTTPException(409, "an update is running")
    return {"status": "started"}


# --------------------------------------------------------------------------- /admin (HTML forms)

NOTES = {
    "added": "Feed added.", "removed": "Feed removed.", "started": "Update started.",
    "running": "An update is running already.", "forbidden": "Wrong token, or the server has none.",
    "invalid": "That feed was refused.",
}


@router.get("/admin", include_in_schema=False)
def admin_page(request: Request, note: str = ""):
    state: ServeState = request.app.state.serve
    with views.reading(state.db) as store:
        data = views.updates_page(store)
    return render_page("admin.html", **data, note=NOTES.get(note, ""), enabled=bool(state.token),
                       running=state.runner.running, last=state.runner.last, every=state.update_every)


async def _form(request: Request) -> dict[str, str]:
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM:
            raise HTTPException(413, "form too large")
    fields = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=10)
    return {name: values[0] for name, values in fields.items()}


def _back(note: str) -> RedirectResponse:
    return RedirectResponse(f"/admin?note={note}", status_code=303)


@router.post("/admin/feeds", include_in_schema=False)
async def admin_add_feed(request: Request):
    form, state = await _form(request), request.app.state.serve
    if not state.allows(form.get("token")):
        return _back("forbidden")
    kind = form.get("kind") or None
    if kind not in (None, "rss", "atom", "sitemap", "urls"):
        return _back("invalid")
    try:
        await run_in_threadpool(_add_feed, state.db, form.get("url", "").strip(), kind)
    except ConfigError:
        return _back("invalid")
    return _back("added")


@router.post("/admin/feeds/{feed_id}/delete", include_in_schema=False)
async def admin_remove_feed(request: Request, feed_id: int):
    form, state = await _form(request), request.app.state.serve
    if not state.allows(form.get("token")):
        return _back("forbidden")
    try:
        await run_in_threadpool(_remove_feed, state.db, feed_id)
    except ConfigError:
        return _back("invalid")
    return _back("removed")


@router.post("/admin/update", include_in_schema=False)
async def admin_update(request: Request):
    form, state = await _form(request), request.app.state.serve
    if not state.allows(form.get("token")):
        return _back("forbidden")
    return _back("started" if state.runner.start() else "running")
