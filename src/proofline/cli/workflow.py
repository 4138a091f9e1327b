"""The workflow commands: init, user, asset, claim, queue, kpi, audit, export, import.

Thin on purpose: each command resolves the workspace, the database and who is acting, calls one
method of `proofline.workflow.services.Workflow`, and prints the outcome. Every refusal is a
`WorkflowError`: one line on stderr, exit status 2, never a traceback. SQLAlchemy and the checker
are imported inside the commands, so `proofline --help` and `proofline check` stay fast.

Identity: `--as USER`, else $PROOFLINE_USER, else `user = "..."` in <workspace>/.proofline/config.toml
(written by `proofline user use NAME`). $PROOFLINE_NOW (ISO date or datetime, UTC) fixes the clock,
for demos and tests.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

if TYPE_CHECKING:
    from proofline.workflow.services import CheckView, Workflow

USER_ENV = "PROOFLINE_USER"
NOW_ENV = "PROOFLINE_NOW"
CONFIG_FILE = "config.toml"
F = TypeVar("F", bound=Callable[..., Any])

KINDS = ("article", "linkedin", "email", "landing", "sequence", "one_pager", "other")


def _fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


def _guard(fn: F) -> F:
    """Turn every refusal into one line on stderr and exit status 2."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from proofline.cli.check import InputError
        from proofline.workflow.errors import WorkflowError
        from proofline.workspace.model import WorkspaceError

        try:
            return fn(*args, **kwargs)
        except (WorkflowError, InputError) as exc:
            _fail(str(exc))
        except WorkspaceError as exc:
            _fail("the workspace is invalid: " + "; ".join(str(p) for p in exc.problems))
        except OSError as exc:
            _fail(str(exc))

    return wrapper  # type: ignore[return-value]


def _workspace_root(option: str | None) -> Path:
    from proofline.cli.check import resolve_workspace

    return resolve_workspace(option or os.environ.get("PROOFLINE_WORKSPACE"))


def _clock() -> Callable[[], datetime]:
    fixed = os.environ.get(NOW_ENV)
    if not fixed:
        return lambda: datetime.now(UTC)
    try:
        at = datetime.fromisoformat(fixed.replace("Z", "+00:00"))
    except ValueError:
        _fail(f"{NOW_ENV}={fixed} is not an ISO date or datetime")
    at = at if at.tzinfo else at.replace(tzinfo=UTC)
    return lambda: at


def _service(workspace: str | None) -> Workflow:
    from proofline.store.db import open_database
    from proofline.workflow.services import Workflow

    root = _workspace_root(workspace)
    return Workflow(open_database(root), root, clock=_clock())


def _config_path(root: Path) -> Path:
    from proofline.store.db import STATE_DIR

    return root / STATE_DIR / CONFIG_FILE


def _identity(as_user: str | None, root: Path) -> str | None:
    if as_user:
        return as_user
    if os.environ.get(USER_ENV):
        return os.environ[USER_ENV]
    path = _config_path(root)
    if path.is_file():
        import tomllib

        try:
            user = tomllib.loads(path.read_text("utf-8")).get("user")
        except (OSError, tomllib.TOMLDecodeError) as exc:
            _fail(f"{path}: cannot read it: {exc}")
        return str(user) if user else None
    return None


def _write_identity(root: Path, name: str) -> None:
    path = _config_path(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'user = {json.dumps(name)}\n', "utf-8")


def common(fn: F) -> F:
    """--workspace and --as on every workflow command."""
    fn = click.option("--as", "as_user", metavar="USER", help="Act as this user (else $PROOFLINE_USER or "
                      "the identity set with `proofline user use`).")(fn)
    return click.option("--workspace", "-w", "workspace", metavar="DIR",
                        help="The workspace folder (else $PROOFLINE_WORKSPACE, else the nearest folder with "
                             "kit.yaml, from here upwards).")(fn)


class _Ctx:
    """What one command needs: the service and who acts."""

    def __init__(self, workspace: str | None, as_user: str | None) -> None:
        self.service = _service(workspace)
        self.actor = _identity(as_user, self.service.root)


def _read_file(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"cannot read {path}: {exc}")


def _print_check(view: CheckView, *, findings: bool = False, text: str | None = None) -> None:
    """Claims (by the ids `claim resolve/validate` take), then with `findings` the voice findings and the gate."""
    click.echo(f"Asset #{view.asset_id}, version {view.version}, checked as of {view.as_of.isoformat()}:")
    for c in view.claims:
        mark = "BLOCKS" if c.still_blocks else ("resolved" if c.blocking else "ok")
        click.echo(f"  claim #{c.id} [{mark}] {c.verdict} ({c.category}): «{c.text}»")
        for e in c.evidence[:1]:
            relation = "contradicted by" if e.get("relation") == "contradicts" else "backed by"
            click.echo(f"      {relation} {e.get('source')}: «{str(e.get('quote', ''))[:100]}»")
        if c.replaces:
            click.echo(f"      replaces claim #{c.replaces} of the previous version")
        if c.resolution:
            click.echo(f"      resolution: {c.resolution}")
    n = len(view.blocking)
    click.echo(f"{len(view.claims)} claim(s), {n} blocking." if n else f"{len(view.claims)} claim(s), none blocks.")
    if not findings:
        return
    blocking_at = {b.finding_index for b in view.gate if b.finding_index is not None}
    for i, f in enumerate(view.findings):
        mark = "BLOCKS" if i in blocking_at else str(f.get("severity", ""))
        start, end = int(f.get("start", 0)), int(f.get("end", 0))
        quote = f" «{text[start:end].strip()[:60]}»" if text is not None and end > start else ""
        click.echo(f"  finding [{mark}] {f.get('rule')} line {f.get('line')}:{quote} {f.get('message')}")
    click.echo(f"{len(view.findings)} finding(s), {len(blocking_at)} blocking.")
    if view.gate:
        click.echo(f"Gate: {len(view.gate)} item(s) stop approval and publication.")
    else:
        click.echo("Gate: nothing stops approval.")


# ---------------------------------------------------------------------------- init


@click.command("init")
@click.argument("folder", default=".", type=click.Path(file_okay=False))
@click.option("--from", "template", metavar="DIR", help="Copy this workspace (e.g. the bundled sample) instead of "
              "the blank template.")
@click.option("--admin", metavar="NAME", help="Create this first user, an admin, and act as them by default.")
@_guard
def init_command(folder: str, template: str | None, admin: str | None) -> None:
    """Create a workspace from a template (or prepare an existing one) and its database."""
    from proofline.store.db import STATE_DIR, open_database
    from proofline.workflow.services import Workflow

    root = Path(folder)
    if not (root / "kit.yaml").is_file():
        src = Path(template) if template else Path(__file__).resolve().parent.parent / "workflow" / "templates" / "blank"
        if not (src / "kit.yaml").is_file():
            _fail(f"{src} is not a workspace: it has no kit.yaml")
        if root.exists() and any(root.iterdir()):
            _fail(f"{root} is not empty and has no kit.yaml; choose an empty or new folder")
        shutil.copytree(src, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns(STATE_DIR))
        click.echo(f"Created the workspace {root} from {template or 'the blank template'}.")
    gitignore = root / ".gitignore"
    if not gitignore.exists():
        gitignore.write_text(f"{STATE_DIR}/\n", "utf-8")
    elif STATE_DIR not in gitignore.read_text("utf-8", errors="replace"):  # the private audit key lives there
        with gitignore.open("a", encoding="utf-8") as f:
            f.write(f"\n{STATE_DIR}/\n")
    db = open_database(root)
    click.echo(f"Database ready: {db.url}")
    if admin:
        Workflow(db, root, clock=_clock()).add_user(None, admin, ["admin"])
        _write_identity(root, admin)
        click.echo(f"Added {admin} (admin); commands now act as {admin} unless --as says otherwise.")
    _init_audit_key(root)


def _init_audit_key(root: Path) -> None:
    """The workspace's audit signing key: created once, never replaced (see docs/audit.md)."""
    from proofline.workflow.anchors import KeyState, ensure_key, private_key_path
    from proofline.workflow.errors import AuditKeyError

    try:
        state, info = ensure_key(root)
    except AuditKeyError as exc:  # a key that is there but unusable: the workspace itself is ready
        click.echo(f"warning: {exc}", err=True)
        return
    if state is KeyState.CREATED and info is not None:
        _print_new_key(info.key_id, info.private_path, info.public_path)
    elif state is KeyState.PRIVATE_MISSING:
        from proofline.messages import render
        from proofline.workflow.anchors import public_key_path

        click.echo("warning: " + render("audit.key_missing_restore", "en", {
            "path": str(private_key_path(root)), "key_id": _public_key_id(public_key_path(root))}), err=True)


def _public_key_id(path: Path) -> str:
    from proofline.workflow.anchors import load_public_key
    from proofline.workflow.errors import AuditKeyError

    try:
        return load_public_key(path)[1]
    except AuditKeyError:
        return "?"


def _print_new_key(key_id: str, private: Path, public: Path) -> None:
    click.echo(f"Audit key {key_id} created: the private key {private} (mode 0600, outside git: keep a backup, "
               f"it cannot be recovered) signs the audit head; the public key {public} goes into git.")


# ---------------------------------------------------------------------------- user


@click.group("user")
def user_group() -> None:
    """Users and their roles (writer, expert, approver, admin)."""


@user_group.command("add")
@click.argument("name")
@click.option("--role", "roles", multiple=True, required=True, help="writer, expert, approver or admin; repeatable.")
@click.option("--display-name", help="The full name shown in proof packs.")
@common
@_guard
def user_add(name: str, roles: tuple[str, ...], display_name: str | None, workspace: str | None,
             as_user: str | None) -> None:
    """Add a user (an admin does it; the very first user must be an admin)."""
    ctx = _Ctx(workspace, as_user)
    split = [r for raw in roles for r in raw.split(",")]
    u = ctx.service.add_user(ctx.actor, name, split, display_name)
    click.echo(f"Added {u.name} ({', '.join(u.roles)}).")


@user_group.command("list")
@common
@_guard
def user_list(workspace: str | None, as_user: str | None) -> None:
    """List the users and their roles."""
    for u in _Ctx(workspace, as_user).service.users():
        click.echo(f"{u.name}\t{', '.join(u.roles)}\t{u.display_name}")


@user_group.command("use")
@click.argument("name")
@common
@_guard
def user_use(name: str, workspace: str | None, as_user: str | None) -> None:
    """Act as NAME by default in this workspace (stored in .proofline/config.toml)."""
    ctx = _Ctx(workspace, as_user)
    u = ctx.service.user(name)
    _write_identity(ctx.service.root, u.name)
    click.echo(f"Commands in this workspace now act as {u.name}.")


@user_group.command("whoami")
@common
@_guard
def user_whoami(workspace: str | None, as_user: str | None) -> None:
    """Who the commands act as."""
    ctx = _Ctx(workspace, as_user)
    u = ctx.service.user(ctx.actor)
    click.echo(f"{u.name} ({', '.join(u.roles)})")


# ---------------------------------------------------------------------------- asset


@click.group("asset")
def asset_group() -> None:
    """Assets: create from a file, edit, check, submit, review, approve, publish, history."""


@asset_group.command("new")
@click.argument("file")
@click.option("--title", help="Default: the file name.")
@click.option("--kind", type=click.Choice(KINDS), default="other", show_default=True,
              help="What the asset is, and so its channel: the kit's channels.KIND limits apply when it "
                   "has them.")
@click.option("--lang", "language", help="fr or en; default: detected.")
@click.option("--audience", help="An audience id of the kit.")
@click.option("--parent-asset", type=int, help="The asset this one derives from.")
@click.option("--parent-source", help="The source this one derives from.")
@common
@_guard
def asset_new(file: str, title: str | None, kind: str, language: str | None, audience: str | None,
              parent_asset: int | None, parent_source: str | None, workspace: str | None,
              as_user: str | None) -> None:
    """Create an asset from a file: version 1, checked at once."""
    ctx = _Ctx(workspace, as_user)
    text = _read_file(file)
    a = ctx.service.create_asset(ctx.actor, title=title or Path(file).stem, kind=kind, text=text,
                                 language=language, audience=audience, parent_asset_id=parent_asset,
                                 parent_source_id=parent_source)
    _remember_base(ctx.service.root, ctx.actor, a.id, a.version)
    view = ctx.service.current_check(a.id)
    n = len(view.blocking) if view else 0
    click.echo(f"Created asset #{a.id} «{a.title}» ({a.kind}, {a.language}), version 1, {a.state}: "
               f"{len(view.claims) if view else 0} claim(s), {n} blocking.")


BASES_DIR = "bases"


def _base_path(root: Path, actor: str, asset_id: int) -> Path:
    """Where `asset text` notes the version it printed for `actor`, which `asset edit` then names as its base."""
    from urllib.parse import quote

    from proofline.store.db import STATE_DIR

    return root / STATE_DIR / BASES_DIR / quote(actor, safe="") / str(asset_id)


def _remember_base(root: Path, actor: str | None, asset_id: int, version: int) -> None:
    if not actor:
        return
    path = _base_path(root, actor, asset_id)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_text(f"{version}\n", "utf-8")
        tmp.replace(path)  # atomic: a concurrent `asset edit` reads the old number or the new one
    except OSError:
        pass  # a read-only workspace: `asset edit` then asks for --base


def _remembered_base(root: Path, actor: str | None, asset_id: int) -> int | None:
    if not actor:
        return None
    try:
        return int(_base_path(root, actor, asset_id).read_text("utf-8").strip())
    except (OSError, ValueError):
        return None


@asset_group.command("edit")
@click.argument("asset_id", type=int)
@click.argument("file")
@click.option("--base", "base_version", type=int,
              help="The version you edited; default: the one `asset text` last printed for you. Refused if "
                   "another was saved since (nothing forces it: reload and redo the change).")
@click.option("--note", help="What changed.")
@common
@_guard
def asset_edit(asset_id: int, file: str, base_version: int | None, note: str | None, workspace: str | None,
               as_user: str | None) -> None:
    """Save a new version of an asset from a file (an approved asset goes back to review).

    The edit names the version it was based on, so that a version saved meanwhile by someone else is
    never overwritten: `--base N`, or else the version `asset text` last printed for you.
    """
    ctx = _Ctx(workspace, as_user)
    if base_version is None:
        base_version = _remembered_base(ctx.service.root, ctx.actor, asset_id)
    a = ctx.service.edit(ctx.actor, asset_id, _read_file(file), base_version=base_version, note=note)
    _remember_base(ctx.service.root, ctx.actor, asset_id, a.version)
    view = ctx.service.current_check(a.id)
    n = len(view.blocking) if view else 0
    click.echo(f"Asset #{a.id}: version {a.version} saved ({a.state}), {n} blocking claim(s).")


@asset_group.command("check")
@click.argument("asset_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for tools.")
@common
@_guard
def asset_check(asset_id: int, fmt: str, workspace: str | None, as_user: str | None) -> None:
    """Re-check the latest version and record the report; exit 1 while the gate would refuse it."""
    ctx = _Ctx(workspace, as_user)
    view = ctx.service.check(ctx.actor, asset_id)
    if fmt == "json":
        data = {"asset": asset_id, "version": view.version, "check": view.check_id, "report": view.report,
                "claims": [{"id": c.id, "text": c.text, "verdict": c.verdict, "category": c.category,
                            "blocking": c.still_blocks, "resolution": c.resolution, "replaces": c.replaces}
                           for c in view.claims],
                "gate": [b.to_json_dict() for b in view.gate]}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print_check(view, findings=True, text=ctx.service.text(asset_id, view.version))
    sys.exit(1 if view.gate else 0)


@asset_group.command("show")
@click.argument("asset_id", type=int)
@common
@_guard
def asset_show(asset_id: int, workspace: str | None, as_user: str | None) -> None:
    """State, revision, latest version and its claims."""
    ctx = _Ctx(workspace, as_user)
    a = ctx.service.asset(asset_id)
    click.echo(f"Asset #{a.id} «{a.title}» — {a.kind}, {a.language}, by {a.author}")
    click.echo(f"State: {a.state}; version {a.version}; revision {a.revision}; review cycles {a.review_cycles}")
    if a.live_version is not None:
        click.echo(f"Live: version {a.live_version} is published.")
    view = ctx.service.current_check(asset_id)
    if view:
        _print_check(view, findings=True, text=ctx.service.text(asset_id, view.version))


@asset_group.command("list")
@click.option("--state", help="Only assets in this state.")
@common
@_guard
def asset_list(state: str | None, workspace: str | None, as_user: str | None) -> None:
    """List the assets."""
    for a in _Ctx(workspace, as_user).service.assets(state):
        click.echo(f"#{a.id}\t{a.state}\tv{a.version}\t{a.kind}\t{a.author}\t{a.title}")


@asset_group.command("text")
@click.argument("asset_id", type=int)
@click.option("--version", type=int, help="Default: the latest.")
@common
@_guard
def asset_text(asset_id: int, version: int | None, workspace: str | None, as_user: str | None) -> None:
    """Print the text of a version, and note it as the base of your next `asset edit` of the asset."""
    ctx = _Ctx(workspace, as_user)
    number, text = ctx.service.numbered_text(asset_id, version)
    _remember_base(ctx.service.root, ctx.actor, asset_id, number)
    click.echo(text, nl=False)


def _revision_option(fn: F) -> F:
    return click.option("--revision", "expected_revision", type=int,
                        help="The revision you looked at; refused if the asset changed since.")(fn)


@asset_group.command("submit")
@click.argument("asset_id", type=int)
@click.option("--reason", help="A note for the audit log.")
@_revision_option
@common
@_guard
def asset_submit(asset_id: int, reason: str | None, expected_revision: int | None, workspace: str | None,
                 as_user: str | None) -> None:
    """Submit an asset for review."""
    ctx = _Ctx(workspace, as_user)
    a = ctx.service.submit(ctx.actor, asset_id, expected_revision=expected_revision, reason=reason)
    click.echo(f"Asset #{a.id} submitted for review (version {a.version}).")


@asset_group.command("request-changes")
@click.argument("asset_id", type=int)
@click.option("--reason", required=True, help="What must change.")
@_revision_option
@common
@_guard
def asset_request_changes(asset_id: int, reason: str, expected_revision: int | None, workspace: str | None,
                          as_user: str | None) -> None:
    """Send an asset back to its writer with what must change."""
    ctx = _Ctx(workspace, as_user)
    a = ctx.service.request_changes(ctx.actor, asset_id, reason=reason, expected_revision=expected_revision)
    click.echo(f"Asset #{a.id} sent back for changes (review cycle {a.review_cycles}).")


@asset_group.command("approve")
@click.argument("asset_id", type=int)
@click.option("--reason", help="A note for the audit log.")
@_revision_option
@common
@_guard
def asset_approve(asset_id: int, reason: str | None, expected_revision: int | None, workspace: str | None,
                  as_user: str | None) -> None:
    """Approve an asset: refused while a claim blocks, and for its own author."""
    ctx = _Ctx(workspace, as_user)
    a = ctx.service.approve(ctx.actor, asset_id, expected_revision=expected_revision, reason=reason)
    click.echo(f"Asset #{a.id} approved (version {a.version}).")


@asset_group.command("publish")
@click.argument("asset_id", type=int)
@click.option("--out", "out_dir", type=click.Path(file_okay=False), help="Default: <workspace>/published.")
@click.option("--to", "publisher", default="folder", show_default=True, metavar="PUBLISHER",
              help="Where to publish: folder (the text and its proof pack files under --out) or a plugin's "
                   "publisher (docs/plugins.md).")
@_revision_option
@common
@_guard
def asset_publish(asset_id: int, out_dir: str | None, publisher: str, expected_revision: int | None,
                  workspace: str | None, as_user: str | None) -> None:
    """Publish an approved asset: writes the final text and its proof pack."""
    import warnings

    from proofline.workflow.anchors import AnchorWarning

    ctx = _Ctx(workspace, as_user)
    out = Path(out_dir) if out_dir else ctx.service.root / "published"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", AnchorWarning)
        p = ctx.service.publish(ctx.actor, asset_id, out, expected_revision=expected_revision, publisher=publisher)
    click.echo(f"Asset #{asset_id} published (version {p.version}).")
    click.echo(f"  text: {p.text_path}")
    click.echo(f"  proof pack: {p.proof_path} ({len(p.proof['claims'])} claim(s))")
    for w in caught:
        click.echo(f"warning: {w.message}", err=True)
    _print_anchor_note(ctx.service.root, warned=bool(caught))


@asset_group.command("files")
@click.argument("asset_id", type=int)
@click.option("--restore", is_flag=True, help="Write the missing or changed files again from the database.")
@click.option("--workspace", "-w", "workspace", metavar="DIR",
              help="The workspace folder (else $PROOFLINE_WORKSPACE, else the nearest folder with kit.yaml, "
                   "from here upwards).")
@_guard
def asset_files(asset_id: int, restore: bool, workspace: str | None) -> None:
    """The published files of an asset against the sha256 recorded at publication; exit 1 if one is missing or
    changed (after --restore: if one could not be restored)."""
    states = _service(workspace).publication_files(asset_id, restore=restore)
    for f in states:
        click.echo(f"{f.state:8} {f.path}")
    bad = [f for f in states if f.state in ("missing", "differs")]
    if bad:
        hint = ("the database no longer produces this content: run `proofline audit verify`" if restore
                else f"`proofline asset files {asset_id} --restore` writes them again from the database")
        click.echo(f"error: {len(bad)} file(s) missing or changed; {hint}", err=True)
        sys.exit(1)


def _print_anchor_note(root: Path, *, warned: bool) -> None:
    from proofline.workflow.anchors import ANCHORS_FILE, private_key_path, public_key_path

    if warned:
        return
    if private_key_path(root).exists():
        click.echo(f"  audit head signed and anchored in {ANCHORS_FILE}")
    elif not public_key_path(root).exists():
        click.echo("  audit head not anchored: this workspace has no audit key (run `proofline audit keygen`)")


@asset_group.command("correct")
@click.argument("asset_id", type=int)
@click.argument("file")
@click.option("--note", help="What the correction changes.")
@_revision_option
@common
@_guard
def asset_correct(asset_id: int, file: str, note: str | None, expected_revision: int | None, workspace: str | None,
                  as_user: str | None) -> None:
    """Correct a published asset: a new version back in review; the published text stays live until it is published."""
    ctx = _Ctx(workspace, as_user)
    a = ctx.service.correct(ctx.actor, asset_id, _read_file(file), note=note, expected_revision=expected_revision)
    view = ctx.service.current_check(a.id)
    n = len(view.gate) if view else 0
    click.echo(f"Asset #{a.id}: correction saved as version {a.version} ({a.state}); version {a.live_version} "
               f"stays live until it is published; {n} item(s) block.")


@asset_group.command("withdraw")
@click.argument("asset_id", type=int)
@click.option("--reason", default="", help="Why it is taken down (required); goes into the audit log and the proof "
              "pack.")
@_revision_option
@common
@_guard
def asset_withdraw(asset_id: int, reason: str, expected_revision: int | None, workspace: str | None,
                   as_user: str | None) -> None:
    """Withdraw a published asset: its publication and proof pack are marked withdrawn."""
    ctx = _Ctx(workspace, as_user)
    ctx.service.withdraw(ctx.actor, asset_id, reason=reason, expected_revision=expected_revision)
    click.echo(f"Asset #{asset_id} withdrawn; its proof pack says so.")


@asset_group.command("archive")
@click.argument("asset_id", type=int)
@click.option("--reason", help="Why it will not be published; goes into the audit log.")
@_revision_option
@common
@_guard
def asset_archive(asset_id: int, reason: str | None, expected_revision: int | None, workspace: str | None,
                  as_user: str | None) -> None:
    """Archive an asset that will not be published."""
    ctx = _Ctx(workspace, as_user)
    ctx.service.archive(ctx.actor, asset_id, reason=reason, expected_revision=expected_revision)
    click.echo(f"Asset #{asset_id} archived.")


@asset_group.command("history")
@click.argument("asset_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for tools.")
@common
@_guard
def asset_history(asset_id: int, fmt: str, workspace: str | None, as_user: str | None) -> None:
    """Every step of an asset, from the audit log."""
    entries = _Ctx(workspace, as_user).service.history(asset_id)
    if fmt == "json":
        click.echo(json.dumps([e.__dict__ for e in entries], ensure_ascii=False, indent=2))
        return
    for e in entries:
        change = ""
        if "state" in e.before and "state" in e.after and e.before["state"] != e.after["state"]:
            change = f" {e.before['state']} → {e.after['state']}"
        detail = ", ".join(f"{k}={v}" for k, v in e.after.items() if k not in ("state", "revision"))
        why = f" — {e.reason}" if e.reason else ""
        click.echo(f"{e.at}  #{e.seq}  {e.actor}: {e.action}{change}  {detail}{why}")


@asset_group.command("feedback")
@click.argument("asset_id", type=int)
@click.option("--accepted/--rejected", required=True, help="Did prospects accept the asset?")
@click.option("--reason", help="Why; required with --rejected, recorded with the feedback and in the audit "
              "log.")
@common
@_guard
def asset_feedback(asset_id: int, accepted: bool, reason: str | None, workspace: str | None,
                   as_user: str | None) -> None:
    """Record sales feedback on a published asset."""
    ctx = _Ctx(workspace, as_user)
    ctx.service.record_feedback(ctx.actor, asset_id, accepted=accepted, reason=reason)
    click.echo(f"Feedback recorded for asset #{asset_id}: {'accepted' if accepted else 'rejected'}.")


# ---------------------------------------------------------------------------- claim


@click.group("claim")
def claim_group() -> None:
    """Resolve blocking claims: remove, cite a source, or have an expert validate them."""


@claim_group.command("resolve")
@click.argument("claim_id", type=int)
@click.option("--remove", is_flag=True, help="Make a new version without the claim.")
@click.option("--file", "file", help="With --remove: the new text (default: the text minus the claim).")
@click.option("--cite", "source", metavar="SOURCE_ID", help="A source that backs it (the re-check must agree).")
@click.option("--expert", is_flag=True, help="Ask an expert to validate it.")
@click.option("--reason", help="Why; recorded with the resolution and in the audit log.")
@common
@_guard
def claim_resolve(claim_id: int, remove: bool, file: str | None, source: str | None, expert: bool,
                  reason: str | None, workspace: str | None, as_user: str | None) -> None:
    """Resolve a blocking claim in one of three ways (exactly one of --remove, --cite, --expert)."""
    if sum((remove, source is not None, expert)) != 1:
        _fail("choose exactly one of --remove, --cite SOURCE_ID, --expert")
    if file and not remove:
        _fail("--file goes with --remove")
    ctx = _Ctx(workspace, as_user)
    if remove:
        a = ctx.service.resolve_remove(ctx.actor, claim_id, text=_read_file(file) if file else None, reason=reason)
        click.echo(f"Claim #{claim_id} removed: asset #{a.id} is now at version {a.version}.")
    elif source is not None:
        view = ctx.service.resolve_cite(ctx.actor, claim_id, source, reason=reason)
        click.echo(f"Claim #{claim_id} is backed by {source} (confirmed by the re-check); "
                   f"{len(view.blocking)} claim(s) still block.")
    else:
        ctx.service.request_expert(ctx.actor, claim_id, reason=reason)
        click.echo(f"Claim #{claim_id} waits for an expert's validation.")


@claim_group.command("validate")
@click.argument("claim_id", type=int)
@click.option("--reason", default="", help="Why the claim is true (required); goes into the proof pack.")
@click.option("--until", "valid_until", help="Valid until (YYYY-MM-DD); default: one year.")
@click.option("--override", is_flag=True, help="Overrule the source that contradicts the claim (or its expired "
              "proof); an approver or admin must then confirm it with `claim confirm`.")
@common
@_guard
def claim_validate(claim_id: int, reason: str, valid_until: str | None, override: bool, workspace: str | None,
                   as_user: str | None) -> None:
    """Validate a claim as an expert; it becomes an attestation the checker uses."""
    until = None
    if valid_until:
        try:
            until = date.fromisoformat(valid_until)
        except ValueError:
            _fail(f"--until {valid_until}: expected a date such as 2027-06-30")
    ctx = _Ctx(workspace, as_user)
    att = ctx.service.validate_claim(ctx.actor, claim_id, reason=reason, valid_until=until, override=override)
    if att.status == "pending":
        click.echo(f"Claim #{claim_id}: override of {att.overrides_source} by {att.expert} recorded; it blocks until "
                   f"an approver or admin runs `proofline claim confirm {claim_id}`.")
    else:
        click.echo(f"Claim #{claim_id} validated by {att.expert} until {att.valid_until} (attestation {att.ident}).")


@claim_group.command("confirm")
@click.argument("claim_id", type=int)
@common
@_guard
def claim_confirm(claim_id: int, workspace: str | None, as_user: str | None) -> None:
    """Confirm an expert's override of a claim (an approver or admin other than the expert)."""
    ctx = _Ctx(workspace, as_user)
    att = ctx.service.confirm_claim(ctx.actor, claim_id)
    click.echo(f"Claim #{claim_id}: override of {att.overrides_source} by {att.expert} confirmed by "
               f"{att.confirmed_by} (attestation {att.ident}, written to attestations.validated.yaml).")


@claim_group.command("list")
@click.argument("asset_id", type=int)
@common
@_guard
def claim_list(asset_id: int, workspace: str | None, as_user: str | None) -> None:
    """The claims of the latest check of an asset (no new check)."""
    view = _Ctx(workspace, as_user).service.current_check(asset_id)
    if view is None:
        click.echo(f"Asset #{asset_id} has not been checked yet.")
        return
    _print_check(view)


# ---------------------------------------------------------------------------- queue, kpi, audit


@click.command("queue")
@common
@_guard
def queue_command(workspace: str | None, as_user: str | None) -> None:
    """What waits for me: reviews, changes, drafts to submit, claims to validate, assets to publish."""
    ctx = _Ctx(workspace, as_user)
    items = ctx.service.queue(ctx.actor)
    if not items:
        click.echo(f"Nothing waits for {ctx.actor}.")
    for i in items:
        claim = f" (claim #{i.claim_id})" if i.claim_id else ""
        click.echo(f"{i.task}\tasset #{i.asset_id}{claim}\t{i.title}\t{i.detail}")


@click.command("kpi")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True,
              help="text for people; json or csv for tools and spreadsheets.")
@click.option("--period", type=click.Choice(["month", "week"]), default="month", show_default=True,
              help="Buckets of the compliance alerts over time.")
@click.option("--workspace", "-w", "workspace", metavar="DIR",
              help="The workspace folder (else $PROOFLINE_WORKSPACE, else the nearest folder with kit.yaml, "
                   "from here upwards).")
@_guard
def kpi_command(fmt: str, period: str, workspace: str | None) -> None:
    """Time to publish, review cycles, compliance alerts, resolutions, sales acceptance."""
    from proofline.workflow import kpi

    data = _service(workspace).kpis(period)
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(kpi.to_csv(data), nl=False)
    else:
        click.echo(kpi.render_text(data), nl=False)


@click.group("audit")
def audit_group() -> None:
    """The hash-chained audit log."""


def _format_option(fn: F) -> F:
    return click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                        show_default=True, help="text for people, json for tools.")(fn)


def _print_head(head: Any, public: Path, fmt: str, **extra: object) -> None:
    if fmt == "json":
        click.echo(json.dumps({**head.to_json(), "public_key": str(public), **extra}, ensure_ascii=False, indent=2))
        return
    click.echo(f"Audit head: {head.length} entries, head {head.head}")
    click.echo(f"Signed {head.at} by key {head.key_id} (public key {public})")
    click.echo(f"Signature: {head.signature}")
    click.echo(f"Check it later with: proofline audit verify --expect {head.expect}")


def _chain_broken(exc: Exception) -> NoReturn:
    """The log does not verify: the same exit status as `audit verify` finding it broken."""
    click.echo(f"TAMPERED: {exc}", err=True)
    sys.exit(1)


@audit_group.command("head")
@_format_option
@click.option("--workspace", "-w", "workspace", metavar="DIR",
              help="The workspace folder (else $PROOFLINE_WORKSPACE, else the nearest folder with kit.yaml, "
                   "from here upwards).")
@_guard
def audit_head(fmt: str, workspace: str | None) -> None:
    """The chain's length and head hash, verified and signed with the workspace's audit key."""
    from proofline.workflow.anchors import public_key_path, signed_head
    from proofline.workflow.errors import ChainNotSigned

    service = _service(workspace)
    try:
        head = signed_head(service.db, service.root, service.now())
    except ChainNotSigned as exc:
        _chain_broken(exc)
    _print_head(head, public_key_path(service.root), fmt)


@audit_group.command("keygen")
@click.option("--workspace", "-w", "workspace", metavar="DIR",
              help="The workspace folder (else $PROOFLINE_WORKSPACE, else the nearest folder with kit.yaml, "
                   "from here upwards).")
@_guard
def audit_keygen(workspace: str | None) -> None:
    """Create the workspace's audit key (a workspace made before anchors); never replaces one."""
    from proofline.workflow.anchors import generate_key

    info = generate_key(_workspace_root(workspace))
    _print_new_key(info.key_id, info.private_path, info.public_path)


@audit_group.command("anchor")
@_format_option
@click.option("--workspace", "-w", "workspace", metavar="DIR",
              help="The workspace folder (else $PROOFLINE_WORKSPACE, else the nearest folder with kit.yaml, "
                   "from here upwards).")
@_guard
def audit_anchor(fmt: str, workspace: str | None) -> None:
    """Append the signed head to the anchor file now (every publication does it too)."""
    from proofline.workflow.anchors import anchor, public_key_path
    from proofline.workflow.errors import ChainNotSigned

    service = _service(workspace)
    try:
        done = anchor(service.db, service.root, service.now())
    except ChainNotSigned as exc:
        _chain_broken(exc)
    if fmt == "json":
        _print_head(done.head, public_key_path(service.root), fmt, anchors=str(done.path), line=done.line)
        return
    click.echo(f"Anchored the audit head ({done.head.length} entries, {done.head.head}) in {done.path} "
               f"line {done.line}, signed by key {done.head.key_id}.")


@audit_group.command("verify")
@click.option("--anchors", "anchors_file", metavar="FILE", type=click.Path(dir_okay=False),
              help="Check the signed heads of this anchor file (default: the workspace's audit-anchors.jsonl, "
                   "when it exists).")
@click.option("--expect", "expected", metavar="HEAD", multiple=True,
              help="A head noted earlier: its hash, or LENGTH:HASH as `audit head` prints it; repeatable.")
@click.option("--public-key", "public_key", metavar="FILE", type=click.Path(dir_okay=False),
              help="Verify the anchors with this public key (default: the workspace's audit-key.pub).")
@_format_option
@click.option("--workspace", "-w", "workspace", metavar="DIR",
              help="The workspace folder (else $PROOFLINE_WORKSPACE, else the nearest folder with kit.yaml, "
                   "from here upwards).")
@_guard
def audit_verify(anchors_file: str | None, expected: tuple[str, ...], public_key: str | None, fmt: str,
                 workspace: str | None) -> None:
    """Recompute the chain and check it against the anchors and expected heads; exit 1 naming where it breaks."""
    from proofline.workflow import anchors

    expectations = [anchors.parse_expect(e) for e in expected]  # bad input first: nothing opened yet
    root = _workspace_root(workspace)
    path = Path(anchors_file) if anchors_file else anchors.anchors_path(root)
    lines = anchors.read_anchors(path) if anchors_file or path.exists() else []
    key = None
    if lines or public_key:
        key = anchors.load_public_key(Path(public_key) if public_key else anchors.public_key_path(root))
    report = _service(str(root)).verify_audit(anchors=lines, public_key=key, expect=expectations,
                                              anchors_file=str(path) if anchors_file or lines else None)
    if fmt == "json":
        click.echo(json.dumps({
            "ok": report.ok, "entries": report.entries, "head": report.head,
            "anchors": {"file": report.anchors_file, "checked": report.anchors, "covered": report.covered,
                        "key_id": report.key_id},
            "expected": [e.given for e in report.expectations], "problems": report.problems(),
            "rows": [{"key": r.key, **r.params} for r in report.rows]},
            ensure_ascii=False, indent=2))
    elif report.ok:
        click.echo(f"Audit log intact: {report.entries} entries, chain verified.")
        if report.anchors_file is not None:
            rest = (f"; entries #{report.covered + 1} to #{report.entries} are not anchored yet "
                    "(`proofline audit anchor`)" if report.covered < report.entries else "")
            click.echo(f"Anchors: {report.anchors} signed head(s) in {report.anchors_file} verified with key "
                       f"{report.key_id}; they cover entries #1 to #{report.covered}{rest}.")
        for e in report.expectations:
            click.echo(f"Expected head {e.given}: found.")
    if not report.ok:
        if fmt == "text":
            _print_breaks(report)
        sys.exit(1)


ROWS_SHOWN = 10  # row findings printed before "and N more" (a wiped log leaves every row unexplained)


def _print_breaks(report: Any) -> None:
    """The chain's problems, the first anchor break (and how many more), then the rows and files the chain
    does not explain, each a line that names what to restore."""
    from proofline.workflow.anchors import Notice

    for p in report.chain.problems:
        click.echo(f"TAMPERED: {p}", err=True)
    if report.breaks:
        click.echo(f"TAMPERED: {report.breaks[0].message()}", err=True)
        if len(report.breaks) > 1:
            click.echo(f"TAMPERED: and {len(report.breaks) - 1} more anchor or expected head check(s) fail", err=True)
    for r in report.rows[:ROWS_SHOWN]:
        click.echo(f"TAMPERED: {r.message()}", err=True)
    rest = report.rows[ROWS_SHOWN:]
    if rest:
        tables = sorted({str(r.params.get("table", "publications")) for r in rest})
        click.echo("TAMPERED: " + Notice("verify.rows_more", {"count": len(rest), "tables": tables}).message(),
                   err=True)


@audit_group.command("log")
@click.option("--limit", type=int, default=50, show_default=True,
              help="How many of the latest entries to print.")
@click.option("--workspace", "-w", "workspace", metavar="DIR",
              help="The workspace folder (else $PROOFLINE_WORKSPACE, else the nearest folder with kit.yaml, "
                   "from here upwards).")
@_guard
def audit_log(limit: int, workspace: str | None) -> None:
    """The latest entries of the audit log."""
    for e in _service(workspace).audit_log(limit):
        click.echo(f"#{e.seq} {e.at} {e.actor} {e.action} {e.entity}:{e.entity_id} {e.after_json}")


# ---------------------------------------------------------------------------- export / import


@click.command("export")
@click.argument("archive", type=click.Path(dir_okay=False))
@click.option("--include-key", is_flag=True, help="Also put the private audit key in the archive (keep such an "
              "archive as safe as the key itself).")
@click.option("--workspace", "-w", "workspace", metavar="DIR",
              help="The workspace folder (else $PROOFLINE_WORKSPACE, else the nearest folder with kit.yaml, "
                   "from here upwards).")
@_guard
def export_command(archive: str, include_key: bool, workspace: str | None) -> None:
    """Write every row, the audit log, every version's text and the workspace's files to a zip archive."""
    from proofline.workflow.archive import export_archive

    service = _service(workspace)
    manifest = export_archive(service.db, Path(archive), workspace=service.root, include_key=include_key)
    files = manifest["workspace"]["files"]
    click.echo(f"Exported {sum(manifest['tables'].values())} rows ({manifest['audit']['entries']} audit entries) "
               f"and {len(files)} workspace file(s) to {archive}, each with its sha256 in the manifest.")
    if include_key:
        click.echo("warning: the archive holds the private audit key: whoever has it can sign audit heads.",
                   err=True)


def _import_target(option: str | None, manifest: dict[str, Any], archive: str) -> Path:
    """Where to restore: a workspace, or (when the archive carries the workspace's files) a new or empty folder."""
    from proofline.cli.check import discover_workspace
    from proofline.workflow.errors import ArchiveError

    given = option or os.environ.get("PROOFLINE_WORKSPACE")
    root = Path(given) if given else (discover_workspace(Path.cwd()) or Path.cwd())
    if (root / "kit.yaml").is_file():
        return root
    if manifest.get("version") == 1 or not manifest.get("workspace"):
        raise ArchiveError("archive.needs_workspace", archive=archive, folder=str(root))
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise ArchiveError("archive.not_a_workspace", folder=str(root))
    return root


@click.command("import")
@click.argument("archive", type=click.Path(dir_okay=False, exists=True))
@click.option("--force", is_flag=True, help="Import even where the workspace's kit or sources differ from the "
              "archive's: the workspace's files are kept, and a warning says so.")
@click.option("--workspace", "-w", "workspace", metavar="DIR",
              help="The workspace, or a new or empty folder to restore the archive's workspace into.")
@_guard
def import_command(archive: str, force: bool, workspace: str | None) -> None:
    """Restore an archive into an empty database and its workspace (every file's hash and the audit chain
    are verified first, and every approved or published asset passes the gate again)."""
    from proofline.store.db import STATE_DIR, open_database
    from proofline.workflow.archive import read_manifest
    from proofline.workflow.services import Workflow

    manifest = read_manifest(Path(archive))
    root = _import_target(workspace, manifest, archive)
    fresh = next((p for p in (root, root / STATE_DIR) if not p.exists()), None)  # removed again if refused
    db = None
    try:
        root.mkdir(parents=True, exist_ok=True)
        db = open_database(root)
        # through the gate: an archive brings in no published state this workspace refuses
        result = Workflow(db, root, clock=_clock()).import_archive(Path(archive), force=force)
    except BaseException:
        if db is not None:
            db.dispose()
        if fresh is not None:
            shutil.rmtree(fresh, ignore_errors=True)
        raise
    db.dispose()
    rows = sum(result.manifest["tables"].values())
    restored = f"; {len(result.written)} workspace file(s) restored" if result.written else ""
    click.echo(f"Imported {rows} rows into {root}; audit chain verified{restored}.")
    for notice in result.notices:
        click.echo(f"warning: {notice}", err=True)
