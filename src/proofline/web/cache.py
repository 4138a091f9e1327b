"""In-process caches of the desk: page data keyed on the database's data version, and sessions.

Under load most page views read data nobody changed since the previous view (the dashboard's
KPIs, the asset list, a user's queue): recomputing them is what saturated the server. Page data
is kept while `Workflow.data_version()` (the audit chain's length, moved by every write of any
process) stays the same, so a write shows on the very next page view, whoever and wherever made
it. Sessions are kept a few seconds: logout and password changes drop them here at once, and a
session closed by another worker process stops working within `SessionCache.ttl`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class ViewCache:
    """Values computed from the database at one data version; a new version empties it."""

    def __init__(self, max_entries: int = 1024, wait_seconds: float = 10.0) -> None:
        self.max_entries, self.wait_seconds = max_entries, wait_seconds
        self._lock = threading.Lock()
        self._version: int | None = None
        self._entries: dict[Hashable, Any] = {}
        self._computing: dict[Hashable, threading.Event] = {}

    def get(self, version: int, key: Hashable, compute: Callable[[], T]) -> T:
        """The value of `key` at `version`, computed (after `version` was read) when missing.

        A value computed after reading `version` is at least that recent, so serving it to readers
        of the same version never shows them older data than the database had when they asked.
        """
        with self._lock:
            if version != self._version:
                self._version, self._entries, self._computing = version, {}, {}
            if key in self._entries:
                value: T = self._entries[key]
                return value
            # One thread computes a missing value; the others of the same version wait for it
            # instead of running the same queries at once (after each write, all users miss).
            gate = self._computing.get(key)
            owner = gate is None
            if gate is None:
                gate = self._computing[key] = threading.Event()
        if not owner:
            gate.wait(self.wait_seconds)
            with self._lock:
                if version == self._version and key in self._entries:
                    value = self._entries[key]
                    return value
        try:
            value = compute()
            with self._lock:
                if version == self._version and len(self._entries) < self.max_entries:
                    self._entries[key] = value
            return value
        finally:
            if owner:
                gate.set()
                with self._lock:
                    if self._computing.get(key) is gate:
                        del self._computing[key]

    def clear(self) -> None:
        with self._lock:
            self._version, self._entries, self._computing = None, {}, {}


class SessionCache:
    """Key (e.g. a session token's digest) → (value, monotonic deadline); bounded, short-lived."""

    def __init__(self, ttl: float = 5.0, max_entries: int = 4096) -> None:
        self.ttl, self.max_entries = ttl, max_entries
        self._lock = threading.Lock()
        self._entries: dict[Hashable, tuple[Any, float]] = {}

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            hit = self._entries.get(key)
            if hit is None:
                return None
            if hit[1] <= time.monotonic():
                del self._entries[key]
                return None
            return hit[0]

    def put(self, key: Hashable, value: Any) -> None:
        if self.ttl <= 0:
            return
        with self._lock:
            if len(self._entries) >= self.max_entries:
                now = time.monotonic()
                self._entries = {k: v for k, v in self._entries.items() if v[1] > now}
                if len(self._entries) >= self.max_entries:
                    self._entries.clear()
            self._entries[key] = (value, time.monotonic() + self.ttl)

    def drop(self, key: Hashable) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def drop_where(self, keep: Callable[[Any, Any], bool]) -> None:
        """Drop every entry for which `keep(key, value)` is false (e.g. all sessions of one user)."""
        with self._lock:
            self._entries = {k: v for k, v in self._entries.items() if keep(k, v[0])}
