"""Check an asset again: the latest version against today's workspace, recorded (anyone may ask).

`fresh_check` is the same in the service of approve and publish: the gate decides on a check
made now (a source may have expired since), recorded first so the claims it names exist.
"""

from __future__ import annotations

from proofline.workflow.actions.base import Action, expect_revision
from proofline.workflow.actions.recording import prepare, record
from proofline.workflow.context import Context
from proofline.workflow.errors import ConflictError
from proofline.workflow.queries import asset_row, check_view, latest_version, user_named
from proofline.workflow.views import CheckView


class CheckAsset(Action[CheckView]):
    """Re-check the latest version and record the report; no role needed, every user may look."""

    def __init__(self, ctx: Context, actor: str | None, asset_id: int) -> None:
        super().__init__(ctx, actor)
        self.asset_id = asset_id

    def execute(self) -> CheckView:
        with self.ctx.db.session() as s:
            user_named(s, self.actor)
        prepared = prepare(self.ctx, self.asset_id)
        with self.ctx.tx() as s:
            user, asset = user_named(s, self.actor), asset_row(s, self.asset_id)
            version = latest_version(s, self.asset_id)
            if version.id != prepared.version_id:
                raise ConflictError("conflict.checked_old_version", asset_id=self.asset_id)
            run = record(self.ctx, s, user, asset, version, prepared)
            return check_view(self.ctx, s, run)


def fresh_check(ctx: Context, actor: str | None, asset_id: int, expected_revision: int | None) -> int:
    """Check the latest version against today's workspace and record it (one transaction); its id."""
    prepared = prepare(ctx, asset_id)
    with ctx.tx() as s:
        user, asset = user_named(s, actor), asset_row(s, asset_id)
        expect_revision(asset, expected_revision)
        version = latest_version(s, asset_id)
        if version.id != prepared.version_id:
            raise ConflictError("conflict.review_stale", asset_id=asset_id, version=version.number)
        run = record(ctx, s, user, asset, version, prepared)
        return int(run.id)
