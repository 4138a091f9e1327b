"""Add a validated document to sources/ (front matter or sidecar written from the form), then load it.

Experts and admins only: a source is proof, so it needs someone who can vouch for it. The files
are removed again if anything after them fails, the audit entry included.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from proofline.store.models import User
from proofline.workflow.actions.base import Action
from proofline.workflow.context import Context
from proofline.workflow.errors import InputRefused, PermissionDenied
from proofline.workflow.queries import user_named

SOURCE_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm", ".pdf", ".docx")
CURATORS = ("expert", "admin")


class AddSource(Action[str]):
    def __init__(self, ctx: Context, actor: str | None, filename: str, data: bytes, *, source_id: str, title: str,
                 type: str, validated_by: str, validated_on: date, valid_until: date | None = None,
                 lang: str | None = None) -> None:
        super().__init__(ctx, actor)
        self.filename, self.data, self.source_id, self.title, self.type = filename, data, source_id, title, type
        self.validated_by, self.validated_on, self.valid_until, self.lang = validated_by, validated_on, valid_until, lang

    @staticmethod
    def check_perm(user: User) -> None:
        if not user.role_set & set(CURATORS):
            raise PermissionDenied("source.needs_role", user=user.name, roles=list(CURATORS))

    def check_input(self) -> str:
        """The form's problems, before any file is written; the file's suffix."""
        from proofline.model import SourceType

        suffix = Path(self.filename).suffix.lower()
        if suffix not in SOURCE_SUFFIXES:
            raise InputRefused("source.bad_file", filename=Path(self.filename).name, suffixes=list(SOURCE_SUFFIXES))
        if not re.fullmatch(r"[a-z0-9][a-z0-9._-]{0,99}", self.source_id):
            raise InputRefused("source.bad_id", source_id=self.source_id)
        if self.type not in {t.value for t in SourceType}:
            raise InputRefused("source.unknown_type", type=self.type, types=[t.value for t in SourceType])
        if not self.title.strip() or not self.validated_by.strip():
            raise InputRefused("source.no_title")
        if self.valid_until is not None and self.valid_until < self.validated_on:
            raise InputRefused("source.bad_validity")
        if self.ctx.workspace(reload=True).source(self.source_id) is not None:
            raise InputRefused("source.exists", source_id=self.source_id)
        return suffix

    def execute(self) -> str:
        from proofline.workspace.extract import ExtractError
        from proofline.workspace.loader import SourceError, load_source

        with self.ctx.db.session() as s:
            self.check_perm(user_named(s, self.actor))
        suffix = self.check_input()
        written: list[Path] = []
        try:
            path = self._write(suffix, written)
            try:
                source = load_source(path)
            except (SourceError, ExtractError) as exc:
                raise InputRefused("source.unusable", detail=str(exc)) from exc
            if not source.text.strip():
                raise InputRefused("source.no_text")
            with self.ctx.tx() as s:
                self.log(s, user_named(s, self.actor), "source.add", None, entity="source", entity_id=self.source_id,
                         after={"file": path.name, "type": self.type, "sha256": source.content_hash,
                                "valid_until": self.valid_until.isoformat() if self.valid_until else None})
        except BaseException:
            for p in written:
                p.unlink(missing_ok=True)
            raise
        self.ctx.workspace(reload=True)
        return self.source_id

    def _write(self, suffix: str, written: list[Path]) -> Path:
        """The document and its metadata in sources/: Markdown with front matter, anything else with a sidecar."""
        import yaml

        from proofline.workspace.extract import ExtractError, split_front_matter

        meta: dict[str, Any] = {"id": self.source_id, "title": self.title.strip(), "type": self.type,
                                "validated_by": self.validated_by.strip(), "validated_on": self.validated_on}
        if self.valid_until is not None:
            meta["valid_until"] = self.valid_until
        if self.lang:
            meta["lang"] = self.lang
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
        folder = self.ctx.root / "sources"
        folder.mkdir(parents=True, exist_ok=True)
        if suffix in (".md", ".markdown"):
            try:
                body = split_front_matter(self.data.decode("utf-8-sig")).body
            except (UnicodeDecodeError, ExtractError) as exc:
                raise InputRefused("source.markdown_unreadable", detail=str(exc)) from exc
            path = folder / f"{self.source_id}.md"
            if path.exists():
                raise InputRefused("source.file_exists", filename=path.name)
            path.write_text(f"---\n{front}---\n{body}", "utf-8")
            written.append(path)
            return path
        path = folder / f"{self.source_id}{suffix}"
        sidecar = path.with_name(path.name + ".yaml")
        if path.exists() or sidecar.exists():
            raise InputRefused("source.file_exists", filename=path.name)
        path.write_bytes(self.data)
        written.append(path)
        sidecar.write_text(front, "utf-8")
        written.append(sidecar)
        return path
