"""Issue 17, item 3: a publication's files are written whole, recorded with their hashes, and can be written again."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from dbfixture import Clock

from proofline.store.db import open_database
from proofline.store.models import Publication
from proofline.workflow import bindings
from proofline.workflow.anchors import Notice
from proofline.workflow.errors import WorkflowError
from proofline.workflow.services import Workflow

CLEAN = "Sentinair suit vos compresseurs d'air comprimé.\n"


def _approved(wf: Workflow) -> int:
    a = wf.create_asset("wendy", title="Mail", kind="email", text=CLEAN)
    wf.submit("wendy", a.id)
    wf.approve("alex", a.id)
    return a.id


def _findings(wf: Workflow) -> list[str]:
    with wf.db.session() as s:
        return [f.key for f in bindings.verify_rows(s) + bindings.verify_files(s, wf.root)]


def test_files_are_recorded_rewritten_on_withdraw_and_restored(wf: Workflow) -> None:
    aid = _approved(wf)
    wf.publish("alex", aid, wf.root / "published")
    with wf.db.session() as s:
        pub = s.query(Publication).one()
        recorded = json.loads(pub.files_json or "{}")
    assert sorted(recorded) == [f"published/asset-{aid}-v1.md", f"published/asset-{aid}-v1.proof.json",
                                f"published/asset-{aid}-v1.proof.md"]
    assert _findings(wf) == []

    wf.withdraw("alex", aid, reason="Prix changé")
    proof = json.loads((wf.root / "published" / f"asset-{aid}-v1.proof.json").read_text("utf-8"))
    assert proof["withdrawn"]["reason"] == "Prix changé"
    assert _findings(wf) == []  # the new proof files' hashes went into the publication row, audited

    (wf.root / "published" / f"asset-{aid}-v1.proof.md").unlink()
    text = wf.root / "published" / f"asset-{aid}-v1.md"
    text.write_text("Autre chose.\n", "utf-8")
    assert sorted(_findings(wf)) == ["verify.file_differs", "verify.file_missing"]
    assert {f.state for f in wf.publication_files(aid)} == {"ok", "missing", "differs"}
    assert {f.state for f in wf.publication_files(aid, restore=True)} == {"ok", "restored"}
    assert text.read_text("utf-8") == CLEAN
    assert _findings(wf) == []


def test_concurrent_publishers_leave_one_publication_with_its_files(wf: Workflow, clock: Clock) -> None:
    aid = _approved(wf)
    others = [Workflow(open_database(wf.root, url=wf.db.url), wf.root, clock=clock, workspace=wf.workspace())
              for _ in range(3)]
    barrier = threading.Barrier(len(others))
    outcomes: list[object] = []

    def go(flow: Workflow) -> None:
        barrier.wait()
        try:
            outcomes.append(flow.publish("alex", aid, wf.root / "published"))
        except WorkflowError as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=go, args=(o,)) for o in others]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert sum(not isinstance(o, WorkflowError) for o in outcomes) == 1, outcomes
    assert all(p.is_file() for p in (wf.root / "published").glob(f"asset-{aid}-v1*"))
    assert len(list((wf.root / "published").glob(f"asset-{aid}-v1*"))) == 3
    assert not list((wf.root / "published").glob(".*.part"))
    assert _findings(wf) == []
    for o in others:
        o.db.dispose()


def test_findings_are_written_in_english_and_french(tmp_path: Path) -> None:
    where = {"publication": 1, "asset_id": 3, "version": 2, "file": "published/asset-3-v2.md"}
    assert "is missing" in Notice("verify.file_missing", where).message("en")
    assert "est absent" in Notice("verify.file_missing", where).message("fr")
    differs = {"table": "users", "id": 2, "fields": ["roles"], "seq": 4, "action": "user.add", "actor": "ada",
               "at": "2026-11-22T09:00:00.000000Z"}
    assert Notice("verify.row_differs", differs).message("en").startswith("users row #2: roles no longer")
    assert "Ligne n° 2 de users : roles" in Notice("verify.row_differs", differs).message("fr").replace("\u00a0", " ")
