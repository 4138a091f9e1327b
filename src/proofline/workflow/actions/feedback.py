"""Sales say whether a published asset worked with prospects (the sales-acceptance KPI); anyone may say."""

from __future__ import annotations

from proofline.store.models import SalesFeedback
from proofline.workflow.actions.base import Action
from proofline.workflow.context import Context
from proofline.workflow.errors import InputRefused, InvalidTransition
from proofline.workflow.queries import asset_row, user_named
from proofline.workflow.states import State


class RecordFeedback(Action[None]):
    def __init__(self, ctx: Context, actor: str | None, asset_id: int, *, accepted: bool,
                 reason: str | None = None) -> None:
        super().__init__(ctx, actor)
        self.asset_id, self.accepted, self.reason = asset_id, accepted, reason

    def execute(self) -> None:
        if not self.accepted and not (self.reason and self.reason.strip()):
            raise InputRefused("feedback.no_reason")
        with self.ctx.tx() as s:
            user, asset = user_named(s, self.actor), asset_row(s, self.asset_id)
            if asset.state != State.PUBLISHED.value:
                raise InvalidTransition("feedback.not_published", asset_id=self.asset_id, state=asset.state)
            s.add(SalesFeedback(asset_id=self.asset_id, user_id=user.id, accepted=self.accepted, reason=self.reason,
                                created_at=self.ctx.now()))
            self.log(s, user, "asset.feedback", self.asset_id, after={"accepted": self.accepted}, reason=self.reason)
