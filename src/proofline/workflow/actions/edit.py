"""Edit an asset: a new immutable version, checked; editing an approved asset sends it back to review.

Every edit names the version it was based on (`base_version`): a person edits a text they read,
and saving it over a version they never saw would silently drop that version's changes. A stale
edit is refused with who saved the newer version and when; there is no way to force it.
`new_version` is also how a correction (`correct.py`) and the removal of a claim (`resolve.py`)
save their text: one place decides the version number, the state it leaves and what is audited.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from proofline.cache import sha256_hex
from proofline.store.models import Asset, AssetVersion, User
from proofline.workflow.actions.base import AssetAction, allow
from proofline.workflow.actions.recording import Prepared, prepare, record
from proofline.workflow.context import Context
from proofline.workflow.errors import ConflictError, InputRefused
from proofline.workflow.queries import asset_row, asset_view, latest_version
from proofline.workflow.states import EDIT_TARGET, TRANSITIONS, State
from proofline.workflow.views import AssetView


def saved_by(s: Session, version: AssetVersion) -> dict[str, str]:
    """Who saved `version` and when (UTC, to the minute): what a refused editor needs to go and ask."""
    author = s.get(User, version.author_id)
    at = version.created_at
    return {"author": author.display_name or author.name if author else "?",
            "at": at.strftime("%Y-%m-%d %H:%M UTC")}


class NewVersion(AssetAction[AssetVersion]):
    """The version a text becomes, inside the caller's transaction: `action` is edit or correct."""

    transition = "edit"

    def __init__(self, ctx: Context, actor: str | None, asset_id: int, text: str, prepared: Prepared, *,
                 base_version: int | None, note: str | None, expected_revision: int | None,
                 action: str = "edit") -> None:
        super().__init__(ctx, actor, asset_id, expected_revision=expected_revision)
        self.text, self.prepared, self.base_version, self.note = text, prepared, base_version, note
        self.action = action

    def check_perm(self, s: Session, user: User, asset: Asset) -> None:
        allow(user, asset, self.action)

    def _execute(self, s: Session, user: User, asset: Asset) -> AssetVersion:
        latest = latest_version(s, self.asset_id)
        base = self.base_version if self.base_version is not None else self.prepared.version_number
        if latest.number != base:
            raise ConflictError("conflict.version_saved", asset_id=self.asset_id, version=latest.number,
                                **saved_by(s, latest))
        now = self.ctx.now()
        version = AssetVersion(asset_id=self.asset_id, number=latest.number + 1, text=self.text,
                               content_hash=sha256_hex(self.text), author_id=user.id, created_at=now, note=self.note)
        s.add(version)
        before = {"state": asset.state, "version": latest.number}
        if self.action == "correct":
            target = TRANSITIONS["correct"].target
            assert target is not None
            asset.state = target.value
        else:
            asset.state = EDIT_TARGET.get(State(asset.state), State(asset.state)).value
        asset.updated_at = now
        flag_modified(asset, "updated_at")  # even with an unchanged clock, the row is updated...
        s.flush()  # ...which bumps the revision: a concurrent editor of the same asset now fails
        self.log(s, user, f"asset.{self.action}", self.asset_id, before=before,
                 after={"state": asset.state, "version": version.number}, reason=self.note)
        record(self.ctx, s, user, asset, version, replace(self.prepared, version_id=version.id,
                                                          version_number=version.number))
        return version

    def within(self, s: Session) -> AssetView:
        """Save the version in the caller's transaction; the asset as it now is."""
        user, asset = self.load(s)
        self._execute(s, user, asset)
        return asset_view(s, asset_row(s, self.asset_id))


class EditAsset(AssetAction[AssetView]):
    """A new version of an asset in draft, review or changes requested (or approved: back to review)."""

    transition = "edit"

    def __init__(self, ctx: Context, actor: str | None, asset_id: int, text: str, *, base_version: int | None = None,
                 note: str | None = None, expected_revision: int | None = None) -> None:
        super().__init__(ctx, actor, asset_id, expected_revision=expected_revision)
        self.text, self.base_version, self.note = text, base_version, note

    def precheck(self) -> None:
        """Refuse before the (slow) check: the right to edit, no base named or a version saved since it,
        a text unchanged or empty."""
        with self.ctx.db.session() as s:
            self.load(s, revision=False)
            latest = latest_version(s, self.asset_id)
            if self.base_version is None:
                raise InputRefused("edit.base_needed", asset_id=self.asset_id, latest=latest.number)
            if self.base_version != latest.number:
                raise ConflictError("conflict.edited_old_version", asset_id=self.asset_id, base=self.base_version,
                                    latest=latest.number, **saved_by(s, latest))
            if latest.text == self.text:
                raise InputRefused("text.unchanged", version=latest.number)
            if not self.text.strip():
                raise InputRefused("text.empty")

    def execute(self) -> AssetView:
        self.precheck()
        prepared = prepare(self.ctx, self.asset_id, self.text)
        with self.ctx.tx() as s:
            return NewVersion(self.ctx, self.actor, self.asset_id, self.text, prepared, base_version=self.base_version,
                              note=self.note, expected_revision=self.expected_revision).within(s)
