"""Keyboard only: Tab reaches the login fields and the button, Enter logs in, focus is always visible."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

Page = Any

FOCUS_VISIBLE = """() => {
  const el = document.activeElement;
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
  const shadow = s.boxShadow && s.boxShadow !== "none";
  return outline || shadow;
}"""


def focused(page: Page) -> dict[str, str]:
    return page.evaluate("() => { const el = document.activeElement; return {tag: el.tagName, id: el.id, "
                         "type: el.getAttribute('type') || '', text: el.innerText || ''}; }")


def tab_to(page: Page, wanted: Callable[[dict[str, str]], bool], limit: int = 15) -> dict[str, str]:
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if wanted(now):
            return now
    raise AssertionError(f"Tab never reached the element; stopped on {focused(page)}")


def test_login_with_the_keyboard_only(page: Page, screenshot: Callable[[Page, str], Path]) -> None:
    page.goto("/login")
    page.evaluate("() => document.activeElement && document.activeElement.blur()")

    tab_to(page, lambda el: el["id"] == "username")
    assert page.evaluate(FOCUS_VISIBLE), "the focused user-name field shows no outline or shadow"
    screenshot(page, "keyboard-01-username-focused")
    page.keyboard.type("writer")

    page.keyboard.press("Tab")
    assert focused(page)["id"] == "password"
    assert page.evaluate(FOCUS_VISIBLE), "the focused password field shows no outline or shadow"
    page.keyboard.type("writer-demo-2026")

    page.keyboard.press("Tab")
    button = focused(page)
    assert button["tag"] == "BUTTON" and button["type"] == "submit" and "Se connecter" in button["text"]
    assert page.evaluate(FOCUS_VISIBLE), "the focused login button shows no outline or shadow"
    screenshot(page, "keyboard-02-button-focused")

    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login" not in url)
    assert page.get_by_role("navigation").get_by_role("link", name="Tableau de bord").is_visible()
    assert page.get_by_role("button", name="Se déconnecter").is_visible()

    # once in, the skip link is the first stop and the main navigation is reachable by Tab
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Tab")
    assert focused(page)["text"].strip() == "Aller au contenu"
    assert page.evaluate(FOCUS_VISIBLE), "the focused skip link shows no outline or shadow"
    link = tab_to(page, lambda el: el["tag"] == "A" and el["text"].strip() == "Contenus")
    assert link["text"].strip() == "Contenus"
    assert page.evaluate(FOCUS_VISIBLE), "the focused navigation link shows no outline or shadow"
    screenshot(page, "keyboard-03-nav-focused")
