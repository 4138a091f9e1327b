"""Browser fixtures: one real server in a subprocess and one headless Debian chromium per session.

The server runs as users run it (`proofline serve --demo` on a copy of the sample workspace, its
own SQLite file, a free loopback port), so the tests see what a user sees: real HTTP, real
cookies, real HTML and scripts. Chromium is Debian's (/usr/bin/chromium, installed by
.ci/ensure-chromium), never a browser Playwright downloads; without it every test here skips
with the reason.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from served import free_port, start_serve, stop

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts" / "e2e"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.is_file():
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (run .ci/ensure-chromium as root)")
    return CHROMIUM


@pytest.fixture(scope="session")
def workspace_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("e2e") / "ws"
    shutil.copytree(REPO / "examples" / "sample-workspace", root, ignore=shutil.ignore_patterns(".proofline"))
    return root


@pytest.fixture(scope="session")
def base_url(chromium_path: Path, workspace_copy: Path) -> Iterator[str]:
    """`proofline serve --demo` on the copied workspace, stopped at the end of the session."""
    port = free_port()
    proc = start_serve(workspace_copy, port, workspace_copy.parent / "server.log")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def browser(chromium_path: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(chromium_path), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


DEMO_PASSWORD = "{name}-demo-2026"  # `proofline serve --demo` (src/proofline/cli/serve.py)
Page = Any  # playwright.sync_api.Page; Any keeps Playwright out of the import of this module


@pytest.fixture
def new_page(browser: Any, base_url: str) -> Iterator[Callable[..., Page]]:
    """Open a page in a fresh context (its own cookies: one user each); all closed after the test."""
    contexts: list[Any] = []

    def make(width: int = 1280, height: int = 900, locale: str = "fr-FR") -> Page:
        context = browser.new_context(base_url=base_url, viewport={"width": width, "height": height},
                                      locale=locale, accept_downloads=True)
        context.set_default_timeout(20_000)
        contexts.append(context)
        return context.new_page()

    try:
        yield make
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    """A fresh page at 1280 px, French as the browser's language."""
    return new_page()


def log_in(page: Page, name: str) -> None:
    """Log in through the login form, as a person does (field ids, so it works in either language)."""
    page.goto("/login")
    page.locator("#username").fill(name)
    page.locator("#password").fill(DEMO_PASSWORD.format(name=name))
    page.locator("form[action='/login'] button[type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url)


@pytest.fixture(scope="session")
def login() -> Callable[[Page, str], None]:
    return log_in


def save_shot(page: Page, name: str) -> Path:
    """Save a full-page screenshot as a test artifact (test-artifacts/e2e/NAME.png) and return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / (re.sub(r"[^\w.-]+", "-", name) + ".png")
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture(scope="session")
def screenshot() -> Callable[[Page, str], Path]:
    return save_shot


def create_asset(page: Page, title: str, text: str, kind: str = "linkedin") -> int:
    """Paste a draft on the New asset page as the logged-in writer; returns the new asset's id."""
    page.goto("/assets/new")
    page.locator("#title").fill(title)
    page.locator("#kind").select_option(kind)
    page.locator("#text").fill(text)
    page.locator("form[action='/assets/new'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/assets/\d+"))
    found = re.search(r"/assets/(\d+)", page.url)
    assert found, page.url
    return int(found.group(1))


@pytest.fixture(scope="session")
def sample_asset(browser: Any, base_url: str) -> int:
    """One asset made by the writer from a bundled sample draft (many claims, some blocking, findings)."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900}, locale="fr-FR")
    context.set_default_timeout(20_000)
    try:
        pg = context.new_page()
        log_in(pg, "writer")
        text = (REPO / "examples" / "sample-workspace" / "cases" / "linkedin-fr-etude.md").read_text("utf-8")
        return create_asset(pg, "Étude terrain (échantillon)", text)
    finally:
        context.close()


@pytest.fixture(scope="session")
def make_asset() -> Callable[..., int]:
    return create_asset
