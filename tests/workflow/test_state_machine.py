"""Property: no sequence of commands reaches an approved or published asset with an unresolved
blocking claim, approved by one of its authors, or with a text other than the approved one."""

from __future__ import annotations

import contextlib
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from dbfixture import Clock

from proofline.store.db import open_database
from proofline.store.models import (
    Approval,
    Asset,
    AssetVersion,
    CheckRun,
    Claim,
    ExpertAttestation,
    Resolution,
)
from proofline.workflow import audit
from proofline.workflow.errors import WorkflowError
from proofline.workflow.services import Workflow

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "sample-workspace"
TEXTS = [
    "Sentinair suit vos compresseurs d'air comprimé.\n",
    "Sentinair est la solution de maintenance prédictive la plus fiable du marché.\n",
    "Avec notre technologie, c'est zéro arrêt non planifié dès la première année.\n",
    "En 2024, 214 défaillances ont été évitées grâce à nos alertes.\n",
]
USERS = ["wendy", "walt", "alex", "eve", "ada"]
actors = st.sampled_from(USERS)


class Journey(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="proofline-sm-"))
        root = self.tmp / "ws"
        shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".proofline", "cases"))
        self.clock = Clock(datetime(2026, 11, 22, 9, tzinfo=UTC))
        self.wf = Workflow(open_database(root, url=f"sqlite:///{self.tmp / 'sm.db'}"), root, clock=self.clock)
        self.wf.add_user(None, "ada", ["admin"])
        self.wf.add_user("ada", "wendy", ["writer"])
        self.wf.add_user("ada", "walt", ["writer", "approver"])
        self.wf.add_user("ada", "alex", ["approver"])
        self.wf.add_user("ada", "eve", ["expert"])
        self.assets: list[int] = []

    def teardown(self) -> None:
        self.wf.db.dispose()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def _try(self, fn, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.clock.advance(minutes=7)
        with contextlib.suppress(WorkflowError):
            fn(*args, **kwargs)

    @rule(actor=actors, text=st.sampled_from(TEXTS))
    def create(self, actor: str, text: str) -> None:
        with contextlib.suppress(WorkflowError):
            self.assets.append(self.wf.create_asset(actor, title="t", kind="other", text=text).id)

    @precondition(lambda self: self.assets)
    @rule(data=st.data(), actor=actors, text=st.sampled_from(TEXTS))
    def edit(self, data: st.DataObject, actor: str, text: str) -> None:
        asset = data.draw(st.sampled_from(self.assets))
        self._try(self.wf.edit, actor, asset, text + f"Ajout {len(self.assets)}.\n")

    @precondition(lambda self: self.assets)
    @rule(data=st.data(), actor=actors,
          action=st.sampled_from(["submit", "request_changes", "approve", "publish", "archive"]))
    def move(self, data: st.DataObject, actor: str, action: str) -> None:
        asset = data.draw(st.sampled_from(self.assets))
        if action == "request_changes":
            self._try(self.wf.request_changes, actor, asset, reason="again")
        else:
            self._try(getattr(self.wf, action), actor, asset)

    @precondition(lambda self: self.assets)
    @rule(data=st.data())
    def likely_next_step(self, data: st.DataObject) -> None:
        self._next_step(data)

    def _next_step(self, data: st.DataObject) -> None:
        """The step a team would take next, by a plausible (not always allowed) actor: reaches approvals."""
        asset = data.draw(st.sampled_from(self.assets))
        state = self.wf.asset(asset).state
        if state in ("draft", "changes_requested"):
            self._try(self.wf.submit, data.draw(st.sampled_from(["wendy", "walt"])), asset)
        elif state == "in_review":
            self._try(self.wf.approve, data.draw(st.sampled_from(["alex", "walt"])), asset)
        elif state == "approved":
            self._try(self.wf.publish, "wendy", asset)

    # weighted: the plausible next step is drawn three times as often as any other rule
    @precondition(lambda self: self.assets)
    @rule(data=st.data())
    def likely_next_step_again(self, data: st.DataObject) -> None:
        self._next_step(data)

    @precondition(lambda self: self.assets)
    @rule(data=st.data())
    def likely_next_step_once_more(self, data: st.DataObject) -> None:
        self._next_step(data)

    @precondition(lambda self: self.assets)
    @rule(data=st.data(), actor=actors, how=st.sampled_from(["validate", "remove", "expert"]))
    def resolve(self, data: st.DataObject, actor: str, how: str) -> None:
        asset = data.draw(st.sampled_from(self.assets))
        view = self.wf.current_check(asset)
        if view is None or not view.blocking:
            return
        claim = view.blocking[0].id
        if how == "validate":
            self._try(self.wf.validate_claim, actor, claim, reason="checked")
        elif how == "remove":
            self._try(self.wf.resolve_remove, actor, claim)
        else:
            self._try(self.wf.request_expert, actor, claim)

    @invariant()
    def approved_assets_are_clean(self) -> None:
        with self.wf.db.session() as s:
            for asset in s.execute(select(Asset).where(Asset.state.in_(["approved", "published"]))).scalars():
                approval = s.execute(select(Approval).where(Approval.asset_id == asset.id)
                                     .order_by(Approval.id.desc())).scalars().first()
                assert approval is not None
                latest = s.execute(select(AssetVersion).where(AssetVersion.asset_id == asset.id)
                                   .order_by(AssetVersion.number.desc())).scalars().first()
                assert latest is not None and approval.version_id == latest.id
                authors = {asset.author_id, *s.execute(select(AssetVersion.author_id).where(
                    AssetVersion.asset_id == asset.id, AssetVersion.number <= latest.number)).scalars()}
                assert approval.approver_id not in authors
                run = s.get(CheckRun, approval.check_id)
                assert run is not None and run.version_id == latest.id
                for claim in s.execute(select(Claim).where(Claim.check_id == run.id, Claim.blocking.is_(True))
                                       ).scalars():
                    assert claim.verdict != "forbidden"
                    ok = False
                    for res in s.execute(select(Resolution).where(
                            Resolution.asset_id == asset.id, Resolution.claim_key == claim.key,
                            Resolution.kind == "expert", Resolution.status == "done")).scalars():
                        att = s.get(ExpertAttestation, res.attestation_id)
                        ok = ok or (att is not None and (att.valid_until is None or att.valid_until >= run.as_of))
                    assert ok, f"asset {asset.id} approved with unresolved blocking claim {claim.text!r}"

    @invariant()
    def audit_chain_holds(self) -> None:
        with self.wf.db.session() as s:
            assert audit.verify(s).ok


Journey.TestCase.settings = settings(max_examples=20, stateful_step_count=20, deadline=None,
                                     suppress_health_check=list(HealthCheck))
test_journey_state_machine = Journey.TestCase
