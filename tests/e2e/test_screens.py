"""Usable at desk width (1280 px) and on a phone (390 px): the page body never scrolls sideways.

Wide content (tables, long drafts) must wrap or scroll inside its own box; a body wider than the
screen is what makes a page unusable on a phone. Screenshots of each page at each width are
saved to test-artifacts/e2e/.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Page = Any
OVERFLOW = "document.documentElement.scrollWidth <= window.innerWidth + 1"


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)], ids=["desk-1280", "phone-390"])
def test_asset_page_fits_the_screen(width: int, height: int, new_page: Callable[..., Page],
                                    login: Callable[[Page, str], None], sample_asset: int,
                                    screenshot: Callable[[Page, str], Path]) -> None:
    page = new_page(width=width, height=height)
    login(page, "writer")
    for path, name in ((f"/assets/{sample_asset}", "asset"), ("/", "dashboard"), ("/assets", "asset-list")):
        page.goto(path)
        page.locator("main h1").first.wait_for(state="visible")
        screenshot(page, f"screen-{width}-{name}")
        sizes = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert page.evaluate(OVERFLOW), f"{path} at {width} px: body is {sizes[0]} px wide for {sizes[1]} px"
    # the claims and their actions are on the page, whatever the width
    page.goto(f"/assets/{sample_asset}")
    assert page.locator("#draft mark.claim").count() >= 3
    first_card = page.locator("article.claim-card.blocks").first
    first_card.scroll_into_view_if_needed()
    assert first_card.is_visible()
    assert first_card.get_by_role("button", name="Retirer l'affirmation").is_visible()


# Every other page of the desk, each seen by the role that works on it.
PAGES_BY_ROLE = {
    "writer": [("/assets/new", "asset-new"), ("/compose", "compose"), ("/account", "account")],
    "expert": [("/expert", "expert-queue"), ("/sources", "sources"), ("/sources/{source}", "source")],
    "admin": [("/kit", "kit"), ("/admin/users", "users")],
    "approver": [("/assets/{asset}/history", "history")],
}


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)], ids=["desk-1280", "phone-390"])
def test_every_page_fits_the_screen(width: int, height: int, new_page: Callable[..., Page],
                                    login: Callable[[Page, str], None], sample_asset: int,
                                    screenshot: Callable[[Page, str], Path]) -> None:
    source = sorted((Path(__file__).resolve().parents[2] / "examples" / "sample-workspace" / "sources").glob("*.md"))[0]
    for role, pages in PAGES_BY_ROLE.items():
        page = new_page(width=width, height=height)
        login(page, role)
        for path, name in pages:
            url = path.format(asset=sample_asset, source=source.stem)
            page.goto(url)
            page.locator("main h1").first.wait_for(state="visible")
            screenshot(page, f"screen-{width}-{name}")
            sizes = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert page.evaluate(OVERFLOW), f"{url} as {role} at {width} px: body is {sizes[0]} px for {sizes[1]} px"
        page.context.close()


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)], ids=["desk-1280", "phone-390"])
def test_a_compose_run_page_fits_the_screen(width: int, height: int, new_page: Callable[..., Page],
                                            login: Callable[[Page, str], None],
                                            screenshot: Callable[[Page, str], Path]) -> None:
    page = new_page(width=width, height=height)
    login(page, "writer")
    page.goto("/compose")
    page.locator("#compose-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/compose/runs/" in url)
    page.get_by_role("status").first.wait_for(state="visible")
    page.locator("progress").first.wait_for(state="visible")
    screenshot(page, f"screen-{width}-compose-run")
    assert page.evaluate(OVERFLOW)
