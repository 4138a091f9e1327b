"""The experts' confirmed attestations as a workspace file, so `proofline check` in CI sees what the desk sees.

The database is their truth; `attestations.validated.yaml` is its copy, rewritten inside the
transaction that confirms one (with an undo if the commit fails) and again after the commit.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from proofline.store.db import Database
from proofline.store.models import ExpertAttestation, User

VALIDATED_FILE = "attestations.validated.yaml"  # the store's confirmed attestations, for `proofline check` in CI


def exported_ids(root: Path) -> set[str]:
    """Ids in the workspace's attestations.validated.yaml (the loader read them as attestations)."""
    path = root / VALIDATED_FILE
    if not path.is_file():
        return set()
    import yaml

    try:
        data = yaml.safe_load(path.read_text("utf-8")) or []
    except (OSError, yaml.YAMLError):
        return set()
    return {str(item["id"]) for item in data if isinstance(item, dict) and "id" in item}


def export(s: Session, root: Path) -> Callable[[], None]:
    """Write the confirmed attestations to the workspace, inside the caller's transaction.

    Called just before commit; returns an undo that puts the previous file back, which the
    caller runs if the commit fails, so the file and the database never disagree.
    """
    import yaml

    rows = s.execute(select(ExpertAttestation, User.display_name)
                     .join(User, User.id == ExpertAttestation.expert_id)
                     .where(ExpertAttestation.status == "confirmed")
                     .order_by(ExpertAttestation.id)).all()
    entries = []
    for a, who in rows:
        item: dict[str, Any] = {"id": a.ident, "claim": a.claim, "category": a.category, "expert": who,
                                "validated_on": a.validated_on}
        if a.valid_until is not None:
            item["valid_until"] = a.valid_until
        entries.append(item)
    header = ("# Written by Proofline from its database (`claim validate`, `claim confirm`): the experts'\n"
              "# validated attestations, read by `proofline check` like attestations.yaml. Keep it in git;\n"
              "# do not edit it by hand (the next validation rewrites it).\n")
    body = header + (yaml.safe_dump(entries, allow_unicode=True, sort_keys=False) if entries else "[]\n")
    path = root / VALIDATED_FILE
    before = path.read_bytes() if path.exists() else None
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(body, "utf-8")
    tmp.replace(path)

    def undo() -> None:
        if before is None:
            path.unlink(missing_ok=True)
        else:
            path.write_bytes(before)

    return undo


def sync(db: Database, root: Path) -> None:
    """Rewrite attestations.validated.yaml from what is committed: two validations committing at once
    (each wrote the file before its commit, without the other's row) converge to the database."""
    with db.session() as s:
        export(s, root)
