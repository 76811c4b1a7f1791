"""The web app: :func:`create_app` over a store. HTML pages (Jinja2, autoescaped, no
script), the JSON API (:mod:`.api`, :mod:`.admin`), and on every response, errors
included, the security headers (:data:`HEADERS`: a strict CSP, nosniff, no referrer)."""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

from fastapi import APIRouter, FastAPI, Query, Request
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storyline import __version__
from storyline.serve import admin, api, views
from storyline.serve.cache import PageCache
from storyline.serve.html import render_page
from storyline.serve.runner import Scheduler
from storyline.store import is_url

__all__ = ["CSP", "HEADERS", "create_app"]

log = logging.getLogger("storyline.serve")

CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")
HEADERS = {"content-security-policy": CSP, "x-content-type-options": "nosniff", "referrer-policy": "no-referrer",
           "x-frame-options": "DENY"}


class SecurityHeaders:
    """Adds :data:`HEADERS` to every response; an exception the app did not handle becomes
    a plain 500 with them (logged, never shown)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in HEADERS.items() if k.encode() not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:  # noqa: BLE001 - the server goes on; the client gets a plain 500
            log.exception("internal error on %s", scope.get("path"))
            if not started:
                await PlainTextResponse("internal error", status_code=500)(scope, receive, send_with_headers)


def create_app(db: str | Path, *, token: str | None = None, update_every: float | None = None,
               feeds: object | None = None, cache_bytes: int = 64 << 20) -> FastAPI:
    """The app over the store ``db``; ``token``: enables the changing endpoints;
    ``update_every``: seconds between scheduled updates (None: none); ``feeds``: the
    :class:`storyline.feeds.FeedsConfig` updates fetch with (None: its defaults);
    ``cache_bytes``: the most memory the page cache (:mod:`.cache`) takes (0: no cache)."""
    where = db if is_url(db) else Path(db)  # a URL kept as text: Path would fold its "//"
    state = admin.ServeState(where, token or None, update_every, feeds)  # type: ignore[arg-type]

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        scheduler = Scheduler(state.runner, update_every) if update_every else None
        if scheduler:
            scheduler.start()
        try:
            yield
        finally:
            if scheduler:
                scheduler.stop()

    app = FastAPI(title="storyline", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="A store's stories, timelines, quotes, figures, entities and documents. "
                  "Read-only unless the server was started with a token.")
    app.state.serve = state
    app.include_router(api.router)
    app.include_router(admin.router)
    app.include_router(pages)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    if cache_bytes:
        app.add_middleware(PageCache, db=db, max_bytes=cache_bytes)
    app.add_middleware(SecurityHeaders)  # the outermost: on every answer, kept ones too
    return app


async def _http_error(request: Request, error: StarletteHTTPException):
    if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
        return JSONResponse({"detail": error.detail}, status_code=error.status_code, headers=error.headers)
    return render_page("error.html", error.status_code, status=error.status_code, detail=str(error.detail))


# --------------------------------------------------------------------------- the pages

pages = APIRouter(include_in_schema=False)


def _read(request: Request, function, *args):
    return api.read(request, function, *args)


@pages.get("/favicon.ico")
def favicon():
    return Response(status_code=204)  # no icon; a 404 would be logged by every browser


@pages.get("/")
def stories_html(request: Request):
    return render_page("stories.html", **_read(request, views.stories_page), q="")


@pages.get("/stories/{story_id}")
def story_html(request: Request, story_id: str):
    def page(store, sid):
        data = views.story_page(store, sid)
        events = views.timeline(store, data["events"])
        return {**data, "shown": [e for e in events if not e["background"]],
                "background": [e for e in events if e["background"]]}

    return render_page("story.html", **_read(request, page, story_id), current="timeline")


@pages.get("/stories/{story_id}/quotes")
def quotes_html(request: Request, story_id: str, speaker: str | None = Query(None, max_length=500)):
    return render_page("quotes.html", **_read(request, views.quotes_page, story_id, speaker), current="quotes")


@pages.get("/stories/{story_id}/positions")
def positions_html(request: Request, story_id: str, speaker: str | None = Query(None, max_length=500)):
    data = _read(request, views.positions_page, story_id, speaker)
    return render_page("positions.html", **data, groups=views.by_speaker(data["positions"]), current="positions")


@pages.get("/stories/{story_id}/figures")
def figures_html(request: Request, story_id: str):
    return render_page("figures.html", **_read(request, views.figures_page, story_id), current="figures")


@pages.get("/stories/{story_id}/entities")
def entities_html(request: Request, story_id: str):
    return render_page("entities.html", **_read(request, views.entities_page, story_id), current="entities")


@pages.get("/documents/{document_id:path}")
def document_html(request: Request, document_id: str):
    data = _read(request, views.document_page, document_id)
    return render_page("document.html", doc=data, segments=views.segments(data["text"], data["spans"]))


@pages.get("/search")
def search_html(request: Request, q: str = Query("", max_length=500)):
    return render_page("search.html", **_read(request, views.search_page, q))
