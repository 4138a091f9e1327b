"""Real concurrent connections and a process killed mid-transaction, on both backends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from dbfixture import Clock
from sqlalchemy import func, select

import proofline
from proofline.store.db import open_database
from proofline.store.models import AssetVersion, AuditEntry, CheckRun, Review
from proofline.workflow import audit
from proofline.workflow.errors import ConflictError, WorkflowError
from proofline.workflow.services import PAUSE_ENV, Workflow

CLEAN = "Sentinair suit vos compresseurs d'air comprimé.\n"
SRC = str(Path(proofline.__file__).resolve().parents[1])


def _race(actions: list[object]) -> list[object]:
    """Run callables at the same instant in threads; return what each returned or raised."""
    barrier = threading.Barrier(len(actions))
    results: list[object] = [None] * len(actions)

    def go(i: int, fn: object) -> None:
        barrier.wait()
        try:
            results[i] = fn()  # type: ignore[operator]
        except WorkflowError as exc:
            results[i] = exc

    threads = [threading.Thread(target=go, args=(i, fn)) for i, fn in enumerate(actions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def _other(wf: Workflow, clock: Clock) -> Workflow:
    """A second service with its own engine: its own connections to the same database."""
    return Workflow(open_database(wf.root, url=wf.db.url), wf.root, clock=clock, workspace=wf.workspace())


def test_two_approvers_at_once(wf: Workflow, clock: Clock) -> None:
    a = wf.create_asset("wendy", title="Mail", kind="email", text=CLEAN)
    opened = wf.submit("wendy", a.id).revision
    other = _other(wf, clock)
    wf.add_user("ada", "alice", ["approver"])
    results = _race([lambda: wf.approve("alex", a.id, expected_revision=opened),
                     lambda: other.approve("alice", a.id, expected_revision=opened)])
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], ConflictError), results
    assert "changed since you opened it" in str(errors[0])
    assert wf.asset(a.id).state == "approved"
    with wf.db.session() as s:
        assert audit.verify(s).ok
        assert s.execute(select(func.count()).select_from(Review)).scalar_one() == 1
    other.db.dispose()


def test_two_editors_at_once_lose_nothing(wf: Workflow, clock: Clock) -> None:
    a = wf.create_asset("wendy", title="Mail", kind="email", text=CLEAN)
    other = _other(wf, clock)
    texts = [CLEAN + "Version de Wendy.\n", CLEAN + "Version de Walt.\n"]
    results = _race([lambda: wf.edit("wendy", a.id, texts[0], base_version=1),
                     lambda: other.edit("walt", a.id, texts[1], base_version=1)])
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], ConflictError), results
    winner = texts[0] if errors[0] is results[1] else texts[1]
    assert wf.text(a.id) == winner and wf.asset(a.id).version == 2
    with wf.db.session() as s:
        assert audit.verify(s).ok
    other.db.dispose()


KILLED = """
import sys
from datetime import UTC, datetime
from pathlib import Path
from proofline.store.db import open_database
from proofline.workflow.services import Workflow
url, root, asset = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
wf = Workflow(open_database(root, url=url), root, clock=lambda: datetime(2026, 11, 22, 12, tzinfo=UTC))
wf.request_changes("alex", asset, reason="killed before commit")
"""

KILLED_EDIT = """
import sys
from datetime import UTC, datetime
from pathlib import Path
from proofline.store.db import open_database
from proofline.workflow.services import Workflow
url, root, asset = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
wf = Workflow(open_database(root, url=url), root, clock=lambda: datetime(2026, 11, 22, 12, tzinfo=UTC))
wf.edit("wendy", asset, "Un texte qui ne sera jamais enregistré.\\n", base_version=wf.asset(asset).version)
"""


def _kill_midway(wf: Workflow, script: str, asset_id: int, tmp: Path) -> None:
    marker = tmp / f"paused-{time.monotonic_ns()}"
    env = {**os.environ, PAUSE_ENV: str(marker), "PYTHONPATH": SRC}
    proc = subprocess.Popen([sys.executable, "-c", script, wf.db.url, str(wf.root), str(asset_id)], env=env)
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert proc.poll() is None, "the transition ended before reaching its commit"
        assert time.monotonic() < deadline, "the transition never reached its commit"
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    assert proc.returncode == -signal.SIGKILL


def test_killed_transition_leaves_the_database_consistent(wf: Workflow, tmp_path: Path) -> None:
    a = wf.create_asset("wendy", title="Mail", kind="email", text=CLEAN)
    wf.submit("wendy", a.id)
    with wf.db.session() as s:
        entries = audit.verify(s).entries
        checks = s.execute(select(func.count()).select_from(CheckRun)).scalar_one()

    _kill_midway(wf, KILLED, a.id, tmp_path)
    _kill_midway(wf, KILLED_EDIT, a.id, tmp_path)

    after = wf.asset(a.id)
    assert after.state == "in_review" and after.review_cycles == 0 and after.version == 1
    with wf.db.session() as s:
        result = audit.verify(s)
        assert result.ok and result.entries == entries
        assert s.execute(select(func.count()).select_from(Review)).scalar_one() == 0
        assert s.execute(select(func.count()).select_from(AssetVersion)).scalar_one() == 1
        assert s.execute(select(func.count()).select_from(CheckRun)).scalar_one() == checks
        assert s.execute(select(func.count()).select_from(AuditEntry)).scalar_one() == entries
    # and the database still works: the same transition now goes through
    assert wf.request_changes("alex", a.id, reason="after the crash").review_cycles == 1
