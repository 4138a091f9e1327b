"""Send an asset in review back to its writer with what must change (an approver who wrote none of it)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from proofline.store.models import Asset, Review, User
from proofline.workflow.actions.base import AssetAction
from proofline.workflow.context import Context
from proofline.workflow.errors import InputRefused
from proofline.workflow.queries import latest_version
from proofline.workflow.views import AssetView


class RequestChanges(AssetAction[AssetView]):
    transition = "request_changes"
    four_eyes = True

    def __init__(self, ctx: Context, actor: str | None, asset_id: int, *, reason: str,
                 expected_revision: int | None = None) -> None:
        super().__init__(ctx, actor, asset_id, expected_revision=expected_revision)
        self.reason = reason

    def check_input(self) -> None:
        if not self.reason or not self.reason.strip():
            raise InputRefused("review.no_reason")

    def _execute(self, s: Session, user: User, asset: Asset) -> AssetView:
        version = latest_version(s, self.asset_id)
        asset.review_cycles += 1
        s.add(Review(asset_id=self.asset_id, version_id=version.id, reviewer_id=user.id,
                     decision="changes_requested", comment=self.reason, created_at=self.ctx.now()))
        self.move(s, user, asset, self.reason, {"version": version.number, "review_cycles": asset.review_cycles})
        return self.view(s, asset)
