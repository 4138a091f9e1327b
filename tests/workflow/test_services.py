"""The service layer on both backends: states, gates, four-eyes, resolutions, audit chain, KPIs."""

from __future__ import annotations

from pathlib import Path

import pytest
from dbfixture import Clock
from sqlalchemy import delete, select, update

from proofline.store.models import AuditEntry
from proofline.workflow import audit, kpi
from proofline.workflow.errors import (
    BlockingClaimsError,
    ConflictError,
    InputRefused,
    InvalidTransition,
    PermissionDenied,
    ResolutionRefused,
    SelfApprovalError,
)
from proofline.workflow.services import Workflow, cut_span

CLEAN = "Sentinair suit vos compresseurs d'air comprimé.\n"


def draft(root: Path) -> str:
    return (root / "cases" / "linkedin-fr-etude.md").read_text("utf-8")


def blocking_ids(wf: Workflow, asset_id: int) -> dict[str, int]:
    view = wf.current_check(asset_id)
    assert view is not None
    return {c.verdict: c.id for c in view.blocking}


def test_gates_four_eyes_and_resolutions(wf: Workflow, workspace_copy: Path) -> None:
    a = wf.create_asset("wendy", title="Étude", kind="linkedin", text=draft(workspace_copy))
    assert a.state == "draft" and a.version == 1
    ids = blocking_ids(wf, a.id)
    assert set(ids) == {"contradicted", "expired", "forbidden", "insufficient_proof"}

    with pytest.raises(InvalidTransition, match="is a draft, so it cannot be approved now"):
        wf.approve("alex", a.id)
    wf.submit("wendy", a.id)
    with pytest.raises(PermissionDenied, match="needs the approver role"):
        wf.approve("wendy", a.id)
    with pytest.raises(BlockingClaimsError, match="5 item") as refused:  # 4 claims and the banned word
        wf.approve("alex", a.id)
    assert "rule banned, line" in str(refused.value) and "«révolutionnaire»" in str(refused.value)
    assert wf.asset(a.id).state == "in_review"  # a refused approval changes nothing

    with pytest.raises(ResolutionRefused, match="forbids this claim"):
        wf.validate_claim("eve", ids["forbidden"], reason="trust me")
    with pytest.raises(PermissionDenied, match="Only experts"):
        wf.validate_claim("alex", ids["expired"], reason="ok")
    with pytest.raises(ResolutionRefused, match="does not back"):
        wf.resolve_cite("wendy", ids["expired"], "tarifs-2026")
    with pytest.raises(ResolutionRefused, match="no source 'nope'"):
        wf.resolve_cite("wendy", ids["expired"], "nope")

    with pytest.raises(ResolutionRefused, match="--override"):  # a valid study says otherwise
        wf.validate_claim("eve", ids["contradicted"], reason="Measured on 2026 alerts")
    wf.validate_claim("eve", ids["expired"], reason="Re-measured in 2026", override=True)
    wf.validate_claim("eve", ids["contradicted"], reason="Measured on 2026 alerts", override=True)
    assert set(blocking_ids(wf, a.id)) == {"contradicted", "expired", "forbidden", "insufficient_proof"}
    with pytest.raises(PermissionDenied, match="admin or approver role"):
        wf.confirm_claim("wendy", ids["expired"])
    wf.confirm_claim("alex", ids["expired"])
    wf.confirm_claim("ada", ids["contradicted"])
    wf.resolve_remove("wendy", ids["forbidden"])
    wf.resolve_remove("wendy", blocking_ids(wf, a.id)["insufficient_proof"])
    assert wf.asset(a.id).state == "in_review" and wf.asset(a.id).version == 3
    assert blocking_ids(wf, a.id) == {} and wf.gate(a.id) == []  # the banned word went with the forbidden claim

    # walt (writer + approver) edits: now an author, he cannot approve; alex can
    text = wf.text(a.id) + "\nÀ bientôt.\n"
    wf.edit("walt", a.id, text, base_version=3)
    with pytest.raises(SelfApprovalError, match="four-eyes"):
        wf.approve("walt", a.id)
    approved = wf.approve("alex", a.id)
    assert approved.state == "approved"

    # editing an approved asset makes a new version that needs approval again
    reopened = wf.edit("wendy", a.id, text + "Merci.\n", base_version=wf.asset(a.id).version)
    assert reopened.state == "in_review" and reopened.version == 5
    with pytest.raises(InvalidTransition, match="in review, so it cannot be published"):
        wf.publish("wendy", a.id)
    wf.approve("alex", a.id)
    with pytest.raises(SelfApprovalError, match="cannot publish it"):  # four-eyes to the end
        wf.publish("wendy", a.id)
    pub = wf.publish("alex", a.id)
    assert pub.version == 5 and pub.proof["approved_by"] == "alex"
    overrides = [c["override"] for c in pub.proof["claims"] if "override" in c]
    assert {o["confirmed_by"] for o in overrides} == {"alex", "ada"} and {o["expert"] for o in overrides} == {"eve"}
    with pytest.raises(InvalidTransition, match="asset correct"):
        wf.edit("wendy", a.id, "Autre texte.\n", base_version=wf.asset(a.id).version)

    with wf.db.session() as s:
        assert audit.verify(s).ok


def test_stale_edit_is_refused_and_nothing_is_lost(wf: Workflow) -> None:
    a = wf.create_asset("wendy", title="Mail", kind="email", text=CLEAN)
    wf.edit("wendy", a.id, CLEAN + "Première modification.\n", base_version=1)
    with pytest.raises(ConflictError, match="changed since you opened it"):
        wf.edit("walt", a.id, CLEAN + "Modification concurrente.\n", base_version=1)
    with pytest.raises(ConflictError, match="changed since you opened it"):
        wf.submit("wendy", a.id, expected_revision=a.revision)
    assert "Première modification." in wf.text(a.id)
    with pytest.raises(InputRefused, match="same as version 2"):
        wf.edit("wendy", a.id, wf.text(a.id), base_version=wf.asset(a.id).version)


def test_review_cycles_and_kpis(wf: Workflow, clock: Clock) -> None:
    a = wf.create_asset("wendy", title="Post", kind="linkedin", text=CLEAN)
    b = wf.create_asset("wendy", title="Mail", kind="email", text=CLEAN)
    for cycle in range(2):
        wf.submit("wendy", a.id)
        clock.advance(hours=5)
        wf.request_changes("alex", a.id, reason=f"round {cycle}")
        wf.edit("wendy", a.id, CLEAN + "x" * (cycle + 1) + "\n", base_version=wf.asset(a.id).version)
    wf.submit("wendy", a.id)
    wf.approve("alex", a.id)
    clock.advance(hours=14)
    wf.publish("alex", a.id)
    wf.record_feedback("walt", a.id, accepted=False, reason="too long for prospects")
    wf.record_feedback("walt", a.id, accepted=True)
    with pytest.raises(InputRefused):
        wf.record_feedback("walt", a.id, accepted=False)
    with pytest.raises(InvalidTransition, match="feedback is for published assets"):
        wf.record_feedback("walt", b.id, accepted=True)
    assert wf.asset(a.id).review_cycles == 2

    with wf.db.session() as s:
        data = kpi.compute(s)
    linkedin = data["time_to_publish"]["per_channel"]["linkedin"]
    assert linkedin["count"] == 1 and linkedin["median_hours"] == 24.0
    assert linkedin["distribution"]["1-3 days"] == 1
    assert data["review_cycles"]["per_asset"] == {str(a.id): 2, str(b.id): 0}
    assert data["sales_acceptance"] == {"accepted": 1, "rejected": 1, "acceptance_rate": 0.5,
                                        "rejection_reasons": {"too long for prospects": 1}}
    assert "Time to publish" in kpi.render_text(data)


def test_audit_verify_names_edited_and_deleted_rows(wf: Workflow) -> None:
    wf.create_asset("wendy", title="Mail", kind="email", text=CLEAN)
    with wf.db.session() as s:
        total = audit.verify(s).entries
        assert total >= 7
    with wf.db.sessions.begin() as s:
        s.execute(update(AuditEntry).where(AuditEntry.seq == 3).values(actor="mallory"))
    with wf.db.session() as s:
        assert audit.verify(s).problems == ["audit row 3 was altered after it was written (hash mismatch)"]
    with wf.db.sessions.begin() as s:
        s.execute(delete(AuditEntry).where(AuditEntry.seq == 3))
    with wf.db.session() as s:
        assert "audit row 3 is missing (deleted)" in audit.verify(s).problems
    with wf.db.sessions.begin() as s:
        last = s.execute(select(AuditEntry.seq).order_by(AuditEntry.seq.desc())).scalars().first()
        s.execute(delete(AuditEntry).where(AuditEntry.seq == last))
    with wf.db.session() as s:
        assert any(f"audit row {last} is missing" in p for p in audit.verify(s).problems)


def test_first_user_must_be_admin_and_roles_are_checked(database_url: str, workspace_copy: Path,
                                                        clock: Clock) -> None:
    from proofline.store.db import open_database

    flow = Workflow(open_database(workspace_copy, url=database_url), workspace_copy, clock=clock)
    with pytest.raises(PermissionDenied, match="first user must be an admin"):
        flow.add_user(None, "wendy", ["writer"])
    with pytest.raises(InputRefused, match="Unknown role"):
        flow.add_user(None, "ada", ["boss"])
    flow.add_user(None, "ada", ["admin"])
    with pytest.raises(InputRefused, match="already a user"):
        flow.add_user("ada", "ada", ["writer"])
    flow.db.dispose()


def test_cut_span_leaves_tidy_text() -> None:
    text = "Premier point. Deuxième point exagéré. Troisième point.\n"
    start = text.index("Deuxième")
    assert cut_span(text, start, start + len("Deuxième point exagéré")) == "Premier point. Troisième point.\n"
