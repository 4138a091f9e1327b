"""The whole journey in a real browser: compose, edit, ask an expert, submit, validate, approve, publish.

Each role uses its own browser context (its own session cookie), as four people on four
machines would. Every step asserts what the person sees (the confirmation, the highlighted
claim, the buttons offered) and saves a screenshot to test-artifacts/e2e/.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

Page = Any
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"

# Not in any source of the sample workspace: a blocking claim only an expert can vouch for.
BLOCKING = "Nos clients réduisent de 35 % leurs coûts de formation des techniciens."


def see(page: Page, message: str) -> None:
    """The confirmation banner (role=status) shows `message`."""
    banner = page.get_by_role("status").filter(has_text=message)
    banner.wait_for(state="visible")


def test_compose_resolve_approve_publish(new_page: Callable[..., Page], login: Callable[[Page, str], None],
                                         screenshot: Callable[[Page, str], Path]) -> None:
    until = (max(date.today(), date(2026, 11, 22)) + timedelta(days=200)).isoformat()

    # --- the writer composes a LinkedIn post from a validated source
    writer = new_page()
    login(writer, "writer")
    writer.get_by_role("link", name="Rédiger").click()
    writer.locator("#c-source").select_option("etude-terrain-2025")
    for box in writer.locator("input[name=channels]").all():
        box.set_checked(box.get_attribute("value") == "linkedin")
    writer.locator("#compose-form button[type=submit]").click()
    # the run's page follows it live (htmx polling), then links the asset that landed
    writer.wait_for_url(re.compile(r"/compose/runs/\d+$"))
    see(writer, "1 / 1 contenus prêts")
    assert "terminée" in writer.locator("#run-status").inner_text()
    assert writer.locator("#run-bar").get_attribute("value") == "1"
    landed = writer.locator("#run-items a[href^='/assets/']")
    landed.first.wait_for(state="visible")
    screenshot(writer, "journey-01-writer-composed")
    landed.first.click()
    writer.wait_for_url(re.compile(r"/assets/\d+$"))
    asset_id = int(re.search(r"/assets/(\d+)", writer.url).group(1))  # type: ignore[union-attr]
    assert writer.locator("h1").inner_text().startswith(f"#{asset_id} ")

    # --- she adds a sentence no source backs: the re-check highlights it as blocking
    writer.get_by_text("Modifier le texte").click()
    body = writer.locator("#edit-text")
    body.fill(body.input_value().rstrip("\n") + "\n\n" + BLOCKING + "\n")
    writer.get_by_role("button", name="Enregistrer et vérifier").click()
    see(writer, "Nouvelle version enregistrée et vérifiée.")
    mark = writer.locator("#draft mark.claim.blocks", has_text="35 %")
    mark.first.wait_for(state="visible")
    assert writer.locator("#draft mark.claim").count() >= 2  # the composed claims are highlighted too
    card = writer.locator("article.claim-card.blocks", has_text="35 %")
    assert "sans preuve" in card.inner_text()
    assert "bloque" in card.inner_text()
    screenshot(writer, "journey-02-writer-blocking-claim")

    # --- she asks an expert, then submits; she is offered no Approve button (four-eyes)
    card.get_by_placeholder("Note pour l'expert (facultatif)").fill("Chiffre du service formation, 2026.")
    card.get_by_role("button", name="Demander à un expert").click()
    see(writer, "Demande envoyée aux experts.")
    writer.get_by_role("button", name="Soumettre à relecture").click()
    see(writer, "Contenu soumis à relecture.")
    assert "en relecture" in writer.locator(".asset-head .meta").inner_text()
    assert writer.get_by_role("button", name="Approuver").count() == 0
    screenshot(writer, "journey-03-writer-submitted")

    # --- the expert finds the claim in the queue and validates it until a date
    expert = new_page()
    login(expert, "expert")
    expert.get_by_role("link", name="Validation experte").click()
    item = expert.locator("article.claim-card", has_text="35 %")
    item.wait_for(state="visible")
    assert f"#{asset_id}" in item.locator("h2").inner_text()
    item.get_by_label("Pourquoi c'est vrai (va dans le dossier de preuves)").fill(
        "Mesuré par le service formation sur 2026.")
    item.get_by_label("Valable jusqu'au (défaut : un an)").fill(until)
    screenshot(expert, "journey-04-expert-queue")
    item.get_by_role("button", name="Valider").click()
    see(expert, "Affirmation validée.")
    assert expert.locator("article.claim-card", has_text="35 %").count() == 0
    screenshot(expert, "journey-05-expert-validated")

    # --- the approver (not the author) sees the claim attested and approves
    approver = new_page()
    login(approver, "approver")
    approver.goto(f"/assets/{asset_id}")
    attested = approver.locator("article.claim-card", has_text="35 %")
    assert "attestée" in attested.inner_text()
    assert approver.locator("#draft mark.claim.blocks").count() == 0
    approver.get_by_role("button", name="Approuver").click()
    see(approver, "Contenu approuvé.")
    assert "approuvé" in approver.locator(".asset-head .meta").inner_text()
    screenshot(approver, "journey-06-approver-approved")

    # --- four-eyes to the end: the approver publishes (not the writer); the writer downloads the proof pack
    approver.get_by_role("button", name="Publier").click()
    see(approver, "Contenu publié : texte final et dossier de preuves prêts.")
    writer.goto(f"/assets/{asset_id}")
    screenshot(writer, "journey-07-writer-published")
    with writer.expect_download() as got:
        writer.get_by_role("link", name="Dossier de preuves (JSON)").click()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / got.value.suggested_filename
    got.value.save_as(target)
    proof = json.loads(target.read_text("utf-8"))
    assert proof["approved_by"] == "approver" and proof["published_by"] == "approver"
    validated = next(c for c in proof["claims"] if "35 %" in c["text"])
    assert validated["expert_validation"]["expert"] == "Eric Expert"
    assert validated["expert_validation"]["valid_until"] == until
    assert all(c["backed_by"] or "expert_validation" in c for c in proof["claims"])
    with writer.expect_download() as got_md:
        writer.get_by_role("link", name="Dossier de preuves", exact=True).click()
    md = Path(got_md.value.path()).read_text("utf-8")
    assert md.startswith("# Proof pack:") and "Eric Expert" in md

    # --- the history tells the story
    writer.get_by_role("link", name="Historique").click()
    history = writer.locator("#history").inner_text()
    for step in ("asset.create", "claim.expert_requested", "claim.validate", "asset.approve", "asset.publish"):
        assert step in history, step
    screenshot(writer, "journey-08-history")
