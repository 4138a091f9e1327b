"""Who is calling: argon2 password hashes, server-side sessions, API tokens, login throttling.

Secrets never reach the database in clear: passwords are argon2 hashes, session cookies and API
tokens are random strings whose SHA-256 is stored, so a leaked database opens no session. Failed
logins are counted per (user name, client address) in the database, so throttling survives a
restart and holds across worker processes.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select

from proofline.cache import sha256_hex
from proofline.store.db import Database
from proofline.store.models import ApiToken, Credential, LoginFailure, User, WebSession
from proofline.web.cache import SessionCache
from proofline.workflow.errors import InputRefused, NotFound

_HASHER = PasswordHasher()
# Verifying against this hash when the user does not exist keeps the timing of both failures alike.
_DUMMY_HASH = _HASHER.hash("proofline-no-such-user")
MIN_PASSWORD = 10
TOKEN_PREFIX = "plt_"
# (database URL, token digest) -> (identity, expiry). Another worker process's logout reaches
# this one within the TTL; with one process (the default) logout is immediate.
_SESSIONS = SessionCache(ttl=5.0)


@dataclass(frozen=True)
class Identity:
    """A logged-in caller: the user name the services act as, and the session's CSRF token."""

    user_id: int
    name: str
    display_name: str
    roles: frozenset[str]
    csrf: str | None  # None for API tokens (no cookie, so no CSRF)
    via: str  # "session" | "token"


def _identity(user: User, csrf: str | None, via: str) -> Identity:
    return Identity(user.id, user.name, user.display_name, user.role_set, csrf, via)


def set_password(db: Database, user_name: str, password: str, *, now: datetime) -> None:
    """Store the argon2 hash of a user's password (the workflow's user must exist)."""
    if len(password) < MIN_PASSWORD:
        raise InputRefused("password.too_short", count=MIN_PASSWORD)
    digest = _HASHER.hash(password)
    with db.sessions.begin() as s:
        user = s.execute(select(User).where(User.name == user_name)).scalar_one_or_none()
        if user is None:
            raise NotFound("user.missing", name=user_name)
        row = s.get(Credential, user.id)
        if row is None:
            s.add(Credential(user_id=user.id, password_hash=digest, updated_at=now))
        else:
            row.password_hash, row.updated_at = digest, now
        # A new password ends every open session of that user.
        s.execute(delete(WebSession).where(WebSession.user_id == user.id))
        user_id = user.id
    _forget_sessions_of(db, user_id)


def has_password(db: Database, user_name: str) -> bool:
    with db.session() as s:
        return s.execute(select(Credential.user_id).join(User, User.id == Credential.user_id)
                         .where(User.name == user_name)).first() is not None


def throttle_key(user_name: str, client: str) -> str:
    return f"{user_name.strip().casefold()[:200]}|{client[:90]}"


def throttled(db: Database, key: str, *, now: datetime, max_failures: int, window: timedelta) -> bool:
    """True while `key` has `max_failures` failed logins within `window`."""
    with db.session() as s:
        n = s.execute(select(func.count()).select_from(LoginFailure)
                      .where(LoginFailure.key == key, LoginFailure.at > now - window)).scalar_one()
    return int(n) >= max_failures


def authenticate(db: Database, user_name: str, password: str, *, key: str, now: datetime) -> User | None:
    """The user when the password matches; a failure is recorded against `key`, a success clears it."""
    with db.session() as s:
        row = s.execute(select(User, Credential.password_hash).join(Credential, Credential.user_id == User.id)
                        .where(User.name == user_name)).first()
    ok = False
    try:
        ok = _HASHER.verify(row[1] if row else _DUMMY_HASH, password) and row is not None
    except (VerificationError, InvalidHashError):
        ok = False
    with db.sessions.begin() as s:
        if ok:
            s.execute(delete(LoginFailure).where(LoginFailure.key == key))
        else:
            s.add(LoginFailure(key=key, at=now))
    if ok and row is not None and _HASHER.check_needs_rehash(row[1]):
        set_password(db, user_name, password, now=now)
    return row[0] if ok and row is not None else None


def open_session(db: Database, user: User, *, now: datetime, lifetime: timedelta) -> tuple[str, str]:
    """A new session: (cookie token, CSRF token)."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    with db.sessions.begin() as s:
        s.execute(delete(WebSession).where(WebSession.expires_at < now))
        s.add(WebSession(token_hash=sha256_hex(token), user_id=user.id, csrf_token=csrf, created_at=now,
                         expires_at=now + lifetime))
    return token, csrf


def session_identity(db: Database, token: str | None, *, now: datetime) -> Identity | None:
    """The caller of a session cookie; read from `_SESSIONS` for a few seconds after a lookup.

    Every page view used to read the session row (a database round trip from a worker thread);
    the cache keeps the expiry, so a session still ends on time, and logout or a new password
    drop it at once in this process.
    """
    if not token:
        return None
    key = (db.url, sha256_hex(token))
    hit: tuple[Identity, datetime] | None = _SESSIONS.get(key)
    if hit is None:
        with db.session() as s:
            row = s.execute(select(WebSession, User).join(User, User.id == WebSession.user_id)
                            .where(WebSession.token_hash == key[1])).first()
            if row is None:
                return None
            hit = (_identity(row[1], row[0].csrf_token, "session"), row[0].expires_at)
        _SESSIONS.put(key, hit)
    return hit[0] if hit[1] > now else None


def known_session(db: Database, token: str | None, *, now: datetime) -> Identity | None:
    """The caller when the session is in the cache and still valid, without any I/O (so the event
    loop can answer it); None means: ask `session_identity`."""
    hit: tuple[Identity, datetime] | None = _SESSIONS.get((db.url, sha256_hex(token))) if token else None
    return hit[0] if hit is not None and hit[1] > now else None


def close_session(db: Database, token: str | None) -> None:
    if token:
        _SESSIONS.drop((db.url, sha256_hex(token)))
        with db.sessions.begin() as s:
            s.execute(delete(WebSession).where(WebSession.token_hash == sha256_hex(token)))


def _forget_sessions_of(db: Database, user_id: int) -> None:
    _SESSIONS.drop_where(lambda key, value: key[0] != db.url or value[0].user_id != user_id)


def create_api_token(db: Database, user_name: str, name: str, *, now: datetime) -> str:
    """A new bearer token for `user_name`; the clear value is returned once and never stored."""
    if not name.strip():
        raise InputRefused("token.no_name")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with db.sessions.begin() as s:
        user = s.execute(select(User).where(User.name == user_name)).scalar_one_or_none()
        if user is None:
            raise NotFound("user.missing", name=user_name)
        s.add(ApiToken(user_id=user.id, name=name.strip()[:120], token_hash=sha256_hex(token), created_at=now))
    return token


@dataclass(frozen=True)
class TokenView:
    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None
    revoked: bool


def list_api_tokens(db: Database, user_id: int) -> list[TokenView]:
    with db.session() as s:
        rows = s.execute(select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id)).scalars()
        return [TokenView(t.id, t.name, t.created_at, t.last_used_at, t.revoked_at is not None) for t in rows]


def revoke_api_token(db: Database, user_id: int, token_id: int, *, now: datetime) -> None:
    with db.sessions.begin() as s:
        row = s.get(ApiToken, token_id)
        if row is None or row.user_id != user_id:
            raise NotFound("token.missing", token_id=token_id)
        row.revoked_at = row.revoked_at or now


def token_identity(db: Database, token: str, *, now: datetime) -> Identity | None:
    with db.sessions.begin() as s:
        row = s.execute(select(ApiToken, User).join(User, User.id == ApiToken.user_id)
                        .where(ApiToken.token_hash == sha256_hex(token))).first()
        if row is None or row[0].revoked_at is not None:
            return None
        row[0].last_used_at = now
        return _identity(row[1], None, "token")
