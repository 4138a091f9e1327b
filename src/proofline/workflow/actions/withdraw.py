"""Withdraw a published asset: its publication and proof pack are marked withdrawn, with who and why."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from proofline.cache import sha256_hex
from proofline.store.models import Asset, AssetVersion, Publication, User
from proofline.workflow import audit
from proofline.workflow.actions.base import AssetAction
from proofline.workflow.bindings import file_path, recorded_name
from proofline.workflow.errors import InvalidTransition
from proofline.workflow.proof import AtomicFiles, proof_files
from proofline.workflow.queries import live_publication
from proofline.workflow.views import AssetView


class Withdraw(AssetAction[AssetView]):
    transition = "withdraw"
    reason_needed = "withdraw.no_reason"

    def execute(self) -> AssetView:
        self._files = AtomicFiles()
        try:
            return super().execute()
        except BaseException:
            self._files.undo()  # the transaction did not commit: the proof files say what they said
            raise

    def _execute(self, s: Session, user: User, asset: Asset) -> AssetView:
        pub = live_publication(s, self.asset_id)
        if pub is None:
            raise InvalidTransition("withdraw.not_live", asset_id=self.asset_id)
        assert self.reason is not None  # check_input refused a missing one
        now, reason = self.ctx.now(), self.reason.strip()
        pub.withdrawn_at, pub.withdrawn_by, pub.withdraw_reason = now, user.id, reason
        proof = json.loads(pub.proof_json)
        proof["withdrawn"] = {"at": audit.utc_iso(now), "by": user.name, "reason": reason}
        pub.proof_json = audit.canonical(proof)
        self._rewrite_proof_files(pub, proof)
        version = s.get(AssetVersion, pub.version_id)
        self.move(s, user, asset, reason, {"version": version.number if version else None, "publication": pub.id})
        return self.view(s, asset)

    def _rewrite_proof_files(self, pub: Publication, proof: dict[str, Any]) -> None:
        """The proof files written at publication say it too; their new hashes go into the publication row."""
        if not pub.path:
            return
        text_file = Path(pub.path)
        recorded: dict[str, str] | None = json.loads(pub.files_json) if pub.files_json else None
        if recorded is not None:
            names = {file_path(self.ctx.root, name).name: name for name in recorded}
            text_file = file_path(self.ctx.root, names.get(text_file.name, str(text_file)))
        elif not text_file.with_name(text_file.stem + ".proof.json").is_file():
            return  # an old publication whose files are gone: nothing to mark
        for path, data in proof_files(text_file.parent, text_file.stem, proof).items():
            self._files.write(path, data)
            if recorded is not None:
                recorded[recorded_name(self.ctx.root, path)] = sha256_hex(data)
        if recorded is not None:
            pub.files_json = audit.canonical(recorded)
