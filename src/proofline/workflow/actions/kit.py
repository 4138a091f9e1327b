"""Replace the brand kit (admins): validated first, both versions recorded, audited, then written.

A kit with problems is not saved: the problems come back as "line N: [key] message", for the
editor to show. `base_sha256` is the kit the editor started from; one changed meanwhile is a conflict.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from sqlalchemy import select

from proofline.cache import sha256_hex
from proofline.store.models import KitVersion, User
from proofline.workflow.actions.base import Action
from proofline.workflow.actions.recording import get_or_add
from proofline.workflow.context import Context
from proofline.workflow.errors import ConflictError, InputRefused, PermissionDenied
from proofline.workflow.queries import kit_text, user_named


class SaveKit(Action[list[str]]):
    def __init__(self, ctx: Context, actor: str | None, text: str, *, base_sha256: str | None = None) -> None:
        super().__init__(ctx, actor)
        self.text, self.base_sha256 = text, base_sha256

    @staticmethod
    def check_perm(user: User) -> None:
        if "admin" not in user.role_set:
            raise PermissionDenied("kit.needs_admin", user=user.name)

    def execute(self) -> list[str]:
        from proofline.workspace.loader import load_kit
        from proofline.workspace.model import WorkspaceError

        with self.ctx.db.session() as s:
            self.check_perm(user_named(s, self.actor))
        current, text = kit_text(self.ctx), self.text
        if self.base_sha256 is not None and self.base_sha256 != sha256_hex(current):
            raise ConflictError("conflict.kit_changed")
        if text == current:
            raise InputRefused("kit.unchanged")
        with tempfile.TemporaryDirectory() as tmp:
            probe = Path(tmp) / "kit.yaml"
            probe.write_text(text, "utf-8")
            try:
                kit = load_kit(probe)
            except WorkspaceError as exc:
                return [(f"line {p.line}: " if p.line else "") + (f"[{p.key}] " if p.key else "") + p.message
                        for p in exc.problems]
        with self.ctx.tx() as s:
            user = user_named(s, self.actor)
            for content in (current, text):
                get_or_add(s, select(KitVersion).where(KitVersion.content_hash == sha256_hex(content)),
                           lambda content=content: KitVersion(  # type: ignore[misc]
                               content_hash=sha256_hex(content), brand=kit.brand, content=content,
                               recorded_at=self.ctx.now()))
            self.log(s, user, "kit.save", None, entity="kit", entity_id="kit.yaml",
                     before={"sha256": sha256_hex(current)}, after={"sha256": sha256_hex(text)})
            (self.ctx.root / "kit.yaml").write_text(text, "utf-8")
        self.ctx.workspace(reload=True)
        return []
