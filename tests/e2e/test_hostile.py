"""A hostile draft is shown as text: its markup never runs, never becomes elements."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

Page = Any

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
HOSTILE = f"""Sentinair surveille les compresseurs de vos sites.

{SCRIPT}

{IMG}

Nos clients réduisent de 35 % leurs coûts de formation des techniciens.
"""


def test_hostile_draft_is_inert_text(page: Page, login: Callable[[Page, str], None],
                                     make_asset: Callable[..., int],
                                     screenshot: Callable[[Page, str], Path]) -> None:
    login(page, "writer")
    asset_id = make_asset(page, 'Titre <b>gras</b> <img src=x onerror="window.__pwned=1">', HOSTILE)
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # time for an injected onerror to fire, were there one

    assert page.evaluate("typeof window.__pwned") == "undefined"
    draft = page.locator("#draft")
    shown = draft.inner_text()
    assert SCRIPT in shown and IMG in shown  # the user reads the markup as typed
    assert draft.locator("script, img").count() == 0
    assert page.locator("h1").inner_text().startswith(f"#{asset_id} Titre <b>gras</b>")
    assert page.locator("h1 b, h1 img").count() == 0
    screenshot(page, "hostile-01-asset-page")

    for path in (f"/assets/{asset_id}/history", "/assets", "/"):
        page.goto(path)
        page.wait_for_timeout(200)
        assert page.evaluate("typeof window.__pwned") == "undefined", path
    assert page.locator("img[src=x]").count() == 0
