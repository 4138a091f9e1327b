"""Issue 11, the governance half, on SQLite and PostgreSQL: one gate on every path, channels, stable
claim ids, four-eyes to the end, governed overrides, attestations CI sees, an import through the gate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dbfixture import Clock
from sqlalchemy import select

from proofline import load_workspace
from proofline.store.db import open_database
from proofline.store.models import Claim
from proofline.workflow import audit
from proofline.workflow.errors import (
    GateRefused,
    InputRefused,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ResolutionRefused,
    SelfApprovalError,
)
from proofline.workflow.services import VALIDATED_FILE, Workflow
from proofline.workspace.model import WorkspaceError

CLEAN = "Sentinair suit vos compresseurs d'air comprimé.\n"
BANNED = "Notre plateforme révolutionnaire suit vos compresseurs d'air comprimé.\n"
TU = "Sentinair suit tes compresseurs d'air comprimé.\n"
HASHTAGS = CLEAN + "\n#Sentinair #Compresseurs #Maintenance #Industrie #Air #Energie\n"
UNSUPPORTED = ("Notre équipe support compte 12 ingénieurs à Grenoble.\n\n"
               "Sentinair a remporté le prix Innovation Industrie 2025.\n")
CONTRADICTED = "Sentinair réduit de 35 % les arrêts non planifiés.\n"


def approved(wf: Workflow, text: str, kind: str = "linkedin") -> int:
    a = wf.create_asset("wendy", title="Post", kind=kind, text=text)
    wf.submit("wendy", a.id)
    wf.approve("alex", a.id)
    return a.id


def set_gate(root: Path, severity: str) -> None:
    kit = root / "kit.yaml"
    kit.write_text(kit.read_text("utf-8") + f"\ngate:\n  block_findings: {severity}\n", "utf-8")


# --------------------------------------------------------------------------- 1. one gate, every path


def test_a_banned_word_blocks_approval_and_names_the_rule_and_quote(wf: Workflow) -> None:
    a = wf.create_asset("wendy", title="Post", kind="linkedin", text=BANNED)
    wf.submit("wendy", a.id)
    with pytest.raises(GateRefused) as refused:
        wf.approve("alex", a.id)
    assert "rule banned, line 1: «révolutionnaire» (error)" in str(refused.value)
    assert "règle banned, ligne 1" in refused.value.message("fr")
    assert [b.anchor for b in refused.value.blockers] == ["finding-0"]
    assert wf.asset(a.id).state == "in_review"
    wf.edit("wendy", a.id, CLEAN, base_version=wf.asset(a.id).version)
    assert wf.approve("alex", a.id).state == "approved"


def test_the_kit_decides_the_blocking_severity(wf: Workflow, workspace_copy: Path) -> None:
    a = wf.create_asset("wendy", title="Post", kind="article", text=TU)
    assert wf.gate(a.id) == []  # "tu" is a warning: it does not block by default
    set_gate(workspace_copy, "warning")
    wf.workspace(reload=True)
    wf.submit("wendy", a.id)
    with pytest.raises(GateRefused, match=r"rule voice.address, line 1: «tes» \(warning\)"):
        wf.approve("alex", a.id)


def test_a_bad_gate_key_is_a_workspace_error_with_file_and_line(workspace_copy: Path) -> None:
    set_gate(workspace_copy, "fatal")
    with pytest.raises(WorkspaceError) as bad:
        load_workspace(workspace_copy)
    problem = bad.value.problems[0]
    assert problem.file == "kit.yaml" and problem.key == "gate.block_findings" and problem.line
    assert "'error', 'warning' or 'suggestion'" in problem.message


def test_publication_runs_the_gate_again(wf: Workflow, workspace_copy: Path) -> None:
    aid = approved(wf, TU)
    set_gate(workspace_copy, "warning")  # the rules changed after the approval
    wf.workspace(reload=True)
    with pytest.raises(GateRefused, match="cannot be published"):
        wf.publish("ada", aid)
    assert wf.asset(aid).state == "approved"


# --------------------------------------------------------------------------- 2. channels everywhere


def test_an_assets_kind_is_its_channel(wf: Workflow) -> None:
    a = wf.create_asset("wendy", title="Post", kind="linkedin", text=HASHTAGS)
    gate = wf.gate(a.id)
    assert [b.rule for b in gate] == ["channel.max_hashtags", "channel.max_hashtags"]
    assert [b.quote for b in gate] == ["#Air", "#Energie"]  # warnings, but a broken channel limit always blocks
    b = wf.create_asset("wendy", title="Article", kind="article", text=HASHTAGS)
    assert wf.gate(b.id) == []  # an article has no hashtag limit


def test_stored_and_compose_checks_of_the_same_text_are_byte_identical(wf: Workflow, clock: Clock) -> None:
    from proofline.compose import plan
    from proofline.compose.providers.offline import OfflineProvider
    from proofline.compose.service import compose

    ws = wf.workspace()
    job = plan(ws, ["etude-terrain-2025"], ["linkedin", "email"], lang="fr")
    drafts = compose(ws, job, OfflineProvider(), as_of=clock().date())
    assert len(drafts) == 2
    for d in drafts:
        a = wf.create_asset("wendy", title=d.report.document, kind=d.channel, text=d.result.text)
        view = wf.current_check(a.id)
        assert view is not None
        stored = audit.canonical(view.report)
        assert stored == audit.canonical(d.report.to_json_dict()), d.channel


# --------------------------------------------------------------------------- 3. stable claims


def test_a_claim_keeps_its_id_and_its_resolution_across_checks_and_versions(wf: Workflow) -> None:
    a = wf.create_asset("wendy", title="Post", kind="article", text=UNSUPPORTED)
    first = {c.text: c.id for c in wf.current_check(a.id).blocking}  # type: ignore[union-attr]
    assert len(first) == 2
    for _ in range(3):
        assert {c.text: c.id for c in wf.check("wendy", a.id).blocking} == first
    team, prize = first.values()
    wf.validate_claim("eve", team, reason="HR register, December 2026")
    edited = wf.edit("wendy", a.id, UNSUPPORTED + "\nÀ bientôt.\n", base_version=wf.asset(a.id).version)
    view = wf.current_check(edited.id)
    assert view is not None
    ids = {c.text: c.id for c in view.claims}
    assert ids == first  # same text, same ids, in a new version
    assert [c.id for c in view.blocking] == [prize]  # the validation followed the claim
    # a reworded claim is a new claim that says which one it replaces
    reworded = wf.edit("wendy", a.id, UNSUPPORTED.replace("le prix Innovation Industrie 2025",
                                                          "le prix Innovation Industrie 2025 à Lyon"),
                       base_version=wf.asset(a.id).version)
    now = {c.text: c for c in wf.current_check(reworded.id).claims}  # type: ignore[union-attr]
    new = next(c for c in now.values() if "Lyon" in c.text)
    assert new.id not in first.values() and new.replaces == prize
    with pytest.raises(GateRefused) as refused:
        wf.submit("wendy", a.id)
        wf.approve("alex", a.id)
    assert f"claim #{new.id} «" in str(refused.value)
    wf.request_expert("wendy", new.id)  # the id in the refusal is one the claim commands take


def test_the_migration_gives_stored_claims_their_stable_ids(database_url: str, workspace_copy: Path,
                                                            clock: Clock) -> None:
    """A database written before revision 0004 keeps every claim id users saw, and they now stay."""
    from alembic import command
    from alembic.config import Config

    from proofline.store.db import make_engine

    engine = make_engine(database_url)
    cfg = Config()
    cfg.set_main_option("script_location", "proofline.store:migrations")
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0003")
    with engine.begin() as conn:  # rows as revision 0003 wrote them: a claim checked twice, two ids
        conn.exec_driver_sql("INSERT INTO users (id, name, display_name, roles, created_at) VALUES "
                             "(1, 'wendy', 'Wendy', 'writer', '2026-11-01 09:00:00')")
        conn.exec_driver_sql("INSERT INTO assets (id, title, kind, language, author_id, state, review_cycles, "
                             "revision, created_at, updated_at) VALUES (1, 'Old', 'article', 'fr', 1, 'draft', 0, 1, "
                             "'2026-11-01 09:00:00', '2026-11-01 09:00:00')")
        conn.exec_driver_sql("INSERT INTO asset_versions (id, asset_id, number, text, content_hash, author_id, "
                             f"created_at) VALUES (1, 1, 1, '{UNSUPPORTED.replace(chr(39), chr(39) * 2)}', 'x', 1, "
                             "'2026-11-01 09:00:00')")
        for run in (1, 2):
            conn.exec_driver_sql("INSERT INTO check_runs (id, asset_id, version_id, as_of, sources_json, report_json, "
                                 f"claims_count, blocking_count, created_at) VALUES ({run}, 1, 1, '2026-11-01', '[]', "
                                 "'{}', 1, 1, '2026-11-01 09:00:00')")
            conn.exec_driver_sql("INSERT INTO claims (id, check_id, asset_id, version_id, key, text, start_offset, "
                                 "end_offset, category, verdict, blocking, evidence_json, message) VALUES "
                                 f"({10 + run}, {run}, 1, 1, 'notre équipe support compte 12 ingénieurs à grenoble', "
                                 "'Notre équipe support compte 12 ingénieurs à Grenoble', 0, 52, 'company', "
                                 "'unsupported', TRUE, '[]', '')")
        if conn.dialect.name == "postgresql":  # rows given their ids: move the sequences past them
            for table in ("users", "assets", "asset_versions", "check_runs", "claims"):
                conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), 100)")
    engine.dispose()
    db = open_database(workspace_copy, url=database_url)  # migrates to the newest revision
    with db.session() as s:
        assert [(c.id, c.stable_id) for c in s.execute(select(Claim).order_by(Claim.id)).scalars()] == [(11, 11),
                                                                                                       (12, 11)]
    flow = Workflow(db, workspace_copy, clock=clock)
    view = flow.check("wendy", 1)
    team = next(c for c in view.claims if c.text.startswith("Notre équipe"))
    assert team.id == 11  # the id users noted before the migration
    db.dispose()


# --------------------------------------------------------------------------- 4. four eyes to the end


def test_nobody_who_wrote_a_version_publishes_it(wf: Workflow) -> None:
    a = wf.create_asset("wendy", title="Post", kind="linkedin", text=CLEAN)
    wf.edit("walt", a.id, CLEAN + "Merci.\n", base_version=wf.asset(a.id).version)
    wf.submit("wendy", a.id)
    wf.approve("alex", a.id)
    for author in ("wendy", "walt"):
        with pytest.raises(SelfApprovalError, match="an approver or admin who wrote no version"):
            wf.publish(author, a.id)
    assert wf.publish("alex", a.id).version == 2


def test_correct_keeps_the_published_text_live_then_replaces_it(wf: Workflow) -> None:
    aid = approved(wf, CLEAN)
    wf.publish("ada", aid)
    with pytest.raises(InvalidTransition, match=f"asset correct {aid} FILE"):
        wf.edit("wendy", aid, CLEAN + "Merci.\n", base_version=wf.asset(aid).version)
    corrected = wf.correct("wendy", aid, CLEAN + "Merci.\n", note="signature")
    assert corrected.state == "in_review" and corrected.version == 2 and corrected.live_version == 1
    text, pack = wf.publication(aid)
    assert text == CLEAN and pack["version"] == 1  # still live
    wf.approve("alex", aid)
    with pytest.raises(SelfApprovalError):  # she wrote the correction
        wf.publish("wendy", aid)
    wf.publish("ada", aid)
    text, pack = wf.publication(aid)
    assert text == CLEAN + "Merci.\n" and pack["version"] == 2
    assert [e.action for e in wf.history(aid)].count("asset.publish") == 2
    assert "asset.correct" in [e.action for e in wf.history(aid)]


def test_withdraw_needs_a_reason_and_marks_the_proof_pack(wf: Workflow, tmp_path: Path) -> None:
    aid = approved(wf, CLEAN)
    pub = wf.publish("ada", aid, tmp_path / "out")
    with pytest.raises(InputRefused, match="Say why"):
        wf.withdraw("alex", aid, reason=" ")
    with pytest.raises(PermissionDenied, match="admin or approver role"):
        wf.withdraw("wendy", aid, reason="wrong price")
    assert wf.withdraw("alex", aid, reason="The price changed").state == "withdrawn"
    _text, pack = wf.publication(aid)
    assert pack["withdrawn"]["by"] == "alex" and pack["withdrawn"]["reason"] == "The price changed"
    assert pub.proof_path is not None
    assert json.loads(pub.proof_path.read_text("utf-8"))["withdrawn"]["reason"] == "The price changed"
    assert "WITHDRAWN" in pub.proof_path.with_name(f"asset-{aid}-v1.proof.md").read_text("utf-8")
    entry = wf.history(aid)[-1]
    assert entry.action == "asset.withdraw" and entry.reason == "The price changed"
    with pytest.raises(InvalidTransition, match="withdrawn"):
        wf.withdraw("alex", aid, reason="again")


# --------------------------------------------------------------------------- 5. overrides are governed


def test_an_override_needs_a_second_person_and_reaches_ci(wf: Workflow, workspace_copy: Path) -> None:
    from proofline.checker import check_text

    a = wf.create_asset("wendy", title="Post", kind="article", text=CONTRADICTED)
    claim = wf.current_check(a.id).blocking[0]  # type: ignore[union-attr]
    assert claim.verdict == "contradicted"
    with pytest.raises(ResolutionRefused, match="source 'etude-terrain-2025' says otherwise") as refused:
        wf.validate_claim("eve", claim.id, reason="ok")
    assert f"claim validate {claim.id} --override" in str(refused.value)
    pending = wf.validate_claim("eve", claim.id, reason="Measured on the 2026 fleet", override=True)
    assert pending.status == "pending" and pending.overrides_source == "etude-terrain-2025"
    view = wf.current_check(a.id)
    assert view is not None and [c.note for c in view.blocking] == ["override_pending"]
    assert not (workspace_copy / VALIDATED_FILE).exists()  # not workspace truth until confirmed
    with pytest.raises(PermissionDenied):
        wf.confirm_claim("eve", claim.id)
    with pytest.raises(NotFound, match="no claim #999"):
        wf.confirm_claim("alex", 999)
    done = wf.confirm_claim("alex", claim.id)
    assert done.confirmed_by == "alex"
    assert wf.current_check(a.id).blocking == []  # type: ignore[union-attr]
    # CI: `proofline check` loads the workspace folder, which now holds the confirmed attestation
    ci = check_text(load_workspace(workspace_copy), CONTRADICTED, as_of=wf.now().date())
    assert [c.verdict.value for c in ci.claims] == ["attested"]
    # the file follows the database: deleted or stale, the next validation writes every confirmed attestation
    (workspace_copy / VALIDATED_FILE).unlink()
    b = wf.create_asset("wendy", title="Other", kind="article", text=UNSUPPORTED)
    wf.validate_claim("eve", wf.current_check(b.id).blocking[0].id, reason="HR register")  # type: ignore[union-attr]
    exported = (workspace_copy / VALIDATED_FILE).read_text("utf-8")
    assert "35 % les arrêts" in exported and "12 ingénieurs" in exported
    wf.submit("wendy", a.id)
    wf.approve("walt", a.id)
    pack = wf.publish("ada", a.id).proof
    override = pack["claims"][0]["override"]
    assert override == {"overrides_source": "etude-terrain-2025", "verdict": "contradicted", "expert": "eve",
                        "reason": "Measured on the 2026 fleet", "confirmed_by": "alex",
                        "confirmed_at": override["confirmed_at"]}
    actions = [e.action for e in wf.history(a.id)]
    assert actions.index("claim.override") < actions.index("claim.override_confirmed")


def test_the_expert_cannot_confirm_their_own_override(wf: Workflow) -> None:
    wf.add_user("ada", "olga", ["expert", "approver"])
    a = wf.create_asset("wendy", title="Post", kind="article", text=CONTRADICTED)
    claim = wf.current_check(a.id).blocking[0]  # type: ignore[union-attr]
    wf.validate_claim("olga", claim.id, reason="Measured", override=True)
    with pytest.raises(SelfApprovalError, match="another approver or admin must confirm it"):
        wf.confirm_claim("olga", claim.id)
    b = wf.create_asset("wendy", title="Other", kind="article", text=UNSUPPORTED)
    unsupported = wf.current_check(b.id).blocking[0]  # type: ignore[union-attr]
    with pytest.raises(ResolutionRefused, match="nothing to override"):
        wf.validate_claim("eve", unsupported.id, reason="x", override=True)


# --------------------------------------------------------------------------- import through the gate


def test_an_archive_cannot_bring_in_a_publication_the_gate_refuses(wf: Workflow, tmp_path: Path,
                                                                    database_url: str, clock: Clock,
                                                                    sample_workspace: Path) -> None:
    import shutil

    from proofline.workflow.archive import export_archive

    aid = approved(wf, TU, kind="article")
    wf.publish("ada", aid)
    archive = tmp_path / "archive.zip"
    export_archive(wf.db, archive)

    other = tmp_path / "stricter"
    shutil.copytree(sample_workspace, other, ignore=shutil.ignore_patterns(".proofline"))
    set_gate(other, "warning")  # a restored workspace whose kit refuses "tu"
    db = open_database(other, url=f"sqlite:///{tmp_path / 'other.db'}")
    target = Workflow(db, other, clock=clock)
    with pytest.raises(GateRefused) as refused:
        target.import_archive(archive)
    assert f"asset #{aid} is published in it" in str(refused.value) and "rule voice.address" in str(refused.value)
    assert target.users() == [] and not (other / VALIDATED_FILE).exists()  # nothing written
    lenient = tmp_path / "same"
    shutil.copytree(sample_workspace, lenient, ignore=shutil.ignore_patterns(".proofline"))
    ok = Workflow(open_database(lenient, url=f"sqlite:///{tmp_path / 'same.db'}"), lenient, clock=clock)
    ok.import_archive(archive)
    assert ok.asset(aid).state == "published"
    db.dispose()
    ok.db.dispose()


def test_an_archive_cannot_bring_in_a_live_text_the_gate_refuses_while_it_is_corrected(
        wf: Workflow, tmp_path: Path, clock: Clock, sample_workspace: Path) -> None:
    """A published asset under correction (in review, or approved again) keeps its published text live:
    the import gates that text too, not only the asset's latest version."""
    import shutil

    from proofline.workflow.archive import export_archive

    aid = approved(wf, TU, kind="article")
    wf.publish("ada", aid)
    wf.correct("wendy", aid, CLEAN)  # the correction is clean; version 1, with "tu", stays live
    archive = tmp_path / "archive.zip"
    export_archive(wf.db, archive)

    for state in ("in_review", "approved"):
        other = tmp_path / f"stricter-{state}"
        shutil.copytree(sample_workspace, other, ignore=shutil.ignore_patterns(".proofline"))
        set_gate(other, "warning")  # a restored workspace whose kit refuses "tu"
        target = Workflow(open_database(other, url=f"sqlite:///{tmp_path / f'{state}.db'}"), other, clock=clock)
        with pytest.raises(GateRefused) as refused:
            target.import_archive(archive)
        assert f"asset #{aid} is published in it" in str(refused.value) and "rule voice.address" in str(refused.value)
        assert target.users() == []  # nothing written
        target.db.dispose()
        if state == "in_review":
            wf.approve("alex", aid)  # the clean correction approved, not yet published: v1 still live
            export_archive(wf.db, archive)
