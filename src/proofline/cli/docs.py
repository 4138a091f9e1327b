"""docs/cli.md, generated from the click commands themselves, so the reference cannot drift.

    python -m proofline.cli.docs docs/cli.md     # rewrite the committed reference
    python -m proofline.cli.docs                 # print it

Every command and subcommand of `proofline` is rendered in the order `proofline --help` lists
them: its usage line, its help text and a table of its options (value, default, environment
variable, whether it is required or repeatable). `tests/test_docs_cli.py` regenerates the page and
compares it with the committed file. Only the introduction and the environment table below are
written by hand; the test checks that the table names every `PROOFLINE_*` variable the code reads.
"""

from __future__ import annotations

import inspect
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import click

REGENERATE = ".venv/bin/python -m proofline.cli.docs docs/cli.md"

INTRO = f"""\
# Command-line reference

<!-- Generated from the click commands by `python -m proofline.cli.docs`: do not edit by hand.
     Regenerate with `{REGENERATE}` (or `make docs`); tests/test_docs_cli.py fails when it is stale. -->

Every command of `proofline`, with the text `proofline COMMAND --help` prints. After `make venv`,
activate the environment (`. .venv/bin/activate`) or call `.venv/bin/proofline`; `python -m
proofline` works too. `-h` is short for `--help` everywhere.

The commands speak English on the terminal. What they report about a draft is written in the
draft's language, French or English: claim messages of `proofline check`, for instance, say
"Étayé par …" for a French draft and "Backed by …" for an English one. The review desk
(`proofline serve`) and its API answer in the reader's language (French by default, English
switchable; the API follows `Accept-Language`).

Exit statuses: `0` success; `1` something must be fixed or reviewed (`check`: a claim blocks, a
finding reaches the kit's `gate.block_findings` or a channel limit is broken; `audit verify`, `audit
head`, `audit anchor`: the audit chain is broken; `fix --check`: fixes are pending; `asset check`: the
gate would refuse the asset; `compose`: a draft has a blocking claim or a variant changes a fact;
`providers`: the configured provider cannot be used); `2` a refusal or bad input, with a message on
stderr that says why; `130` an interrupted `compose`.

See also: [the workspace format](workspace-format.md) (what `--workspace` points at), [the check
report](report.md) (what `check --format json|sarif` prints), [the workflow](workflow.md)
(states, gate, overrides), [the audit trail](audit.md), [brand voice](voice.md) and
[plugins](plugins.md).

## Environment variables

| variable | what it does |
| --- | --- |
| `PROOFLINE_WORKSPACE` | the workspace folder when `--workspace` is not given (else the nearest folder with a `kit.yaml`, from the current one upwards) |
| `PROOFLINE_USER` | who the workflow commands act as when `--as` is not given (else the identity `proofline user use` stored) |
| `PROOFLINE_NOW` | a fixed clock for the workflow (ISO date or datetime, UTC), for demos and tests |
| `PROOFLINE_DATABASE_URL` | the database (SQLAlchemy URL, e.g. `postgresql+psycopg://…`); default: SQLite in `<workspace>/.proofline/proofline.db` |
| `PROOFLINE_AUDIT_KEY` | the private audit key file, when it is not `<workspace>/.proofline/keys/audit-ed25519.pem` |
| `PROOFLINE_PROVIDER` | the draft provider of `compose` (`offline` by default; `openai-compatible` or a plugin's) |
| `PROOFLINE_BASE_URL`, `PROOFLINE_MODEL`, `PROOFLINE_API_KEY`, `PROOFLINE_TIMEOUT` | how to reach a model provider; they win over `.proofline/settings.toml` |
| `PROOFLINE_JUDGE` | `1` asks the optional judge about claims the rules left unsupported |
| `PROOFLINE_CACHE_DIR` | the cache folder (default: `$XDG_CACHE_HOME/proofline`, else `~/.cache/proofline`) |
| `PROOFLINE_LOAD_PLUGINS` | which installed plugins load (docs/plugins.md): unset, all of them; empty, none; `a,b`, only those distributions' |
| `PROOFLINE_REGEX_CACHE`, `PROOFLINE_BYTECODE_CACHE` | `0` turns off the start-up caches of compiled regular expressions and bytecode |
| `PROOFLINE_SERVE_WORKSPACE`, `PROOFLINE_PAUSE_BEFORE_COMMIT`, `PROOFLINE_PAUSE_SECONDS` | internal: set by `serve --workers` for its processes, and used by tests; not for users |
"""


def _commands(cmd: click.Command, ctx: click.Context) -> Iterator[tuple[click.Command, click.Context]]:
    """The command and, for a group, every subcommand depth first, as `--help` lists them."""
    yield cmd, ctx
    if isinstance(cmd, click.Group):
        for name in cmd.list_commands(ctx):
            sub = cmd.get_command(ctx, name)
            if sub is None or sub.hidden:
                continue
            yield from _commands(sub, click.Context(sub, info_name=name, parent=ctx))


def _slug(title: str) -> str:
    """The anchor GitHub gives a heading."""
    return re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")


def _escape(text: str, *, cell: bool = False) -> str:
    """Markdown-safe prose, code spans (`...`) kept as written; in a table cell, `|` escaped too."""
    out = []
    for i, part in enumerate(re.split(r"(`[^`]*`)", text)):
        if i % 2 == 0:
            part = part.replace("<", "&lt;").replace(">", "&gt;").replace("*", r"\*")
        if cell:
            part = part.replace("|", r"\|")
        out.append(part)
    return "".join(out)


def _help(cmd: click.Command) -> str:
    text = inspect.cleandoc(cmd.help or "").split("\f", 1)[0].strip()
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "\n\n".join(_escape(p) for p in paragraphs)


def _value(param: click.Option, ctx: click.Context) -> str:
    if param.is_flag:
        return ""
    if isinstance(param.type, click.Choice):
        return ", ".join(f"`{c}`" for c in param.type.choices)
    return f"`{param.make_metavar(ctx)}`"


def _names(param: click.Option) -> str:
    names = ", ".join(f"`{o}`" for o in param.opts)
    if param.secondary_opts:
        names += " / " + ", ".join(f"`{o}`" for o in param.secondary_opts)
    return names


def _notes(param: click.Option) -> list[str]:
    notes = []
    if param.required:
        notes.append("required")
    if param.multiple:
        notes.append("repeatable")
    if param.show_default and param.default is not None and not (param.is_flag and param.default is False):
        default = param.default
        if isinstance(default, bool) and param.secondary_opts:
            default = param.opts[0] if default else param.secondary_opts[0]
        notes.append(f"default: `{default}`")
    envvar = param.envvar
    if envvar:
        for name in [envvar] if isinstance(envvar, str) else list(envvar):
            notes.append(f"env: `{name}`")
    return notes


def _options(cmd: click.Command, ctx: click.Context) -> list[str]:
    rows = []
    for param in cmd.get_params(ctx):
        if not isinstance(param, click.Option) or param.hidden or param is cmd.get_help_option(ctx):
            continue
        notes = _notes(param)
        description = _escape(" ".join((param.help or "").split()), cell=True)
        if notes:
            description = (description + " " if description else "") + f"({'; '.join(notes)})"
        rows.append(f"| {_names(param)} | {_value(param, ctx)} | {description} |")
    if not rows:
        return []
    return ["| option | value | description |", "| --- | --- | --- |", *rows]


def _section(cmd: click.Command, ctx: click.Context) -> str:
    path = ctx.command_path
    depth = path.count(" ")
    level = "#" * min(2 + max(depth - 1, 0), 4)
    lines = [f"{level} `{path}`", ""]
    usage = " ".join([path, *cmd.collect_usage_pieces(ctx)])
    lines += ["```", usage, "```", ""]
    text = _help(cmd)
    if text:
        lines += [text, ""]
    if isinstance(cmd, click.Group):
        subs = [(name, cmd.get_command(ctx, name)) for name in cmd.list_commands(ctx)]
        lines += ["| command | what it does |", "| --- | --- |"]
        for name, sub in subs:
            if sub is None or sub.hidden:
                continue
            title = f"{path} {name}"
            summary = _escape(sub.get_short_help_str(limit=200), cell=True)
            lines.append(f"| [`{title}`](#{_slug(title)}) | {summary} |")
        lines.append("")
    options = _options(cmd, ctx)
    if options:
        lines += [*options, ""]
    return "\n".join(lines)


def render() -> str:
    """The whole of docs/cli.md."""
    from proofline.cli import cli

    root = click.Context(cli, info_name="proofline")
    parts = [INTRO]
    parts += [_section(cmd, ctx) for cmd, ctx in _commands(cli, root)]
    return "\n".join(parts).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 1 or (args and args[0].startswith("-")):
        print("usage: python -m proofline.cli.docs [OUTPUT.md]   (no argument: print to stdout)", file=sys.stderr)
        return 0 if args in (["-h"], ["--help"]) else 2
    from proofline.hookspecs import LOAD_PLUGINS_ENV

    os.environ[LOAD_PLUGINS_ENV] = ""  # the reference is Proofline's own: no installed plugin's commands
    text = render()
    if args:
        Path(args[0]).write_text(text, encoding="utf-8")
        print(f"wrote {args[0]} ({len(text)} characters)")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
