"""The web app: `create_app(workspace_root)` wires the services, the auth tables and the routes.

One `Workflow` serves every request (it holds no per-request state); refusals of the services
become a page with the message in the page's language (and the right status), or a JSON error
under /api with the refusal's key and its message (English unless Accept-Language prefers French).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from proofline import messages
from proofline.store.db import open_database
from proofline.web import csrf
from proofline.web.deps import ApiUnauthorized, Desk, Forbidden, LoginRequired, render
from proofline.web.errors import status_of
from proofline.web.i18n import api_language, language
from proofline.web.settings import WebSettings
from proofline.workflow import errors
from proofline.workflow.services import Workflow

HERE = Path(__file__).resolve().parent
SERVE_ROOT_ENV = "PROOFLINE_SERVE_WORKSPACE"  # the workspace, for the worker processes of `serve --workers N`

Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]], Awaitable[None]]


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api")


class SecurityHeaders:
    """Headers that make injected markup inert even if some slipped through: a strict CSP and friends."""

    HEADERS = (
        (b"content-security-policy", b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                     b"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"same-origin"),
    )

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Callable[[], Awaitable[Any]],
                       send: Callable[[Any], Awaitable[None]]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def wrapped(message: Any) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], *self.HEADERS]
            await send(message)

        await self.app(scope, receive, wrapped)


def create_app(workspace_root: Path | str, *, database_url: str | None = None,
               settings: WebSettings | None = None) -> FastAPI:
    """The desk over one workspace and its database (migrated on start)."""
    from proofline.web.routes import api, assets, compose, expert, kit, pages, sources

    settings = settings or WebSettings()
    root = Path(workspace_root)
    db = open_database(root, url=database_url)
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        from anyio import to_thread

        to_thread.current_default_thread_limiter().total_tokens = settings.threads
        yield
        runner = getattr(_app.state, "compose_runner", None)
        if runner is not None:  # stop compose runs between two items: they stay resumable
            await to_thread.run_sync(runner.stop)

    app = FastAPI(lifespan=lifespan, title="Proofline review desk", version="1", docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json",
                  description="The workflow of Proofline over HTTP: the same services as the CLI. "
                              "Authenticate with `Authorization: Bearer <token>` (tokens from the Account page).")
    app.state.desk = Desk(Workflow(db, root, clock=settings.clock), db, settings, env)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    # Routes are added as they are (not through include_router), so `app.routes` lists every one of
    # them: the authorization tests walk it.
    for module in (pages, compose, assets, expert, sources, kit, api):
        app.router.routes.extend(module.router.routes)

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.method != "GET":
            target = "/"
        from urllib.parse import quote

        return RedirectResponse(f"/login?next={quote(target, safe='/')}", status_code=303)

    @app.exception_handler(ApiUnauthorized)
    async def _unauth(request: Request, exc: ApiUnauthorized) -> Response:
        return JSONResponse({"error": "unauthorized", "message": "Send a valid API token: "
                             "Authorization: Bearer <token>."}, status_code=401,
                            headers={"WWW-Authenticate": "Bearer"})

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        roles = ", ".join(exc.args[0]) if exc.args else ""
        if _is_api(request):
            return JSONResponse({"error": "forbidden", "message": f"This needs the role: {roles}."},
                                status_code=403)
        return render(request, "error.html", {"message": None, "roles": roles, "code": 403}, status=403)

    @app.exception_handler(csrf.CsrfError)
    async def _csrf(request: Request, exc: csrf.CsrfError) -> Response:
        if _is_api(request):
            return JSONResponse({"error": "csrf", "key": "form.expired",
                                 "message": messages.render("form.expired", api_language(request))},
                                status_code=403)
        return render(request, "error.html", {"message": messages.render("form.expired", language(request)),
                                              "roles": "", "code": 403}, status=403)

    @app.exception_handler(errors.WorkflowError)
    async def _refused(request: Request, exc: errors.WorkflowError) -> Response:
        code = status_of(exc)
        if _is_api(request):
            body: dict[str, Any] = {"error": type(exc).__name__, "key": exc.key,
                                    "message": exc.message(api_language(request))}
            if isinstance(exc, errors.BlockingClaimsError):
                body["claims"] = exc.claims
            if isinstance(exc, errors.GateRefused):
                body["blockers"] = [b.to_json_dict() for b in exc.blockers]
            return JSONResponse(body, status_code=code)
        return render(request, "error.html", {"message": exc.message(language(request)), "roles": "", "code": code},
                      status=code)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        if _is_api(request):
            return JSONResponse({"error": "invalid", "detail": jsonable(exc.errors())}, status_code=422)
        fields = [str(e.get("loc", ["?"])[-1]) for e in exc.errors()]
        message = messages.render("input.invalid_fields", language(request), {"fields": fields})
        return render(request, "error.html", {"message": message, "roles": "", "code": 422}, status=422)

    app.add_middleware(SecurityHeaders)
    return app


def app_from_environment() -> FastAPI:
    """The app of one worker process of `proofline serve --workers N` (an import-string factory)."""
    import os

    return create_app(os.environ[SERVE_ROOT_ENV])


def jsonable(value: Any) -> Any:
    from fastapi.encoders import jsonable_encoder

    return jsonable_encoder(value, custom_encoder={Exception: str})
