"""Create an asset: version 1 in draft, checked at once with its kind's channel limits."""

from __future__ import annotations

from sqlalchemy.orm import Session

from proofline.cache import sha256_hex
from proofline.store.models import Asset, AssetVersion, User
from proofline.workflow.actions.base import Action
from proofline.workflow.actions.recording import Prepared, check_as_asset, record
from proofline.workflow.context import Context
from proofline.workflow.errors import InputRefused, PermissionDenied
from proofline.workflow.queries import asset_row, asset_view, user_named
from proofline.workflow.states import Kind, State
from proofline.workflow.views import AssetView

WRITERS = frozenset({"writer", "admin"})


class CreateAsset(Action[AssetView]):
    """A new asset from a text (the desk, the API, `asset new`, and every draft a compose run makes)."""

    def __init__(self, ctx: Context, actor: str | None, *, title: str, kind: str, text: str,
                 language: str | None = None, audience: str | None = None, parent_asset_id: int | None = None,
                 parent_source_id: str | None = None) -> None:
        super().__init__(ctx, actor)
        self.title, self.kind, self.text = title, kind, text
        self.language, self.audience = language, audience
        self.parent_asset_id, self.parent_source_id = parent_asset_id, parent_source_id

    @staticmethod
    def check_perm(user: User) -> None:
        """Writers and admins create assets; compose asks the same before it calls a provider."""
        if not user.role_set & WRITERS:
            raise PermissionDenied("asset.create_needs_role", user=user.name)

    def check_input(self) -> None:
        if self.kind not in {k.value for k in Kind}:
            raise InputRefused("asset.unknown_kind", kind=self.kind, kinds=[k.value for k in Kind])
        if not self.text.strip():
            raise InputRefused("text.empty")
        if not self.title.strip():
            raise InputRefused("asset.no_title")
        ws = self.ctx.workspace()
        if self.parent_source_id is not None and ws.source(self.parent_source_id) is None:
            raise InputRefused("asset.unknown_source", source_id=self.parent_source_id)
        if self.audience is not None and ws.kit.audiences and self.audience not in {a.id for a in ws.kit.audiences}:
            raise InputRefused("asset.unknown_audience", audience=self.audience,
                               audiences=[a.id for a in ws.kit.audiences])

    def execute(self) -> AssetView:
        self.check_input()
        with self.ctx.db.session() as s:  # fail before the (slow) check when the user cannot write
            self.check_perm(user_named(s, self.actor))
        checked_ws = self.ctx.checked_workspace()
        as_of = self.ctx.now().date()
        report = check_as_asset(self.ctx, checked_ws, self.text, self.kind, as_of, self.title)
        with self.ctx.tx() as s:
            user = user_named(s, self.actor)
            if self.parent_asset_id is not None:
                asset_row(s, self.parent_asset_id)
            asset = self._insert(s, user, report.language)
            version = AssetVersion(asset_id=asset.id, number=1, text=self.text, content_hash=sha256_hex(self.text),
                                   author_id=user.id, created_at=asset.created_at)
            s.add(version)
            s.flush()
            self.log(s, user, "asset.create", asset.id, after={"title": asset.title, "kind": self.kind,
                                                               "state": asset.state, "version": 1})
            record(self.ctx, s, user, asset, version, Prepared(version.id, 1, report, as_of, checked_ws))
            return asset_view(s, asset)

    def _insert(self, s: Session, user: User, detected: str) -> Asset:
        now = self.ctx.now()
        asset = Asset(title=self.title.strip(), kind=self.kind, language=self.language or detected,
                      audience=self.audience, parent_asset_id=self.parent_asset_id,
                      parent_source_id=self.parent_source_id, author_id=user.id, state=State.DRAFT.value,
                      review_cycles=0, created_at=now, updated_at=now)
        s.add(asset)
        s.flush()
        return asset
