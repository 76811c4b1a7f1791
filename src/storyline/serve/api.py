"""The read-only JSON API: the data of every page, under ``/api`` (documented by
``/openapi.json``). The changing endpoints are in :mod:`.admin`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request

from storyline.errors import ConfigError
from storyline.reasons import one_line
from storyline.serve import models, views

__all__ = ["router", "read"]

router = APIRouter(prefix="/api", tags=["read"])


def read(request: Request, function: Callable[..., Any], *args: Any) -> Any:
    """``function(store, *args)`` on a snapshot of the server's store; 404 for NotFound."""
    db: Path = request.app.state.serve.db
    try:
        with views.reading(db) as store:
            return function(store, *args)
    except views.NotFound as missing:
        raise HTTPException(status_code=404, detail=str(missing)) from None
    except ConfigError as error:  # the store went away or was replaced by one of another version
        raise HTTPException(status_code=503, detail=one_line(str(error))) from None


@router.get("/stories", response_model=models.StoriesPage, summary="Stories, newest activity first")
def api_stories(request: Request):
    return read(request, views.stories_page)


@router.get("/stories/{story_id}", response_model=models.StoryDetail, summary="A story and its timeline")
def api_story(request: Request, story_id: str):
    return read(request, views.story_page, story_id)


@router.get("/stories/{story_id}/events", response_model=list[models.Event], summary="A story's timeline events")
def api_events(request: Request, story_id: str):
    return read(request, views.story_page, story_id)["events"]


@router.get("/stories/{story_id}/quotes", response_model=models.QuotesPage, summary="A story's quotes, by speaker")
def api_quotes(request: Request, story_id: str, speaker: str | None = Query(None, max_length=500)):
    return read(request, views.quotes_page, story_id, speaker)


@router.get("/stories/{story_id}/positions", response_model=models.PositionsPage,
            summary="A story's positions (who said what on a question over time) and where outlets differ or agree")
def api_positions(request: Request, story_id: str, speaker: str | None = Query(None, max_length=500)):
    return read(request, views.positions_page, story_id, speaker)


@router.get("/stories/{story_id}/figures", response_model=list[models.Claim], summary="A story's figures (claims)")
def api_figures(request: Request, story_id: str):
    return read(request, views.figures_page, story_id)["claims"]


@router.get("/stories/{story_id}/entities", response_model=list[models.Entity],
            summary="People, organisations and places of a story")
def api_entities(request: Request, story_id: str):
    return read(request, views.entities_page, story_id)["entities"]


@router.get("/documents/{document_id:path}", response_model=models.DocumentDetail,
            summary="A document: text, metadata, evidence spans")
def api_document(request: Request, document_id: str):
    return read(request, views.document_page, document_id)


@router.get("/search", response_model=models.SearchResults, summary="Documents and events containing a phrase")
def api_search(request: Request, q: str = Query("", max_length=500)):
    return read(request, views.search_page, q)


@router.get("/feeds", response_model=list[models.Feed], summary="The feeds the store follows")
def api_feeds(request: Request):
    return read(request, views.updates_page)["feeds"]


@router.get("/updates", response_model=models.UpdatesPage, summary="Update runs, the latest first")
def api_updates(request: Request):
    runner = request.app.state.serve.runner
    return {**read(request, views.updates_page), "running": runner.running, "last": runner.last}
