"""Export everything to a portable archive and restore it into an empty database, on both backends."""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

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


# --------------------------------------------------------------------------- the workspace travels too


def _published_workspace(database_url: str, sample_workspace: Path, tmp_path: Path) -> tuple[Workflow, Path]:
    from proofline.workflow import anchors

    root = tmp_path / "ws"
    shutil.copytree(sample_workspace, root, ignore=shutil.ignore_patterns(".proofline"))
    (root / ".gitignore").write_text(".proofline/\n")
    anchors.generate_key(root)
    clock = lambda: datetime(2026, 11, 22, 9, 30, tzinfo=UTC)  # noqa: E731
    wf = Workflow(open_database(root, url=database_url), root, clock=clock)
    wf.add_user(None, "ada", ["admin"])
    wf.add_user("ada", "wendy", ["writer"])
    wf.add_user("ada", "alex", ["approver"])
    for title in ("Mail", "Post"):
        a = wf.create_asset("wendy", title=title, kind="email", text=CLEAN)
        wf.submit("wendy", a.id)
        wf.approve("alex", a.id)
        wf.publish("alex", a.id)
    return wf, root


def _rewritten(src: Path, dst: Path, *, change: dict[str, bytes] | None = None, drop: str | None = None,
               add: dict[str, bytes] | None = None) -> Path:
    """A copy of an archive with members changed, dropped or added (the manifest left as it was)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for name in zin.namelist():
            if name != drop:
                zout.writestr(name, (change or {}).get(name, zin.read(name)))
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return dst


def _fresh_target(database_url: str, tmp_path: Path) -> Iterator[Any]:
    backend = "sqlite" if database_url.startswith("sqlite") else "postgresql"
    (tmp_path / "b").mkdir(exist_ok=True)
    for url in fresh_url(backend, tmp_path / "b"):
        db = open_database(tmp_path, url=url)
        yield db
        db.dispose()


def test_the_archive_carries_the_workspace_and_its_anchors(database_url: str, sample_workspace: Path,
                                                           tmp_path: Path) -> None:
    from proofline.workflow import anchors

    wf, root = _published_workspace(database_url, sample_workspace, tmp_path)
    archive = tmp_path / "whole.zip"
    manifest = export_archive(wf.db, archive, workspace=root)
    files = manifest["workspace"]["files"]
    assert {"kit.yaml", "attestations.yaml", "audit-key.pub", "audit-anchors.jsonl", ".gitignore"} <= set(files)
    assert "sources/etude-terrain-2025.md" in files and not manifest["workspace"]["private_key"]
    assert not any("audit-ed25519" in n for n in zipfile.ZipFile(archive).namelist())  # never the private key
    assert set(manifest["files"]) == set(zipfile.ZipFile(archive).namelist()) - {"manifest.json"}

    target_root = tmp_path / "restored"
    for target in _fresh_target(database_url, tmp_path):
        done = import_archive(target, archive, workspace=target_root)
        assert sorted(done.written) == sorted(files) and not done.notices and not done.kept
        for rel in files:
            assert (target_root / rel).read_bytes() == (root / rel).read_bytes(), rel
        lines = anchors.read_anchors(anchors.anchors_path(target_root))
        key = anchors.load_public_key(anchors.public_key_path(target_root))
        with target.session() as s:
            report = anchors.verify(s, anchors=lines, public_key=key)
        assert report.ok and len(lines) == 2 and report.covered == report.entries
    wf.db.dispose()


def test_a_tampered_archive_is_refused_by_name(database_url: str, sample_workspace: Path, tmp_path: Path) -> None:
    wf, root = _published_workspace(database_url, sample_workspace, tmp_path)
    archive = tmp_path / "whole.zip"
    export_archive(wf.db, archive, workspace=root)
    source = "workspace/sources/etude-terrain-2025.md"
    original = zipfile.ZipFile(archive).read(source)
    cases = {
        "changed": (_rewritten(archive, tmp_path / "a.zip", change={source: original.replace(b"41", b"48")}),
                    f"{source} does not match its sha256 in the manifest"),
        "dropped": (_rewritten(archive, tmp_path / "b.zip", drop="tables/audit_log.jsonl"),
                    "tables/audit_log.jsonl is listed in the manifest but missing"),
        "added": (_rewritten(archive, tmp_path / "c.zip", add={"workspace/sources/extra.md": b"---\ntype: study\n"}),
                  "workspace/sources/extra.md is not listed in the manifest"),
        "escaping": (_rewritten(archive, tmp_path / "d.zip", add={"../evil.md": b"x"}), "not listed"),
    }
    import hashlib
    import json

    manifest = json.loads(zipfile.ZipFile(archive).read("manifest.json"))  # an attacker edits the manifest too
    manifest["files"]["workspace/../evil.md"] = hashlib.sha256(b"x").hexdigest()
    manifest["workspace"]["files"].append("../evil.md")
    escaping = _rewritten(archive, tmp_path / "e.zip", change={"manifest.json": json.dumps(manifest).encode()},
                          add={"workspace/../evil.md": b"x"})
    cases["listed escaping"] = (escaping, "workspace/../evil.md would be written outside the workspace")
    target_root = tmp_path / "restored"
    for target in _fresh_target(database_url, tmp_path):
        for bad, message in cases.values():
            with pytest.raises(ArchiveError, match=re.escape(message)):
                import_archive(target, bad, workspace=target_root)
            assert not target_root.exists()  # nothing written
            with target.session() as s:
                assert audit.verify(s).entries == 0
    wf.db.dispose()


def test_a_workspace_that_differs_is_refused_or_kept_with_force(database_url: str, sample_workspace: Path,
                                                                tmp_path: Path) -> None:
    wf, root = _published_workspace(database_url, sample_workspace, tmp_path)
    archive = tmp_path / "whole.zip"
    export_archive(wf.db, archive, workspace=root)
    other = tmp_path / "other"
    shutil.copytree(sample_workspace, other, ignore=shutil.ignore_patterns(".proofline"))
    kit = (other / "kit.yaml").read_text() + "\n# edited after the export\n"
    (other / "kit.yaml").write_text(kit)
    (other / "sources" / "note.md").write_text("---\ntype: study\n---\nUne note.\n")
    for target in _fresh_target(database_url, tmp_path):
        with pytest.raises(ArchiveError, match=r"kit.yaml is not the archive's copy \(2 file\(s\) differ\)") as refused:
            import_archive(target, archive, workspace=other)
        assert refused.value.key == "archive.workspace_differs" and "--force" in str(refused.value)
        assert "diffère de l'archive" in refused.value.message("fr")
        (other / "kit.yaml").write_bytes((sample_workspace / "kit.yaml").read_bytes())
        with pytest.raises(ArchiveError, match=r"sources/note.md is not in the archive \(1 file\(s\) differ\)"):
            import_archive(target, archive, workspace=other)
        (other / "kit.yaml").write_text(kit)
        assert not (other / "audit-key.pub").exists()  # nothing written
        with target.session() as s:
            assert audit.verify(s).entries == 0

        done = import_archive(target, archive, workspace=other, force=True)
        assert done.kept == ["kit.yaml", "sources/note.md"]
        assert [n.key for n in done.notices] == ["archive.workspace_kept"]
        assert "checks will not give the archive's results" in str(done.notices[0])
        assert (other / "kit.yaml").read_text() == kit  # kept, not overwritten
        assert (other / "audit-key.pub").read_bytes() == (root / "audit-key.pub").read_bytes()  # missing: restored
    wf.db.dispose()


def test_an_older_archive_still_imports_with_a_notice(database_url: str, sample_workspace: Path,
                                                      tmp_path: Path) -> None:
    import json

    wf, root = _published_workspace(database_url, sample_workspace, tmp_path)
    archive = tmp_path / "whole.zip"
    manifest = export_archive(wf.db, archive, workspace=root)
    old = tmp_path / "v1.zip"
    v1 = {k: v for k, v in manifest.items() if k not in ("files", "workspace")} | {"version": 1}
    with zipfile.ZipFile(archive) as zin, zipfile.ZipFile(old, "w") as zout:
        for name in zin.namelist():
            if name.startswith(("tables/", "versions/")):
                zout.writestr(name, zin.read(name))
        zout.writestr("manifest.json", json.dumps(v1))
    for target in _fresh_target(database_url, tmp_path):
        done = import_archive(target, old, workspace=root)
        assert [n.key for n in done.notices] == ["archive.no_workspace_files"] and not done.written
        assert "the kit, sources, attestations and anchors were not included" in str(done.notices[0])
        with target.session() as s:
            assert audit.verify(s).ok
    wf.db.dispose()


def test_the_private_key_travels_only_when_asked(tmp_path: Path, sample_workspace: Path) -> None:
    import os
    import stat

    from proofline.workflow import anchors

    wf, root = _published_workspace(f"sqlite:///{tmp_path / 'a.db'}", sample_workspace, tmp_path)
    archive = tmp_path / "with-key.zip"
    manifest = export_archive(wf.db, archive, workspace=root, include_key=True)
    assert manifest["workspace"]["private_key"]
    target_root = tmp_path / "restored"
    target = open_database(target_root, url=f"sqlite:///{tmp_path / 'b.db'}")
    import_archive(target, archive, workspace=target_root)
    key = anchors.private_key_path(target_root)
    assert key.read_bytes() == anchors.private_key_path(root).read_bytes()
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    assert anchors.anchor(target, target_root, wf.now()).line == 3  # the restored workspace signs again
    target.dispose()
    wf.db.dispose()
