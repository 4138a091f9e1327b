"""Randomised re-check / edit / resolve sequences (seeded): the ids refusals name always resolve, claim ids
never move while a claim's text stays, and no resolution is lost while its claim is there.

Each sequence is one random step on one of a few assets (re-check, edit: drop, add, reword or pad a
sentence, or resolve a blocking claim: an expert validates it or the writer removes it), then an approval
attempt. Every refusal's claim ids must be claims `claim resolve/validate` accept, in the latest version,
each with the quote the refusal gave; after every step, every claim whose text was validated before
does not block, and every claim keeps the id its text had. 1,000 sequences on SQLite, 150 on PostgreSQL
(the same code; the count only bounds the time: ~50 s on SQLite on an idle 2-core machine;
PROOFLINE_SEQUENCES=N runs N on SQLite while working).
"""

from __future__ import annotations

import os
import random
import re

import pytest

from proofline.workflow.errors import GateRefused, InputRefused, ResolutionRefused
from proofline.workflow.services import Workflow, claim_key

TEMPLATES = ("Notre équipe support compte {n} ingénieurs à Grenoble.",
             "Sentinair a remporté le prix Innovation Industrie {y}.",
             "Nos capteurs fonctionnent jusqu’à {t} °C.",
             "Nous avons ouvert {n} agences en Belgique.")
FILLER = "Sentinair suit vos compresseurs d'air comprimé."
SEQUENCES = {"sqlite": int(os.environ.get("PROOFLINE_SEQUENCES", "1000")), "postgresql": 150}
ASSETS = 6


def sentence(rng: random.Random) -> str:
    return rng.choice(TEMPLATES).format(n=rng.randint(13, 9000), y=rng.randint(1990, 2024), t=rng.randint(60, 140))


def edited(rng: random.Random, text: str) -> str:
    parts = [p for p in text.strip().split("\n\n") if p]
    move = rng.choice(("drop", "add", "reword", "pad"))
    if move == "drop" and len(parts) > 2:
        parts.pop(rng.randrange(len(parts)))
    elif move == "reword":
        i = rng.randrange(len(parts))
        parts[i] = parts[i].replace("Grenoble", "Grenoble et Lyon").replace("Belgique", "Belgique et en Suisse") \
            .replace("Industrie", "Industrie 4.0").replace("°C", "°C en continu")
    elif move == "pad":
        parts.append(FILLER if FILLER not in parts else "Merci de votre attention.")
    else:
        parts.append(sentence(rng))
    return "\n\n".join(parts) + "\n"


@pytest.mark.parametrize("seed", [11])
def test_random_sequences_keep_ids_and_resolutions(wf: Workflow, database_url: str, seed: int) -> None:
    backend = "postgresql" if database_url.startswith("postgresql") else "sqlite"
    rng = random.Random(seed)
    assets = []
    for _ in range(ASSETS):
        text = "\n\n".join([sentence(rng), sentence(rng), FILLER]) + "\n"
        a = wf.create_asset("wendy", title="Random", kind="article", text=text)
        wf.submit("wendy", a.id)
        assets.append(a.id)
    ids_of: dict[int, dict[str, int]] = {a: {} for a in assets}  # asset -> claim key -> the id it had
    validated: set[str] = set()
    figures = {"sequences": 0, "refusals": 0, "ids_named": 0, "ids_resolved": 0, "validations": 0, "overrides": 0,
               "removals": 0, "edits": 0, "rechecks": 0, "approvals": 0, "kept_resolutions": 0, "kept_ids": 0}

    def observe(asset_id: int) -> None:
        view = wf.current_check(asset_id)
        assert view is not None
        for c in view.claims:
            seen = ids_of[asset_id].setdefault(c.key, c.id)
            assert c.id == seen, (c.text, c.id, seen)  # an id never moves while the text stays
            figures["kept_ids"] += 1
            if c.key in validated:
                assert not c.still_blocks, c.text  # no resolution lost
                figures["kept_resolutions"] += 1

    for _ in range(SEQUENCES[backend]):
        asset_id = rng.choice(assets)
        state = wf.asset(asset_id).state
        step = rng.choice(("recheck", "edit", "resolve")) if state != "approved" else "edit"
        view = wf.current_check(asset_id)
        assert view is not None
        if step == "recheck":
            wf.check("wendy", asset_id)
            figures["rechecks"] += 1
        elif step == "edit" or not view.blocking:
            try:
                wf.edit("wendy", asset_id, edited(rng, wf.text(asset_id)), base_version=wf.asset(asset_id).version)
                figures["edits"] += 1
            except InputRefused:
                pass  # the same text again: nothing to save
        else:
            claim = rng.choice(view.blocking)
            if claim.verdict == "unsupported":
                wf.validate_claim("eve", claim.id, reason="Checked against the HR register")
                validated.add(claim_key(claim.text))
                figures["validations"] += 1
            elif claim.verdict == "contradicted" and claim.note is None and rng.random() < 0.3:
                wf.validate_claim("eve", claim.id, reason="Re-measured", override=True)
                wf.confirm_claim("alex", claim.id)
                validated.add(claim_key(claim.text))
                figures["overrides"] += 1
            else:
                try:
                    wf.resolve_remove("wendy", claim.id)
                    figures["removals"] += 1
                except (InputRefused, ResolutionRefused):
                    pass  # a claim that is the whole text cannot be cut out
        observe(asset_id)
        if wf.asset(asset_id).state == "in_review":
            try:
                wf.approve("alex", asset_id)
                figures["approvals"] += 1
            except GateRefused as refused:
                figures["refusals"] += 1
                named = [int(n) for n in re.findall(r"claim #(\d+) «", str(refused))]
                assert named == [b.claim_id for b in refused.blockers if b.claim_id is not None]
                current = {c.id: c for c in wf.current_check(asset_id).claims}  # type: ignore[union-attr]
                for claim_id, blocker in zip(named, [b for b in refused.blockers if b.claim_id], strict=True):
                    figures["ids_named"] += 1
                    _asset, claim = wf.claim(claim_id)  # what `claim resolve/validate ID` look up
                    assert claim.id == claim_id and claim_id in current and current[claim_id].still_blocks
                    assert blocker.quote.rstrip("…") in " ".join(claim.text.split())
                    figures["ids_resolved"] += 1
        figures["sequences"] += 1
    print(f"\nrandom sequences ({backend}, seed {seed}): {figures}")
    assert figures["sequences"] == SEQUENCES[backend]
    assert figures["ids_named"] == figures["ids_resolved"] > 0
    assert figures["refusals"] > 0 and figures["validations"] > 0 and figures["removals"] > 0
    assert figures["kept_resolutions"] > 0
