"""Translations of the desk: French by default, English on request; the catalogs are JSON data files.

The interface is translated here. The services' refusals carry a key and their values, and are
written in the reader's language by `proofline.messages` (`exc.message(lang)`): the page's
language on the desk, `api_language` under /api. Draft, source and LLM text is shown as written.
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


def api_language(request: Request) -> str:
    """The language of /api messages: English, unless `Accept-Language` prefers French.

    Scripts and CI send no cookie and expect the CLI's English; a client that asks for French
    (e.g. `Accept-Language: fr-FR,fr;q=0.9,en;q=0.8`) gets it. Among the languages we speak, the
    highest q wins; a tie goes to the one listed first.
    """
    best, best_q = "en", 0.0
    for part in request.headers.get("accept-language", "").split(","):
        tag, _, params = part.strip().partition(";")
        lang = tag.strip().lower().split("-")[0]
        if lang not in LANGS:
            continue
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > best_q:
            best, best_q = lang, q
    return best


class Translator:
    """`t("key", n=3)`: the catalog's string, formatted; an unknown key shows as itself (and fails a test)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGS else DEFAULT
        self._messages = catalog(self.lang)

    def __call__(self, key: str, **values: object) -> str:
        text = self._messages.get(key, catalog(DEFAULT).get(key, key))
        return text.format(**values) if values else text
