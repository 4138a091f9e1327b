"""The proof pack of a publication: every claim with what backs it, as JSON and for humans (Markdown).

Written by publish (into the database, and by the publisher as the exporters' files: JSON and
Markdown, workflow/exporters.py) and marked by withdraw; the desk's downloads render the stored pack.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from proofline.store.models import (
    Approval,
    Asset,
    AssetVersion,
    CheckRun,
    Claim,
    ExpertAttestation,
    KitVersion,
    User,
)
from proofline.workflow import audit
from proofline.workflow.queries import claim_views, resolutions


def proof_pack(s: Session, asset: Asset, version: AssetVersion, run: CheckRun, approval: Approval,
               publisher: User, now: datetime) -> dict[str, Any]:
    """Every claim of the published version and what backs it: sources, experts, overrides, citations."""
    approver = s.get(User, approval.approver_id)
    kit = s.get(KitVersion, run.kit_version_id) if run.kit_version_id else None
    claims = []
    done = resolutions(s, asset.id)
    for c in claim_views(s, run):
        entry: dict[str, Any] = {"text": c.text, "start": c.start, "end": c.end, "category": c.category,
                                 "verdict": c.verdict, "backed_by": list(c.evidence)}
        for r in done.get(c.key, []):
            if r.kind == "expert" and r.status == "done" and r.attestation_id:
                att = s.get(ExpertAttestation, r.attestation_id)
                expert = s.get(User, att.expert_id) if att else None
                if att and expert:
                    entry["expert_validation"] = {
                        "attestation": att.ident, "expert": expert.display_name,
                        "validated_on": att.validated_on.isoformat(),
                        "valid_until": att.valid_until.isoformat() if att.valid_until else None,
                        "reason": att.reason}
                    if att.overrides_source:
                        confirmer = s.get(User, att.confirmed_by) if att.confirmed_by else None
                        entry["override"] = {
                            "overrides_source": att.overrides_source, "verdict": att.overrides_verdict,
                            "expert": expert.display_name, "reason": att.reason,
                            "confirmed_by": confirmer.display_name if confirmer else None,
                            "confirmed_at": audit.utc_iso(att.confirmed_at) if att.confirmed_at else None}
            elif r.kind == "cited":
                entry["cited_source"] = r.source_id
        entry["claim_id"] = c.id
        claims.append(entry)
    removed = []
    for rs in done.values():
        for r in rs:
            if r.kind == "removed":
                gone = s.get(Claim, r.claim_id)
                removed.append({"claim": gone.text if gone else r.claim_key, "reason": r.reason})
    return {
        "asset": {"id": asset.id, "title": asset.title, "kind": asset.kind, "language": asset.language,
                  "audience": asset.audience},
        "version": version.number,
        "text_sha256": version.content_hash,
        "published_at": audit.utc_iso(now),
        "published_by": publisher.name,
        "approved_by": approver.name if approver else None,
        "approved_at": audit.utc_iso(approval.created_at),
        "check": {"as_of": run.as_of.isoformat(), "kit_sha256": kit.content_hash if kit else None,
                  "sources": json.loads(run.sources_json)},
        "claims": claims,
        "removed_claims": removed,
    }


def render_proof_markdown(proof: dict[str, Any]) -> str:
    """The proof pack for humans: one entry per claim with what backs it."""
    a = proof["asset"]
    withdrawn = proof.get("withdrawn")
    lines = [f"# Proof pack: {a['title']} (asset #{a['id']}, version {proof['version']})", ""]
    if withdrawn:
        lines += [f"**WITHDRAWN** on {withdrawn['at']} by {withdrawn['by']}: {withdrawn['reason']}", ""]
    lines += [
             f"Published {proof['published_at']} by {proof['published_by']}; approved by {proof['approved_by']} "
             f"on {proof['approved_at']}; checked as of {proof['check']['as_of']}.", ""]
    for i, c in enumerate(proof["claims"], 1):
        lines.append(f"{i}. «{c['text']}» ({c['category']}, {c['verdict']})")
        for e in c["backed_by"]:
            lines.append(f"   - {e.get('kind', 'source')} `{e['source']}`: «{e['quote']}»")
        if "expert_validation" in c:
            v = c["expert_validation"]
            lines.append(f"   - validated by {v['expert']} on {v['validated_on']} (until {v['valid_until']}): "
                         f"{v['reason']}")
        if "override" in c:
            o = c["override"]
            lines.append(f"   - OVERRIDE of source `{o['overrides_source']}` ({o['verdict']}) by {o['expert']}, "
                         f"confirmed by {o['confirmed_by']} on {o['confirmed_at']}: {o['reason']}")
        if "cited_source" in c:
            lines.append(f"   - cited source: `{c['cited_source']}`")
    if proof["removed_claims"]:
        lines += ["", "Removed before publication:"]
        lines += [f"- {r['claim']}" for r in proof["removed_claims"]]
    return "\n".join(lines) + "\n"


def publication_files(folder: Path, stem: str, text: str, proof: dict[str, Any]) -> dict[Path, bytes]:
    """The files of a publication, each a pure function of the database's rows (the version's text and
    the stored proof pack): `<stem>.md`, then `<stem><suffix>` for every registered exporter (the
    built-in `.proof.json` and `.proof.md` first). So they can always be written again, byte for byte,
    from the database."""
    from proofline.workflow.exporters import exporters

    files = {folder / f"{stem}.md": text.encode("utf-8")}
    for exporter in exporters().values():
        files[folder / f"{stem}{exporter.suffix}"] = exporter.render(proof).encode("utf-8")
    return files


def proof_files(folder: Path, stem: str, proof: dict[str, Any]) -> dict[Path, bytes]:
    """Only the proof pack's two files (withdraw rewrites them, the text stays)."""
    return {p: data for p, data in publication_files(folder, stem, "", proof).items() if p.name != f"{stem}.md"}


class AtomicFiles:
    """Files written whole (temporary file in the same folder, fsync, rename), each undoable.

    A reader never sees half a file, and a crash leaves either the old file or the new one. `undo`
    puts back what each file was before (or removes it), for a transaction that did not commit.
    """

    def __init__(self) -> None:
        self._done: list[tuple[Path, bytes | None]] = []

    def write(self, path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            previous: bytes | None = path.read_bytes()
        except FileNotFoundError:
            previous = None
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self._done.append((path, previous))

    def undo(self) -> None:
        for path, previous in reversed(self._done):
            if previous is None:
                path.unlink(missing_ok=True)
            else:
                AtomicFiles().write(path, previous)
        self._done.clear()
