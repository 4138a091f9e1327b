"""Submit an asset for review (from draft, or after changes were requested)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from proofline.store.models import Asset, User
from proofline.workflow.actions.base import AssetAction
from proofline.workflow.queries import latest_version
from proofline.workflow.views import AssetView


class Submit(AssetAction[AssetView]):
    transition = "submit"

    def _execute(self, s: Session, user: User, asset: Asset) -> AssetView:
        version = latest_version(s, self.asset_id)
        self.move(s, user, asset, self.reason, {"version": version.number})
        return self.view(s, asset)
