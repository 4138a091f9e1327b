"""Restore an archive (workflow/archive.py) through the gate, all or nothing.

Every text the archive has approved or published (a live publication too, of an asset whose
correction is under way) is checked again against this workspace (its kit, sources and the
archive's confirmed attestations) inside the import's transaction: one that the gate refuses
undoes the whole import, naming the asset and what blocks it. The archive's
confirmed attestations are then exported to attestations.validated.yaml. No actor: whoever can
write the workspace and its empty database restores it; the archive's own audit chain comes with it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from proofline.store.models import Asset, AssetVersion, Claim, Publication
from proofline.workflow import attestations
from proofline.workflow.actions.publish import regenerate
from proofline.workflow.actions.recording import check_as_asset, claim_key
from proofline.workflow.context import Context
from proofline.workflow.errors import GateRefused
from proofline.workflow.gate import ClaimState, blockers
from proofline.workflow.proof import AtomicFiles
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
                undo.append(self.restore_files(s))

        try:
            result = import_archive(self.ctx.db, self.path, workspace=self.ctx.root, force=self.force,
                                    before_commit=before_commit)
        except BaseException:
            for u in undo:
                u()
            raise
        self.ctx.workspace(reload=True)
        return result

    def restore_files(self, s: Session) -> Callable[[], None]:
        """The published files the archive's publications recorded inside the workspace, written again from
        their rows where missing (byte for byte, so their recorded hashes hold); files recorded outside the
        workspace are never written from an archive. Returns the undo."""
        files = AtomicFiles()
        for pub in s.execute(select(Publication).order_by(Publication.id)).scalars():
            for name, (path, data) in regenerate(s, self.ctx.root, pub).items():
                if not Path(name).is_absolute() and ".." not in Path(name).parts and not path.exists():
                    files.write(path, data)
        return files.undo

    def check_gate(self, s: Session) -> None:
        """The gate, checked now in this workspace, on every text of the archive that is out or cleared to go out:
        an approved asset's latest version, and every live publication, also of an asset under correction
        (in review or approved again: its published text stays live until the correction is published)."""
        ws = self.ctx.checked_workspace(s)
        as_of = self.ctx.now().date()
        threshold = ws.kit.gate.block_findings
        live_ids = select(Publication.asset_id).where(Publication.withdrawn_at.is_(None))
        for asset in s.execute(select(Asset).where(or_(Asset.state.in_([State.APPROVED.value, State.PUBLISHED.value]),
                                                       Asset.id.in_(live_ids)))
                               .order_by(Asset.id)).scalars():
            for version, state in self._gated(s, asset):
                report = check_as_asset(self.ctx, ws, version.text, asset.kind, as_of,
                                        f"asset-{asset.id}-v{version.number}")
                ids = {k: sid for k, sid in s.execute(select(Claim.key, Claim.stable_id)
                                                      .where(Claim.asset_id == asset.id).order_by(Claim.id))
                       if sid is not None}
                claims = [ClaimState(ids.get(claim_key(c.text), 0), c.text, c.verdict.value, c.blocks)
                          for c in report.claims]
                found = blockers(claims, [f.to_json_dict() for f in report.findings], version.text, threshold)
                if found:
                    raise GateRefused("import.gate_refused", found, asset_id=asset.id, state=state,
                                      items=[b.as_param() for b in found])

    @staticmethod
    def _gated(s: Session, asset: Asset) -> list[tuple[AssetVersion, str]]:
        """(version, the state it stands for): an approved latest version first, then the live published one."""
        out = [(latest_version(s, asset.id), asset.state)] if asset.state == State.APPROVED.value else []
        live = live_publication(s, asset.id)
        published = s.get(AssetVersion, live.version_id) if live is not None else None
        if published is None and asset.state == State.PUBLISHED.value:
            published = latest_version(s, asset.id)
        if published is not None and all(v.id != published.id for v, _state in out):
            out.append((published, State.PUBLISHED.value))
        return out
