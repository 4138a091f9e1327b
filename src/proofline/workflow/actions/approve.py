"""Approve the latest version after a fresh check, if the gate lets it through (four-eyes: not an author).

The fresh check is recorded first, in its own transaction: the ids a refusal names are then
claims that exist (and keep their ids), so `claim resolve ID` works on every one of them.
"""

from __future__ import annotations

from proofline.store.models import Approval, CheckRun, Review
from proofline.workflow.actions.base import AssetAction
from proofline.workflow.actions.check import fresh_check
from proofline.workflow.errors import ConflictError, GateRefused
from proofline.workflow.queries import latest_version, recorded_blockers
from proofline.workflow.views import AssetView


class Approve(AssetAction[AssetView]):
    transition = "approve"
    four_eyes = True

    def execute(self) -> AssetView:
        with self.ctx.db.session() as s:  # refuse early, before the check, on identity/role/state/four-eyes
            self.load(s)
        run_id = fresh_check(self.ctx, self.actor, self.asset_id, self.expected_revision)
        with self.ctx.tx() as s:
            user, asset = self.load(s)
            version = latest_version(s, self.asset_id)
            run = s.get(CheckRun, run_id)
            assert run is not None
            if version.id != run.version_id:
                raise ConflictError("conflict.review_stale", asset_id=self.asset_id, version=version.number)
            found = recorded_blockers(self.ctx, s, run, version)
            if found:
                raise GateRefused("approve.blocking", found, asset_id=self.asset_id, count=len(found),
                                  items=[b.as_param() for b in found])
            s.add(Review(asset_id=self.asset_id, version_id=version.id, reviewer_id=user.id, decision="approved",
                         comment=self.reason, created_at=self.ctx.now()))
            s.add(Approval(asset_id=self.asset_id, version_id=version.id, check_id=run.id, approver_id=user.id,
                           created_at=self.ctx.now()))
            self.move(s, user, asset, self.reason, {"version": version.number, "check": run.id})
            return self.view(s, asset)
