"""Correct a published asset: a new version back in review, while the published text stays live.

The correction goes through verify and approve again, and its writer, now an author, can
neither approve nor publish it.
"""

from __future__ import annotations

from proofline.workflow.actions.base import AssetAction
from proofline.workflow.actions.edit import NewVersion
from proofline.workflow.actions.recording import prepare
from proofline.workflow.context import Context
from proofline.workflow.errors import InputRefused
from proofline.workflow.queries import latest_version
from proofline.workflow.views import AssetView


class Correct(AssetAction[AssetView]):
    transition = "correct"

    def __init__(self, ctx: Context, actor: str | None, asset_id: int, text: str, *, note: str | None = None,
                 expected_revision: int | None = None) -> None:
        super().__init__(ctx, actor, asset_id, expected_revision=expected_revision)
        self.text, self.note = text, note

    def execute(self) -> AssetView:
        with self.ctx.db.session() as s:
            self.load(s)
            latest = latest_version(s, self.asset_id)
            if latest.text == self.text:
                raise InputRefused("text.unchanged", version=latest.number)
            if not self.text.strip():
                raise InputRefused("text.empty")
        prepared = prepare(self.ctx, self.asset_id, self.text)
        with self.ctx.tx() as s:
            return NewVersion(self.ctx, self.actor, self.asset_id, self.text, prepared, base_version=None,
                              note=self.note, expected_revision=self.expected_revision, action="correct").within(s)
