"""Login, logout, language, dashboard, account (API tokens) and users (admin); compose is in compose.py."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from proofline.web import auth, csrf
from proofline.web.deps import ADMIN, ANY, SESSION_COOKIE, WRITE, cached, get_desk, page_user, render
from proofline.web.i18n import COOKIE as LANG_COOKIE
from proofline.web.i18n import LANGS, Translator, language
from proofline.web.render import bar_chart
from proofline.workflow.errors import InputRefused, WorkflowError

router = APIRouter(include_in_schema=False)
Anyone = Annotated[auth.Identity, Depends(page_user(ANY))]
Writer = Annotated[auth.Identity, Depends(page_user(WRITE))]
Admin = Annotated[auth.Identity, Depends(page_user(ADMIN))]


def safe_next(target: str | None) -> str:
    """Only a path of this site: never //host or a scheme (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    return target


def _login_page(request: Request, *, error: str | None = None, status: int = 200, name: str = "",
                next_url: str = "/") -> HTMLResponse:
    token = request.cookies.get(csrf.LOGIN_COOKIE) or csrf.new_token()
    request.state.login_csrf = token
    response = render(request, "login.html", {"error": error, "name": name, "next": safe_next(next_url)},
                      status=status)
    desk = get_desk(request)
    response.set_cookie(csrf.LOGIN_COOKIE, token, httponly=True, samesite="strict",
                        secure=desk.settings.secure_cookies, path="/login")
    return response


@router.get("/login")
def login_form(request: Request, next: str = "/") -> HTMLResponse:
    return _login_page(request, next_url=next)


@router.post("/login")
async def login(request: Request, username: Annotated[str, Form()] = "", password: Annotated[str, Form()] = "",
                next: Annotated[str, Form()] = "/", csrf_token: Annotated[str, Form()] = "") -> Response:
    desk = get_desk(request)
    t = Translator(language(request))
    if not csrf.same(request.cookies.get(csrf.LOGIN_COOKIE), csrf_token):
        return _login_page(request, error=t("login.expired"), status=403, name=username, next_url=next)
    client = request.client.host if request.client else "?"
    key = auth.throttle_key(username, client)
    now = desk.now()
    s = desk.settings
    if await run_in_threadpool(auth.throttled, desk.db, key, now=now, max_failures=s.login_max_failures,
                               window=s.login_window):
        response = _login_page(request, error=t("login.throttled", minutes=int(s.login_window.total_seconds() // 60)),
                               status=429, name=username, next_url=next)
        response.headers["Retry-After"] = str(int(s.login_window.total_seconds()))
        return response
    user = await run_in_threadpool(auth.authenticate, desk.db, username, password, key=key, now=now)
    if user is None:
        return _login_page(request, error=t("login.wrong"), status=401, name=username, next_url=next)
    token, _csrf = await run_in_threadpool(auth.open_session, desk.db, user, now=now, lifetime=s.session_lifetime)
    redirect = RedirectResponse(safe_next(next), status_code=303)
    redirect.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", secure=s.secure_cookies,
                        max_age=int(s.session_lifetime.total_seconds()))
    redirect.delete_cookie(csrf.LOGIN_COOKIE, path="/login")
    return redirect


@router.post("/logout")
def logout(request: Request, ident: Anyone) -> Response:
    auth.close_session(get_desk(request).db, request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/lang/{code}")
def switch_language(code: str, next: str = "/") -> Response:
    """Only a display preference, so a plain link; the target is kept on this site."""
    response = RedirectResponse(safe_next(next), status_code=303)
    if code in LANGS:
        response.set_cookie(LANG_COOKIE, code, samesite="lax", max_age=400 * 24 * 3600)
    return response


# ---------------------------------------------------------------------------- dashboard


def _hours_label(hours: float | None) -> str:
    if hours is None:
        return "—"
    return f"{hours / 24:.1f} j" if hours >= 48 else f"{hours:.1f} h"


@router.get("/")
def dashboard(request: Request, ident: Anyone) -> HTMLResponse:
    desk = get_desk(request)
    t = Translator(language(request))
    # Read once per write, not once per view: these scan every asset and claim.
    queue = cached(request, ("queue", ident.name), lambda: desk.wf.queue(ident.name))
    data = cached(request, ("kpi", "month"), lambda: desk.wf.kpis("month"))
    publications = cached(request, ("recent_publications", 10), lambda: desk.wf.recent_publications(10))
    ttp, rc, al = data["time_to_publish"], data["review_cycles"], data["compliance_alerts"]
    charts = {
        "ttp": bar_chart(t("kpi.ttp"), ttp["all"]["distribution"]),
        "cycles": bar_chart(t("kpi.cycles"), {f"{k}": v for k, v in rc["distribution"].items()}),
        "alerts": bar_chart(t("kpi.alerts_time"), al["over_time"]),
        "verdicts": bar_chart(t("kpi.alerts_verdict"), al["by_verdict"]),
    }
    return render(request, "dashboard.html", {
        "queue": queue, "publications": publications, "kpi": data, "charts": charts,
        "median": _hours_label(ttp["all"]["median_hours"]),
    })


# ---------------------------------------------------------------------------- account and API tokens


def _account(request: Request, ident: auth.Identity, *, new_token: str | None = None, error: str | None = None,
             status: int = 200) -> HTMLResponse:
    desk = get_desk(request)
    return render(request, "account.html", {"tokens": auth.list_api_tokens(desk.db, ident.user_id),
                                            "new_token": new_token, "error": error}, status=status)


@router.get("/account")
def account(request: Request, ident: Anyone) -> HTMLResponse:
    return _account(request, ident)


@router.post("/account/tokens")
def create_token(request: Request, ident: Anyone, name: Annotated[str, Form()] = "") -> HTMLResponse:
    desk = get_desk(request)
    try:
        token = auth.create_api_token(desk.db, ident.name, name, now=desk.now())
    except WorkflowError as exc:
        return _account(request, ident, error=exc.message(language(request)), status=422)
    return _account(request, ident, new_token=token)


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(request: Request, token_id: int, ident: Anyone) -> Response:
    desk = get_desk(request)
    auth.revoke_api_token(desk.db, ident.user_id, token_id, now=desk.now())
    return RedirectResponse("/account?ok=token_revoked", status_code=303)


@router.post("/account/password")
def change_password(request: Request, ident: Anyone, current: Annotated[str, Form()] = "",
                    new: Annotated[str, Form()] = "") -> Response:
    desk = get_desk(request)
    t = Translator(language(request))
    client = request.client.host if request.client else "?"
    if auth.authenticate(desk.db, ident.name, current, key=auth.throttle_key(ident.name, client),
                         now=desk.now()) is None:
        return _account(request, ident, error=t("login.wrong"), status=422)
    auth.set_password(desk.db, ident.name, new, now=desk.now())
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


# ---------------------------------------------------------------------------- users (admin)


def _users(request: Request, *, error: str | None = None, status: int = 200) -> HTMLResponse:
    desk = get_desk(request)
    users = [(u, auth.has_password(desk.db, u.name)) for u in desk.wf.users()]
    return render(request, "users.html", {"users": users, "error": error}, status=status)


@router.get("/admin/users")
def users(request: Request, ident: Admin) -> HTMLResponse:
    return _users(request)


@router.post("/admin/users")
def add_user(request: Request, ident: Admin, name: Annotated[str, Form()] = "",
             display_name: Annotated[str, Form()] = "", roles: Annotated[list[str] | None, Form()] = None,
             password: Annotated[str, Form()] = "") -> Response:
    desk = get_desk(request)
    try:
        if password and len(password) < auth.MIN_PASSWORD:  # refuse before the user exists
            raise InputRefused("password.too_short", count=auth.MIN_PASSWORD)
        desk.wf.add_user(ident.name, name, roles or [], display_name or None)
        if password:
            auth.set_password(desk.db, name, password, now=desk.now())
    except WorkflowError as exc:
        return _users(request, error=exc.message(language(request)), status=422)
    return RedirectResponse("/admin/users?ok=user_added", status_code=303)


@router.post("/admin/users/{name}/password")
def reset_password(request: Request, name: str, ident: Admin, password: Annotated[str, Form()] = "") -> Response:
    desk = get_desk(request)
    try:
        auth.set_password(desk.db, name, password, now=desk.now())
    except WorkflowError as exc:
        return _users(request, error=exc.message(language(request)), status=422)
    return RedirectResponse("/admin/users?ok=password_set", status_code=303)
