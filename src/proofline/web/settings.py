"""The desk's settings, in a module of their own so that the app, its dependencies and the routes
can all import them without importing one another."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class WebSettings:
    """Knobs of the desk; the defaults suit `proofline serve` on 127.0.0.1."""

    session_lifetime: timedelta = timedelta(hours=12)
    login_max_failures: int = 5
    login_window: timedelta = timedelta(minutes=15)
    secure_cookies: bool = False  # True behind HTTPS
    clock: Callable[[], datetime] = field(default=_utcnow)
    publish_dir: str = "published"  # under the workspace, like `proofline asset publish`
    # Threads that run the (synchronous) page handlers at once. Python runs one of them at a time,
    # so dozens of them only take turns on a page's queries while holding its database lock;
    # a few keep each page short. Measured with bench/bench_web.py.
    threads: int = 4
