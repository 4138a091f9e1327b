"""French by default, English on request: the switch changes what the user reads, and it sticks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

Page = Any


def test_french_by_default_english_on_request(page: Page, login: Callable[[Page, str], None],
                                              screenshot: Callable[[Page, str], Path]) -> None:
    page.goto("/login")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_label("Identifiant").is_visible()
    assert page.get_by_role("button", name="Se connecter").is_visible()
    screenshot(page, "language-01-login-fr")

    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.get_by_label("User name").is_visible()
    assert page.get_by_role("button", name="Log in").is_visible()
    assert page.get_by_role("button", name="Se connecter").count() == 0
    screenshot(page, "language-02-login-en")

    login(page, "writer")  # the choice survives the login
    assert page.locator("html").get_attribute("lang") == "en"
    nav = page.get_by_role("navigation")
    assert nav.get_by_role("link", name="Dashboard").is_visible()
    assert nav.get_by_role("link", name="Assets").is_visible()
    assert nav.get_by_role("link", name="Tableau de bord").count() == 0
    screenshot(page, "language-03-dashboard-en")

    page.get_by_role("link", name="Français").click()  # back to French, logged in
    nav = page.get_by_role("navigation")
    expect(nav.get_by_role("link", name="Tableau de bord")).to_be_visible()
    assert nav.get_by_role("link", name="Dashboard").count() == 0
    screenshot(page, "language-04-dashboard-fr-again")


def test_html_lang_follows_a_switch_while_logged_in(page: Page, login: Callable[[Page, str], None]) -> None:
    """Screen readers pick their voice from <html lang>: it must follow the visible language."""
    login(page, "writer")
    assert page.locator("html").get_attribute("lang") == "fr"
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("navigation").get_by_role("link", name="Dashboard")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en", timeout=3000)
