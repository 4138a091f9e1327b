"""The review desk: a FastAPI app with server-rendered pages (Jinja2 + htmx) and a JSON API under /api.

Both call `proofline.workflow.services.Workflow` and add no rules of their own; this package only
adds what a browser needs: logins, sessions, CSRF tokens, API tokens, translations, and safe HTML.
`create_app` is imported lazily so `proofline --help` never loads FastAPI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from proofline.web.app import create_app
    from proofline.web.settings import WebSettings

__all__ = ["WebSettings", "create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from proofline.web import app

        return app.create_app
    if name == "WebSettings":
        from proofline.web import settings

        return settings.WebSettings
    raise AttributeError(name)
