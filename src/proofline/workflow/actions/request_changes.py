"""Send an asset in review back to its writer with what must change (an approver who wrote none of it)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from proofline.store.models import Asset, Review, User
from proofline.workflow.actions.base import AssetAction
from proofline.workflow.queries import latest_version
from proofline.workflow.views import AssetView


class RequestChanges(AssetAction[AssetView]):
    transition = "request_changes"
    four_eyes = True
    reason_needed = "review.no_reason"

    def _execute(self, s: Session, user: User, asset: Asset) -> AssetView:
        version = latest_version(s, self.asset_id)
        asset.review_cycles += 1
        s.add(Review(asset_id=self.asset_id, version_id=version.id, reviewer_id=user.id,
                     decision="changes_requested", comment=self.reason, created_at=self.ctx.now()))
        self.move(s, user, asset, self.reason, {"version": version.number, "review_cycles": asset.review_cycles})
        return self.view(s, asset)
