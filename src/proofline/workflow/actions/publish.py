"""Publish the approved version: the final text and a proof pack of every claim and what backs it.

Four-eyes to the end: nobody who wrote or edited a version publishes it. The gate runs again on a
fresh check of the approved text (a source may have expired since the approval). After the
commit, the audit chain's head is signed and anchored (outside the database). Where the text goes
is a publisher's business (`workflow/publishers.py`; the built-in `folder` by default).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from proofline.store.models import Approval, CheckRun, Publication
from proofline.workflow import audit
from proofline.workflow.actions.base import AssetAction
from proofline.workflow.actions.check import fresh_check
from proofline.workflow.context import Context
from proofline.workflow.errors import ConflictError, GateRefused, InputRefused, InvalidTransition
from proofline.workflow.proof import proof_pack
from proofline.workflow.publishers import DEFAULT_PUBLISHER, Delivery, Publisher, publishers
from proofline.workflow.queries import latest_version, recorded_blockers
from proofline.workflow.views import PublicationView


class Publish(AssetAction[PublicationView]):
    transition = "publish"
    four_eyes = True

    def __init__(self, ctx: Context, actor: str | None, asset_id: int, out_dir: Path | None = None, *,
                 expected_revision: int | None = None, publisher: str = DEFAULT_PUBLISHER) -> None:
        super().__init__(ctx, actor, asset_id, expected_revision=expected_revision)
        self.out_dir = out_dir  # None: the publication is recorded, nothing is delivered
        self.publisher_name = publisher

    def execute(self) -> PublicationView:
        with self.ctx.db.session() as s:
            self.load(s)
        found = publishers()
        if self.publisher_name not in found:
            raise InputRefused("publish.unknown_publisher", name=self.publisher_name, available=list(found))
        self.publisher: Publisher = found[self.publisher_name]
        run_id = fresh_check(self.ctx, self.actor, self.asset_id, self.expected_revision)
        written: list[Path] = []
        try:
            view = self._publish(run_id, written)
        except BaseException:
            for p in written:
                p.unlink(missing_ok=True)
            raise
        from proofline.workflow.anchors import anchor_publication

        anchor_publication(self.ctx.db, self.ctx.root, self.ctx.now())  # after the commit: the signed head
        return view

    def _publish(self, run_id: int, written: list[Path]) -> PublicationView:
        """The transaction: the gate on the fresh check, the files, the publication row, the state."""
        asset_id = self.asset_id
        with self.ctx.tx() as s:
            user, asset = self.load(s)
            approval = s.execute(select(Approval).where(Approval.asset_id == asset_id)
                                 .order_by(Approval.id.desc()).limit(1)).scalar_one()
            version = latest_version(s, asset_id)
            if approval.version_id != version.id:  # pragma: no cover - editing reopens review
                raise InvalidTransition("publish.not_approved_version", version=version.number, asset_id=asset_id)
            run = s.get(CheckRun, run_id)
            assert run is not None
            if run.version_id != version.id:
                raise ConflictError("conflict.review_stale", asset_id=asset_id, version=version.number)
            found = recorded_blockers(self.ctx, s, run, version)
            if found:
                raise GateRefused("publish.blocking", found, asset_id=asset_id, count=len(found),
                                  items=[b.as_param() for b in found])
            now = self.ctx.now()
            proof = proof_pack(s, asset, version, run, approval, user, now)
            text_path = proof_path = None
            if self.out_dir is not None:
                done = self.publisher.publish(Delivery(asset.id, version.number, asset.kind, asset.language,
                                                          asset.title, version.text, proof), self.out_dir)
                written += done.files
                text_path, proof_path = done.text_path, done.proof_path
            s.add(Publication(asset_id=asset_id, version_id=version.id, published_by=user.id,
                              text_hash=version.content_hash, path=str(text_path) if text_path else None,
                              proof_json=audit.canonical(proof), created_at=now))
            asset.published_at = now
            self.move(s, user, asset, None, {"version": version.number, "text_sha256": version.content_hash})
            return PublicationView(asset_id, version.number, text_path, proof_path, proof)
