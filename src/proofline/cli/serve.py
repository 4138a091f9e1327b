"""`proofline serve`: the review desk (web pages and /api) on one workspace, with uvicorn.

`--demo` adds the demo users writer, expert, approver and admin (each password printed once),
on a copy of the bundled sample workspace unless --workspace names one. FastAPI and uvicorn
are imported inside the command so `proofline --help` stays fast.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import click

DEMO_USERS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("admin", "Alice Admin", ("admin",)),
    ("writer", "Wendy Writer", ("writer",)),
    ("expert", "Eric Expert", ("expert",)),
    ("approver", "Ada Approver", ("approver",)),
)


def demo_password(name: str) -> str:
    """Known, printed demo passwords: for a local demo only, never for a shared server."""
    return f"{name}-demo-2026"


def seed_demo(root: Path, database_url: str | None = None) -> list[tuple[str, str]]:
    """Create the demo users that are missing and (re)set their passwords; returns (name, password)."""
    from datetime import UTC, datetime

    from proofline.store.db import open_database
    from proofline.web import auth
    from proofline.workflow.services import Workflow

    db = open_database(root, url=database_url)
    wf = Workflow(db, root)
    existing = {u.name for u in wf.users()}
    admin = next((u.name for u in wf.users() if "admin" in u.roles), None)
    out = []
    for name, display, roles in DEMO_USERS:
        if name not in existing:
            wf.add_user(admin, name, list(roles), display)
            admin = admin or name
        auth.set_password(db, name, demo_password(name), now=datetime.now(UTC))
        out.append((name, demo_password(name)))
    db.dispose()
    return out


@click.command("serve")
@click.option("--workspace", "-w", "workspace", metavar="DIR",
              help="The workspace folder (else $PROOFLINE_WORKSPACE, else the nearest folder with kit.yaml, from "
                   "here upwards; with --demo and neither, a copy of the bundled sample).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (127.0.0.1: this machine only).")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--demo", is_flag=True, help="Add demo users (writer, expert, approver, admin) with known passwords.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Server processes. Sessions, CSRF tokens and login throttling live in the database, so any "
                   "process can answer any request; more than one pays off only with CPUs to spare (on 2 CPUs "
                   "shared with other work, one process answered faster: bench/RESULTS.md).")
def serve_command(workspace: str | None, host: str, port: int, demo: bool, workers: int) -> None:
    """Start the review desk: web pages for every role and the JSON API under /api."""
    import os

    import uvicorn

    from proofline.cli.check import InputError, resolve_workspace
    from proofline.web.app import SERVE_ROOT_ENV, create_app

    if demo and not workspace and not os.environ.get("PROOFLINE_WORKSPACE"):
        sample = Path(__file__).resolve().parents[3] / "examples" / "sample-workspace"
        if not (sample / "kit.yaml").is_file():
            raise click.ClickException("the bundled sample workspace is not here; pass --workspace DIR")
        root = Path(tempfile.mkdtemp(prefix="proofline-demo-")) / "workspace"
        shutil.copytree(sample, root, ignore=shutil.ignore_patterns(".proofline"))
        click.echo(f"Demo workspace (a copy of the sample): {root}")
    else:
        try:
            root = resolve_workspace(workspace or os.environ.get("PROOFLINE_WORKSPACE"))
        except InputError as exc:
            raise click.ClickException(str(exc)) from exc
    if demo:
        click.echo("Demo users (shown once):")
        for name, password in seed_demo(root):
            click.echo(f"  {name:9} {password}")
    click.echo(f"Proofline review desk on http://{host}:{port}/ (Ctrl+C to stop)")
    if workers == 1:
        uvicorn.run(create_app(root), host=host, port=port, log_level="warning")
        return
    # Each worker process builds its own app from the environment; migrate once here first.
    from proofline.store.db import open_database

    open_database(root).dispose()
    os.environ[SERVE_ROOT_ENV] = str(root)
    uvicorn.run("proofline.web.app:app_from_environment", factory=True, workers=workers, host=host, port=port,
                log_level="warning")

