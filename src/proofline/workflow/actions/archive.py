"""Archive an asset that will not be published (from any open state)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from proofline.store.models import Asset, User
from proofline.workflow.actions.base import AssetAction
from proofline.workflow.context import Context
from proofline.workflow.views import AssetView


class Archive(AssetAction[AssetView]):
    transition = "archive"

    def __init__(self, ctx: Context, actor: str | None, asset_id: int, *, reason: str | None = None,
                 expected_revision: int | None = None) -> None:
        super().__init__(ctx, actor, asset_id, expected_revision=expected_revision)
        self.reason = reason

    def _execute(self, s: Session, user: User, asset: Asset) -> AssetView:
        self.move(s, user, asset, self.reason)
        return self.view(s, asset)
