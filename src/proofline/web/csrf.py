"""CSRF protection: every state-changing request made with a cookie must carry a token.

Logged-in forms carry the session's token (synchronizer pattern); htmx sends it as the
`X-CSRF-Token` header. The login form, made before any session exists, uses a double-submit
cookie. API calls with a bearer token carry no cookie, so they need no token.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request

FIELD = "csrf_token"
HEADER = "x-csrf-token"
LOGIN_COOKIE = "pl_login_csrf"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class CsrfError(Exception):
    """The request changes something but its CSRF token is missing or wrong."""


def new_token() -> str:
    return secrets.token_urlsafe(32)


async def submitted(request: Request) -> str:
    """The token sent with the request: the header first, else the form field."""
    header = request.headers.get(HEADER)
    if header:
        return header
    ctype = request.headers.get("content-type", "")
    if ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()  # Starlette caches it: the route still reads its fields
        value = form.get(FIELD)
        return value if isinstance(value, str) else ""
    return ""


def same(expected: str | None, given: str) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), given)


async def verify(request: Request, expected: str | None) -> None:
    if request.method in SAFE_METHODS:
        return
    if not same(expected, await submitted(request)):
        raise CsrfError("The form expired or did not come from this site; reload the page and try again.")
