"""The audit trail of every action, entry by entry: what each mutation writes is a contract.

One journey calls every mutation of `Workflow` (users, assets, claims, sources, kit) on a fixed
clock, and the audit log it leaves is compared field by field with `data/audit_journey.json`
(recorded before the services were split into actions). A refactoring that changes what an
action audits, in what order, or with which values, fails here on both backends.

Regenerate the file only for an intended change: PROOFLINE_WRITE_AUDIT_GOLDEN=1 pytest this file.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from dbfixture import Clock
from sqlalchemy import select

from proofline.store.models import AuditEntry
from proofline.workflow import audit
from proofline.workflow.errors import WorkflowError
from proofline.workflow.services import VALIDATED_FILE, Workflow

GOLDEN = Path(__file__).parent / "data" / "audit_journey.json"
NEW_SOURCE = b"""\
---
id: ignored-the-form-says
---
Chiffres 2024 revalid\xc3\xa9s par la direction technique en octobre 2026.

- 214 d\xc3\xa9faillances ont \xc3\xa9t\xc3\xa9 \xc3\xa9vit\xc3\xa9es gr\xc3\xa2ce \xc3\xa0 une intervention planifi\xc3\xa9e apr\xc3\xa8s une alerte.
"""


def _blocking(wf: Workflow, asset_id: int) -> dict[str, int]:
    view = wf.current_check(asset_id)
    assert view is not None
    return {c.verdict: c.id for c in view.blocking}


def journey(wf: Workflow, root: Path, out: Path, clock: Clock) -> int:
    """Every mutation once at least, refusals included (they must write nothing); the published asset's id."""
    a = wf.create_asset("wendy", title="Étude", kind="linkedin",
                        text=(root / "cases" / "linkedin-fr-etude.md").read_text("utf-8"))
    ids = _blocking(wf, a.id)
    clock.advance(minutes=1)
    wf.request_expert("wendy", ids["insufficient_proof"], reason="Mesuré")
    wf.reject_claim("eve", ids["insufficient_proof"], reason="Pas de données")
    wf.request_expert("wendy", ids["insufficient_proof"], reason="Mesuré, données jointes")
    wf.validate_claim("eve", ids["insufficient_proof"], reason="Mesuré sur 2026", valid_until=date(2027, 6, 30))
    clock.advance(minutes=1)
    wf.validate_claim("eve", ids["contradicted"], reason="Délai mesuré sur 2026", override=True)
    with pytest.raises(WorkflowError):
        wf.confirm_claim("wendy", ids["contradicted"])
    wf.confirm_claim("ada", ids["contradicted"])
    clock.advance(minutes=1)
    wf.add_source("eve", "bilan.md", NEW_SOURCE, source_id="bilan-parc-2024-revalide",
                  title="Bilan 2024 du parc, revalidé", type="customer_data", validated_by="Laure Chabert",
                  validated_on=date(2026, 10, 1), valid_until=date(2027, 12, 31), lang="fr")
    wf.resolve_cite("wendy", ids["expired"], "bilan-parc-2024-revalide", reason="Chiffres revalidés")
    wf.resolve_remove("wendy", ids["forbidden"], reason="Trop fort")
    clock.advance(hours=1)
    wf.submit("wendy", a.id, reason="Prêt")
    with pytest.raises(WorkflowError):
        wf.approve("wendy", a.id)
    wf.request_changes("alex", a.id, reason="Une phrase de conclusion")
    wf.edit("wendy", a.id, wf.text(a.id) + "\nÀ bientôt.\n", base_version=wf.asset(a.id).version, note="conclusion")
    wf.submit("wendy", a.id)
    clock.advance(hours=2)
    wf.approve("alex", a.id, reason="OK")
    reopened = wf.edit("walt", a.id, wf.text(a.id) + "Merci.\n", base_version=wf.asset(a.id).version)
    assert reopened.state == "in_review"
    wf.approve("alex", a.id)
    with pytest.raises(WorkflowError):
        wf.publish("walt", a.id, out)
    wf.publish("alex", a.id, out)
    wf.record_feedback("walt", a.id, accepted=False, reason="Trop long")
    wf.record_feedback("walt", a.id, accepted=True)
    clock.advance(days=1)
    wf.correct("wendy", a.id, wf.text(a.id).replace("Merci.", "Merci beaucoup."), note="typo")
    wf.withdraw("alex", a.id, reason="Le prix a changé")

    b = wf.create_asset("wendy", title="Mail", kind="email", text="Sentinair suit vos compresseurs d'air comprimé.\n")
    wf.check("eve", b.id)
    wf.archive("wendy", b.id, reason="Plus utile")
    wf.add_user("ada", "sam", ["writer", "expert"], "Sam Both")
    assert wf.save_kit("ada", wf.kit_text() + "\n# edited\n") == []
    return a.id


def _entries(wf: Workflow) -> list[dict[str, Any]]:
    with wf.db.session() as s:
        assert audit.verify(s).ok
        return [{"seq": e.seq, "at": e.at, "actor": e.actor, "action": e.action, "entity": e.entity,
                 "entity_id": e.entity_id, "before": json.loads(e.before_json), "after": json.loads(e.after_json),
                 "reason": e.reason}
                for e in s.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars()]


def test_every_action_audits_what_it_always_did(wf: Workflow, workspace_copy: Path, clock: Clock,
                                                tmp_path: Path) -> None:
    published = journey(wf, workspace_copy, tmp_path / "published", clock)
    entries = _entries(wf)
    outside = {"proof_pack": wf.publication(published)[1],
               "attestations_file": (workspace_copy / VALIDATED_FILE).read_text("utf-8")}
    if os.environ.get("PROOFLINE_WRITE_AUDIT_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps({"audit": entries, **outside}, ensure_ascii=False, indent=1) + "\n", "utf-8")
        pytest.skip(f"wrote {GOLDEN}")
    golden = json.loads(GOLDEN.read_text("utf-8"))
    expected = golden.pop("audit")
    assert outside == golden  # what the actions write beside the log: the proof pack, the attestations file
    assert [e["action"] for e in entries] == [e["action"] for e in expected]
    for got, want in zip(entries, expected, strict=True):
        assert got == want, got["seq"]
    assert {e["action"] for e in entries} >= {
        "user.add", "asset.create", "asset.check", "asset.edit", "asset.submit", "asset.request_changes",
        "asset.approve", "asset.publish", "asset.feedback", "asset.correct", "asset.withdraw", "asset.archive",
        "claim.expert_requested", "claim.expert_rejected", "claim.validate", "claim.override",
        "claim.override_confirmed", "claim.cite", "claim.removed", "source.add", "kit.save"}
