"""Export everything to a portable archive and restore it into an empty database, on both backends."""

from __future__ import annotations

import shutil
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from dbfixture import fresh_url

from proofline.store.db import current_revision, head_revision, open_database
from proofline.workflow import audit
from proofline.workflow.archive import export_archive, import_archive
from proofline.workflow.errors import ArchiveError
from proofline.workflow.services import Workflow

CLEAN = "Sentinair suit vos compresseurs d'air comprimé.\n"


def _tables(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n).decode("utf-8") for n in zf.namelist() if n.startswith(("tables/", "versions/"))}


def test_export_import_round_trip(database_url: str, sample_workspace: Path, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    shutil.copytree(sample_workspace, root, ignore=shutil.ignore_patterns(".proofline"))
    clock = lambda: datetime(2026, 11, 22, 9, 30, 15, 123456, tzinfo=UTC)  # noqa: E731
    db = open_database(root, url=database_url)
    assert current_revision(db.engine) == head_revision()
    wf = Workflow(db, root, clock=clock)
    wf.add_user(None, "ada", ["admin"])
    wf.add_user("ada", "wendy", ["writer"])
    wf.add_user("ada", "alex", ["approver"])
    draft = (root / "cases" / "linkedin-fr-etude.md").read_text("utf-8")
    a = wf.create_asset("wendy", title="Étude", kind="linkedin", text=draft)
    b = wf.create_asset("wendy", title="Mail", kind="email", text=CLEAN, parent_asset_id=a.id)
    wf.submit("wendy", b.id)
    wf.approve("alex", b.id)
    wf.publish("alex", b.id)  # four-eyes: not its writer

    first = tmp_path / "export.zip"
    manifest = export_archive(db, first)
    assert manifest["tables"]["assets"] == 2 and manifest["audit"]["entries"] > 5

    with pytest.raises(ArchiveError, match="not empty"):
        import_archive(db, first)

    for url in fresh_url("sqlite" if database_url.startswith("sqlite") else "postgresql", tmp_path / "b"):
        (tmp_path / "b").mkdir(exist_ok=True)
        target = open_database(root, url=url)
        import_archive(target, first)
        second = tmp_path / "again.zip"
        export_archive(target, second)
        assert _tables(first) == _tables(second)
        restored = Workflow(target, root, clock=clock)
        with target.session() as s:
            assert audit.verify(s).ok
        assert restored.asset(b.id).state == "published"
        assert restored.text(a.id) == draft
        c = restored.create_asset("wendy", title="Après import", kind="other", text=CLEAN)  # ids continue
        assert c.id == 3
        with target.session() as s:
            assert audit.verify(s).ok
        target.dispose()
    db.dispose()


def test_import_refuses_a_damaged_archive(database_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip")
    db = open_database(tmp_path, url=database_url)
    with pytest.raises(ArchiveError, match="not a Proofline archive"):
        import_archive(db, bad)
    db.dispose()
