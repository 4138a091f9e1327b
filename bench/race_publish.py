"""Concurrent `proofline asset publish` processes on one asset, each run in a fresh workspace and database.

    python bench/race_publish.py --runs 9 --backend postgresql     # issue 17, item 3
    python bench/race_publish.py --runs 9 --backend sqlite

Each run: a new folder (a copy of the sample workspace with its own audit key) and a new database
(PostgreSQL: a fresh database on 127.0.0.1:5432; SQLite: the workspace's own file); one asset is
created, submitted and approved in this process; then 3 to 10 `proofline asset publish 1` processes
(the console script, as a user runs it) start at once. Afterwards: how many succeeded, how many
publication rows exist, whether the files each publication row names exist and match the recorded
hashes (when recorded), whether `proofline audit verify` passes, and any traceback on stderr.
A fresh folder per run matters: reusing one (as the issue's first harness did) leaves earlier
runs' files in place and muddles what a run wrote.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO / "src")]

CLEAN = "Sentinair suit vos compresseurs d'air comprimé.\n"
PG_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
PROOFLINE = str(Path(sys.executable).with_name("proofline"))


def _pg(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_SERVER, autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def one_run(backend: str, writers: int, base: Path) -> dict[str, object]:
    from sqlalchemy import select

    from proofline.store.db import open_database
    from proofline.store.models import Publication
    from proofline.workflow import anchors
    from proofline.workflow.services import Workflow

    root = Path(tempfile.mkdtemp(prefix="race-", dir=base)) / "ws"
    shutil.copytree(REPO / "examples" / "sample-workspace", root, ignore=shutil.ignore_patterns(".proofline"))
    anchors.generate_key(root)
    name = "proofline_race_" + secrets.token_hex(6)
    url = None
    if backend == "postgresql":
        _pg(f'CREATE DATABASE "{name}"')
        url = PG_URL.format(name=name)
    try:
        db = open_database(root, url=url)
        wf = Workflow(db, root, clock=lambda: datetime(2026, 11, 22, 9, tzinfo=UTC))
        wf.add_user(None, "ada", ["admin"])
        wf.add_user("ada", "wendy", ["writer"])
        wf.add_user("ada", "alex", ["approver"])
        a = wf.create_asset("wendy", title="Mail", kind="email", text=CLEAN)
        wf.submit("wendy", a.id)
        wf.approve("alex", a.id)
        db.dispose()
        env = {**os.environ, "PROOFLINE_NOW": "2026-11-22T10:00:00Z"}
        if url:
            env["PROOFLINE_DATABASE_URL"] = url
        procs = [subprocess.Popen([PROOFLINE, "asset", "publish", str(a.id), "--as", "alex", "-w", str(root)],
                                  env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(writers)]
        outs = [p.communicate(120) for p in procs]
        codes = [p.returncode for p in procs]
        tracebacks = sum("Traceback" in err for _out, err in outs)
        db = open_database(root, url=url)
        with db.session() as s:
            pubs = list(s.execute(select(Publication)).scalars())
            missing, mismatched = 0, 0
            for p in pubs:
                if p.path is None:
                    continue
                text = Path(p.path) if Path(p.path).is_absolute() else root / p.path
                stem = text.name[:-len(".md")]
                files = [text, text.with_name(stem + ".proof.json"), text.with_name(stem + ".proof.md")]
                missing += sum(not f.is_file() for f in files)
                recorded = json.loads(getattr(p, "files_json", None) or "{}")
                for rel, digest in recorded.items():
                    f = Path(rel) if Path(rel).is_absolute() else root / rel
                    if f.is_file() and hashlib.sha256(f.read_bytes()).hexdigest() != digest:
                        mismatched += 1
        db.dispose()
        verify = subprocess.run([PROOFLINE, "audit", "verify", "-w", str(root)], env=env, capture_output=True,
                                text=True)
        return {"writers": writers, "ok": codes.count(0), "refused": sum(c == 2 for c in codes),
                "other_exit": sum(c not in (0, 2) for c in codes), "publications": len(pubs),
                "missing_files": missing, "mismatched_files": mismatched, "tracebacks": tracebacks,
                "verify": verify.returncode,
                "stderr": sorted({err.strip().splitlines()[-1] for _o, err in outs if err.strip()})}
    finally:
        if backend == "postgresql":
            _pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(root.parent, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--backend", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    totals = {"runs": 0, "bad_runs": 0, "publications_not_1": 0, "missing_files": 0, "mismatched_files": 0,
              "tracebacks": 0, "verify_failed": 0}
    with tempfile.TemporaryDirectory(prefix="proofline-race-") as tmp:
        for i in range(args.runs):
            r = one_run(args.backend, rng.randint(3, 10), Path(tmp))
            print(json.dumps({"run": i + 1, **r}, ensure_ascii=False), flush=True)
            totals["runs"] += 1
            bad = r["publications"] != 1 or r["missing_files"] or r["mismatched_files"] or r["tracebacks"] or \
                r["verify"] != 0 or r["ok"] != 1
            totals["bad_runs"] += bool(bad)
            totals["publications_not_1"] += r["publications"] != 1
            totals["missing_files"] += int(str(r["missing_files"]))
            totals["mismatched_files"] += int(str(r["mismatched_files"]))
            totals["tracebacks"] += int(str(r["tracebacks"]))
            totals["verify_failed"] += r["verify"] != 0
    print(json.dumps({"backend": args.backend, **totals}))


if __name__ == "__main__":
    main()
