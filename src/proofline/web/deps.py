"""Per-request plumbing shared by the pages and the API: who calls, with which role, and rendering.

Role checks here are coarse (which roles may reach a route at all); the services check the fine
rules again (state, four-eyes, gates) on every call, so a route can never grant more than the CLI.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from jinja2 import Environment
from starlette.concurrency import run_in_threadpool

from proofline.web import auth, csrf
from proofline.web.cache import ViewCache
from proofline.web.i18n import Translator, language

if TYPE_CHECKING:
    from proofline.store.db import Database
    from proofline.web.settings import WebSettings
    from proofline.workflow.services import Workflow

SESSION_COOKIE = "pl_session"
T = TypeVar("T")

# Who may reach a route (the services refine it).
ANY: frozenset[str] = frozenset()
WRITE = frozenset({"writer", "admin"})
REVIEW = frozenset({"approver"})
PUBLISH = frozenset({"writer", "approver", "admin"})
EXPERT = frozenset({"expert"})
SOURCES = frozenset({"expert", "admin"})
ADMIN = frozenset({"admin"})
CONFIRM = frozenset({"approver", "admin"})  # confirm an expert's override, withdraw a publication


@dataclass
class Desk:
    """What every request needs, built once by `create_app`."""

    wf: Workflow
    db: Database
    settings: WebSettings
    env: Environment
    views: ViewCache = field(default_factory=ViewCache)

    def now(self) -> datetime:
        return self.wf.now()


class LoginRequired(Exception):
    """A page needs a logged-in user: answered with a redirect to /login."""


class ApiUnauthorized(Exception):
    """An API call without a valid token or session: 401."""


class Forbidden(Exception):
    """A logged-in user without the role a route needs: 403."""


def get_desk(request: Request) -> Desk:
    desk = request.app.state.desk
    assert isinstance(desk, Desk)
    return desk


def page_user(roles: frozenset[str] = ANY) -> Callable[[Request], Awaitable[auth.Identity]]:
    """A page dependency: a session, a valid CSRF token on writes, and one of `roles` (if any)."""

    async def dependency(request: Request) -> auth.Identity:
        desk = get_desk(request)
        token, now = request.cookies.get(SESSION_COOKIE), desk.now()
        ident = auth.known_session(desk.db, token, now=now) or \
            await run_in_threadpool(auth.session_identity, desk.db, token, now=now)
        if ident is None:
            raise LoginRequired()
        await csrf.verify(request, ident.csrf)
        if roles and not ident.roles & roles:
            raise Forbidden(sorted(roles))
        request.state.ident = ident
        return ident

    return dependency


_bearer = HTTPBearer(auto_error=False, description="An API token created on the Account page.")


def api_user(roles: frozenset[str] = ANY) -> Callable[..., Awaitable[auth.Identity]]:
    """An API dependency: a bearer token (CI), or a session cookie plus the X-CSRF-Token header."""

    async def dependency(request: Request,
                         bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> auth.Identity:
        desk = get_desk(request)
        if bearer is not None:
            ident = await run_in_threadpool(auth.token_identity, desk.db, bearer.credentials, now=desk.now())
        else:
            token, now = request.cookies.get(SESSION_COOKIE), desk.now()
            ident = auth.known_session(desk.db, token, now=now) or \
                await run_in_threadpool(auth.session_identity, desk.db, token, now=now)
            if ident is not None:
                await csrf.verify(request, ident.csrf)
        if ident is None:
            raise ApiUnauthorized()
        if roles and not ident.roles & roles:
            raise Forbidden(sorted(roles))
        return ident

    return dependency


def cached(request: Request, key: Hashable, compute: Callable[[], T]) -> T:
    """Page data read from the database, reused until any write moves the data version.

    The version is read once per request (one primary-key row), before anything it guards.
    """
    desk = get_desk(request)
    version: int | None = getattr(request.state, "data_version", None)
    if version is None:
        version = desk.wf.data_version()
        request.state.data_version = version
    return desk.views.get(version, key, compute)


def render(request: Request, template: str, context: dict[str, Any] | None = None, *,
           ident: auth.Identity | None = None, status: int = 200) -> HTMLResponse:
    """A page: the template with the translator, the user and the CSRF token in its context."""
    desk = get_desk(request)
    lang = language(request)
    ident = ident or getattr(request.state, "ident", None)
    ctx: dict[str, Any] = {
        "request": request,
        "t": Translator(lang),
        "lang": lang,
        "user": ident,
        "csrf_token": ident.csrf if ident and ident.csrf else getattr(request.state, "login_csrf", ""),
        "path": request.url.path,
        "brand": _brand(desk),
    }
    ctx.update(context or {})
    html = desk.env.get_template(template).render(ctx)
    return HTMLResponse(html, status_code=status)


def _brand(desk: Desk) -> str:
    try:
        return desk.wf.workspace().kit.brand
    except Exception:  # an invalid kit must not take every page down; the kit page shows why
        return Path(desk.wf.root).name


def has(ident: auth.Identity | None, roles: frozenset[str]) -> bool:
    return ident is not None and bool(ident.roles & roles)
