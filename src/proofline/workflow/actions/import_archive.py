"""Restore an archive (workflow/archive.py) through the gate, all or nothing.

Every asset the archive has approved or published is checked again against this workspace (its
kit, sources and the archive's confirmed attestations) inside the import's transaction: one that
the gate refuses undoes the whole import, naming the asset and what blocks it. The archive's
confirmed attestations are then exported to attestations.validated.yaml. No actor: whoever can
write the workspace and its empty database restores it; the archive's own audit chain comes with it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from proofline.store.models import Asset, AssetVersion, Claim
from proofline.workflow import attestations
from proofline.workflow.actions.recording import check_as_asset, claim_key
from proofline.workflow.context import Context
from proofline.workflow.errors import GateRefused
from proofline.workflow.gate import ClaimState, blockers
from proofline.workflow.queries import latest_version, live_publication
from proofline.workflow.states import State

if TYPE_CHECKING:
    from proofline.workflow.archive import Imported


class ImportArchive:
    """Not an `Action`: nobody acts in the database yet; the gate is the permission."""

    def __init__(self, ctx: Context, path: Path, *, force: bool = False) -> None:
        self.ctx, self.path, self.force = ctx, path, force

    def execute(self) -> Imported:
        from proofline.workflow.archive import import_archive

        undo: list[Callable[[], None]] = []

        def before_commit(conn: Any) -> None:
            with Session(bind=conn) as s:
                self.check_gate(s)
                undo.append(attestations.export(s, self.ctx.root))

        try:
            result = import_archive(self.ctx.db, self.path, workspace=self.ctx.root, force=self.force,
                                    before_commit=before_commit)
        except BaseException:
            for u in undo:
                u()
            raise
        self.ctx.workspace(reload=True)
        return result

    def check_gate(self, s: Session) -> None:
        """The gate on every approved or published text of the archive, checked now in this workspace."""
        ws = self.ctx.checked_workspace(s)
        as_of = self.ctx.now().date()
        threshold = ws.kit.gate.block_findings
        for asset in s.execute(select(Asset).where(Asset.state.in_([State.APPROVED.value, State.PUBLISHED.value]))
                               .order_by(Asset.id)).scalars():
            live = live_publication(s, asset.id)
            version = (s.get(AssetVersion, live.version_id) if live is not None and asset.state == State.PUBLISHED.value
                       else latest_version(s, asset.id))
            assert version is not None
            report = check_as_asset(self.ctx, ws, version.text, asset.kind, as_of,
                                    f"asset-{asset.id}-v{version.number}")
            ids = {k: sid for k, sid in s.execute(select(Claim.key, Claim.stable_id)
                                                  .where(Claim.asset_id == asset.id).order_by(Claim.id))
                   if sid is not None}
            claims = [ClaimState(ids.get(claim_key(c.text), 0), c.text, c.verdict.value, c.blocks)
                      for c in report.claims]
            found = blockers(claims, [f.to_json_dict() for f in report.findings], version.text, threshold)
            if found:
                raise GateRefused("import.gate_refused", found, asset_id=asset.id, state=asset.state,
                                  items=[b.as_param() for b in found])
