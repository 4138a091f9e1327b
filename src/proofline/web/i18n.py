"""Translations of the desk: French by default, English on request; the catalogs are JSON data files.

Only the interface is translated. Draft, source and LLM text is shown as written, and the
services' refusal messages (English) are shown as they are.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from fastapi import Request

LANGS = ("fr", "en")
DEFAULT = "fr"
COOKIE = "pl_lang"
_DIR = Path(__file__).resolve().parent / "locales"


@cache
def catalog(lang: str) -> dict[str, str]:
    data = json.loads((_DIR / f"{lang}.json").read_text("utf-8"))
    assert isinstance(data, dict)
    return {str(k): str(v) for k, v in data.items()}


def language(request: Request) -> str:
    """The cookie's language if it is one we speak, else French."""
    wanted = request.cookies.get(COOKIE, DEFAULT)
    return wanted if wanted in LANGS else DEFAULT


class Translator:
    """`t("key", n=3)`: the catalog's string, formatted; an unknown key shows as itself (and fails a test)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGS else DEFAULT
        self._messages = catalog(self.lang)

    def __call__(self, key: str, **values: object) -> str:
        text = self._messages.get(key, catalog(DEFAULT).get(key, key))
        return text.format(**values) if values else text
