"""Publish the approved version: the final text and a proof pack of every claim and what backs it.

Four-eyes to the end: nobody who wrote or edited a version publishes it. The gate runs again on a
fresh check of the approved text (a source may have expired since the approval). After the
commit, the audit chain's head is signed and anchored (outside the database). Where the text goes
is a publisher's business (`workflow/publishers.py`; the built-in `folder` by default): the local
files it writes are hashed into the publication row, so `audit verify` can check them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from proofline.cache import sha256_hex
from proofline.store.models import Approval, Asset, AssetVersion, CheckRun, Publication
from proofline.workflow import audit
from proofline.workflow.actions.base import AssetAction
from proofline.workflow.actions.check import fresh_check
from proofline.workflow.bindings import file_path, recorded_name
from proofline.workflow.context import Context
from proofline.workflow.errors import ConflictError, GateRefused, InputRefused, InvalidTransition, NotFound
from proofline.workflow.proof import AtomicFiles, proof_pack, publication_files
from proofline.workflow.publishers import DEFAULT_PUBLISHER, Delivery, Publisher, publishers
from proofline.workflow.queries import asset_row, latest_version, recorded_blockers
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
            for p in written:  # only this publisher's files: the asset's row lock kept any other one out
                p.unlink(missing_ok=True)
            raise
        from proofline.workflow.anchors import anchor_publication

        anchor_publication(self.ctx.db, self.ctx.root, self.ctx.now())  # after the commit: the signed head
        return view

    def _publish(self, run_id: int, written: list[Path]) -> PublicationView:
        """The transaction: the gate on the fresh check, the files, the publication row, the state.

        The asset's row is locked first, so concurrent publishers of one asset go one after the other
        (SQLite's BEGIN IMMEDIATE already serialises them): the second finds the asset published and is
        refused before it writes a file. The files are written whole before the commit, with their sha256
        in the publication row, so a committed publication always has its files; a refused or failed one
        removes them again.
        """
        asset_id = self.asset_id
        with self.ctx.tx() as s:
            s.execute(select(Asset).where(Asset.id == asset_id).with_for_update()).scalar_one_or_none()
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
            proof = json.loads(audit.canonical(proof_pack(s, asset, version, run, approval, user, now)))
            text_path = proof_path = None
            recorded: dict[str, str] | None = None
            if self.out_dir is not None:
                done = self.publisher.publish(Delivery(asset.id, version.number, asset.kind, asset.language,
                                                       asset.title, version.text, proof), self.out_dir)
                written += done.files
                recorded = {recorded_name(self.ctx.root, path): sha256_hex(path.read_bytes()) for path in done.files}
                text_path, proof_path = done.text_path, done.proof_path
            s.add(Publication(asset_id=asset_id, version_id=version.id, published_by=user.id,
                              text_hash=version.content_hash, path=str(text_path) if text_path else None,
                              proof_json=audit.canonical(proof), created_at=now,
                              files_json=audit.canonical(recorded) if recorded is not None else None))
            asset.published_at = now
            self.move(s, user, asset, None, {"version": version.number, "text_sha256": version.content_hash})
            return PublicationView(asset_id, version.number, text_path, proof_path, proof)


def regenerate(s: Session, root: Path, pub: Publication) -> dict[str, tuple[Path, bytes]]:
    """The files a publication recorded, written again from its rows: {recorded name: (path, bytes)}.

    Only files whose regenerated bytes hash to the recorded sha256 are returned: a file the database
    can no longer produce (its rows were changed) is for `audit verify` to report, not to overwrite.
    """
    if not pub.files_json or not pub.path:
        return {}
    recorded: dict[str, str] = json.loads(pub.files_json)
    version = s.get(AssetVersion, pub.version_id)
    if version is None:
        return {}
    paths = {file_path(root, name): name for name in recorded}
    text_file = next((p for p in paths if p.name == Path(pub.path).name), None)
    if text_file is None:
        return {}
    stem = text_file.name[:-len(".md")]
    out = {}
    for path, data in publication_files(text_file.parent, stem, version.text, json.loads(pub.proof_json)).items():
        name = paths.get(path)
        if name is not None and sha256_hex(data) == recorded[name]:
            out[name] = (path, data)
    return out


@dataclass(frozen=True)
class FileState:
    """One recorded file of a publication: ok, missing, differs; restored when --restore wrote it again."""

    name: str
    path: Path
    state: str


def publication_file_states(ctx: Context, asset_id: int, *, restore: bool = False) -> list[FileState]:
    """`proofline asset files`: each file of the asset's publications against its recorded hash, and with
    `restore` the missing or changed ones written again from the database (whole, atomically)."""
    out: list[FileState] = []
    with ctx.db.session() as s:
        asset_row(s, asset_id)
        pubs = list(s.execute(select(Publication).where(Publication.asset_id == asset_id)
                              .order_by(Publication.id)).scalars())
        if not pubs:
            raise NotFound("publication.missing", asset_id=asset_id)
        for pub in pubs:
            fresh = regenerate(s, ctx.root, pub)
            for name, sha in sorted(json.loads(pub.files_json or "{}").items()):
                path = file_path(ctx.root, name)
                try:
                    state = "ok" if sha256_hex(path.read_bytes()) == sha else "differs"
                except FileNotFoundError:
                    state = "missing"
                if state != "ok" and restore and name in fresh:
                    AtomicFiles().write(*fresh[name])
                    state = "restored"
                out.append(FileState(name, path, state))
    return out
