"""Withdraw a published asset: its publication and proof pack are marked withdrawn, with who and why."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy.orm import Session

from proofline.store.models import Asset, AssetVersion, User
from proofline.workflow import audit
from proofline.workflow.actions.base import AssetAction
from proofline.workflow.errors import InvalidTransition
from proofline.workflow.exporters import write_exports
from proofline.workflow.queries import live_publication
from proofline.workflow.views import AssetView


class Withdraw(AssetAction[AssetView]):
    transition = "withdraw"
    reason_needed = "withdraw.no_reason"

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
        version = s.get(AssetVersion, pub.version_id)
        self.move(s, user, asset, reason, {"version": version.number if version else None, "publication": pub.id})
        if pub.path:  # the files the folder publisher wrote say it too
            text_file = Path(pub.path)
            if text_file.with_name(text_file.stem + ".proof.json").is_file():
                write_exports(text_file.parent, text_file.stem, proof)
        return self.view(s, asset)
