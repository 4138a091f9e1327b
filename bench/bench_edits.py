"""Lost updates of concurrent `asset edit`: 2-10 writer processes on one asset, SQLite and PostgreSQL.

    python bench/bench_edits.py --runs 50                  # both databases, 50 runs each
    python bench/bench_edits.py --runs 9 --db sqlite --mode blind

Each writer is a process that does what a person at a terminal does, through the real CLI
(`proofline asset text ID`, then `proofline asset edit ID FILE` with the text plus its own line),
all started at the same instant. A refused edit is redone from a fresh `asset text` (up to 20
tries). A *lost update* is a writer whose edit was reported saved but whose line is not in the
final text. `--mode blind` passes `--base` nowhere and ignores what `asset text` recorded (how
an edit was made before issue 17); `--mode cli` (the default) is the CLI as shipped.
PostgreSQL is 127.0.0.1:5432, user postgres, trust auth (as in the tests); a fresh database per run.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample-workspace"
CLEAN = "Sentinair suit vos compresseurs d'air comprimé.\n"
PG_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def _cli(args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    """Run the real CLI in this process (the interpreter is already warm, as after `pip install`)."""
    from click.testing import CliRunner

    from proofline.cli import cli

    r = CliRunner().invoke(cli, args, env=env, catch_exceptions=True)
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        raise r.exception
    return r.exit_code, r.stdout, r.stderr


def _writer(i: int, root: str, url: str, asset: int, mode: str, start: float, out: mp.Queue) -> None:  # type: ignore[type-arg]
    try:
        out.put(_write(i, root, url, asset, mode, start))
    except BaseException as exc:
        print(f"writer {i}: {exc!r}", file=sys.stderr)
        out.put((i, False, 0, 1))


def _write(i: int, root: str, url: str, asset: int, mode: str, start: float) -> tuple[int, bool, int, int]:
    env = {"PROOFLINE_DATABASE_URL": url, "PROOFLINE_USER": f"w{i}", "PROOFLINE_WORKSPACE": root}
    line = f"Ligne du rédacteur {i}.\n"
    while time.monotonic() < start:
        time.sleep(0.001)
    saved, refusals, tracebacks = False, 0, 0
    for _ in range(20):
        code, text, _err = _cli(["asset", "text", str(asset)], env)
        if mode == "blind":
            # Before issue 17 nothing recorded what `asset text` printed; forget it if it does now.
            shutil.rmtree(Path(root) / ".proofline" / "bases", ignore_errors=True)
        time.sleep(random.uniform(0, 0.05))  # the person edits
        draft = Path(root) / f"draft-{i}.md"
        draft.write_text(text + line, "utf-8")
        try:
            code, _o, err = _cli(["asset", "edit", str(asset), str(draft)], env)
        except Exception:
            tracebacks += 1
            continue
        if code == 0:
            saved = True
            break
        refusals += 1
        if "Traceback" in err:
            tracebacks += 1
    return i, saved, refusals, tracebacks


def _database(backend: str, tmp: Path) -> tuple[str, str | None]:
    if backend == "sqlite":
        return f"sqlite:///{tmp / 'bench.db'}", None
    import psycopg

    name = "proofline_bench_" + secrets.token_hex(6)
    with psycopg.connect(PG_SERVER, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return PG_URL.format(name=name), name


def _drop(name: str | None) -> None:
    if name:
        import psycopg

        with psycopg.connect(PG_SERVER, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def one_run(backend: str, writers: int, mode: str) -> dict[str, int]:
    from datetime import UTC, datetime

    from proofline.store.db import open_database
    from proofline.workflow.services import Workflow

    with tempfile.TemporaryDirectory(prefix="bench-edits-") as d:
        tmp = Path(d)
        root = tmp / "ws"
        shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".proofline"))
        url, name = _database(backend, tmp)
        try:
            db = open_database(root, url=url)
            wf = Workflow(db, root, clock=lambda: datetime.now(UTC))
            wf.add_user(None, "ada", ["admin"])
            for i in range(writers):
                wf.add_user("ada", f"w{i}", ["writer"])
            asset = wf.create_asset("w0", title="Mail", kind="email", text=CLEAN).id
            db.dispose()
            out: mp.Queue = mp.Queue()  # type: ignore[type-arg]
            start = time.monotonic() + 0.3
            procs = [mp.Process(target=_writer, args=(i, str(root), url, asset, mode, start, out))
                     for i in range(writers)]
            for p in procs:
                p.start()
            results = [out.get(timeout=600) for _ in procs]
            for p in procs:
                p.join(60)
            db = open_database(root, url=url)
            wf = Workflow(db, root, clock=lambda: datetime.now(UTC))
            final = wf.text(asset)
            db.dispose()
        finally:
            _drop(name)
    saved = [i for i, ok, _r, _t in results if ok]
    lost = [i for i in saved if f"Ligne du rédacteur {i}." not in final]
    return {"saved": len(saved), "lost": len(lost), "refusals": sum(r for *_x, r, _t in results),
            "tracebacks": sum(t for *_x, t in results), "unsaved": writers - len(saved)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    ap.add_argument("--mode", choices=["cli", "blind"], default="cli")
    ap.add_argument("--seed", type=int, default=17)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    backends = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    for backend in backends:
        totals = {"runs": 0, "runs_with_loss": 0, "writers": 0, "saved": 0, "lost": 0, "refusals": 0,
                  "tracebacks": 0, "unsaved": 0}
        t0 = time.perf_counter()
        for _ in range(args.runs):
            n = rng.randint(2, 10)
            r = one_run(backend, n, args.mode)
            totals["runs"] += 1
            totals["writers"] += n
            totals["runs_with_loss"] += r["lost"] > 0
            for k in ("saved", "lost", "refusals", "tracebacks", "unsaved"):
                totals[k] += r[k]
        elapsed = time.perf_counter() - t0
        print(f"{backend:10} mode={args.mode} " + " ".join(f"{k}={v}" for k, v in totals.items())
              + f" ({elapsed:.0f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("PROOFLINE_CACHE_DIR", tempfile.mkdtemp(prefix="bench-edits-cache-"))
    mp.set_start_method("fork")
    sys.exit(main())
