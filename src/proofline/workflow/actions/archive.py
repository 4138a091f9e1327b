"""Archive an asset that will not be published (from any open state)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from proofline.store.models import Asset, User
from proofline.workflow.actions.base import AssetAction
from proofline.workflow.views import AssetView


class Archive(AssetAction[AssetView]):
    transition = "archive"

    def _execute(self, s: Session, user: User, asset: Asset) -> AssetView:
        self.move(s, user, asset, self.reason)
        return self.view(s, asset)
