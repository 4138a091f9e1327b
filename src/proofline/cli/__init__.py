"""The `proofline` command line: one module per command group, imported only when used.

Adding a command (or a group of commands) is one module in this package that defines a click
command, plus one line in `COMMANDS`. Command modules must keep their top-level imports light
(no rich, FastAPI, SQLAlchemy... at import time): `proofline --help` imports every one of them,
and `proofline check` must start in well under half a second.

A plugin adds commands with the `register_commands(cli)` hook, as llm's do. Plugins are only asked
when a command name is not a built-in one, or for the list of commands (`--help`): running a
built-in command never loads them, and a built-in name cannot be taken over.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from typing import Any

import click

from proofline import __version__

# command name -> "module:attribute" of a click.Command (or click.Group).
COMMANDS: dict[str, str] = {
    "check": "proofline.cli.check:check_command",
    "fix": "proofline.cli.fix:fix",
    "init": "proofline.cli.workflow:init_command",
    "user": "proofline.cli.workflow:user_group",
    "asset": "proofline.cli.workflow:asset_group",
    "claim": "proofline.cli.workflow:claim_group",
    "queue": "proofline.cli.workflow:queue_command",
    "kpi": "proofline.cli.workflow:kpi_command",
    "audit": "proofline.cli.workflow:audit_group",
    "export": "proofline.cli.workflow:export_command",
    "import": "proofline.cli.workflow:import_command",
    "compose": "proofline.cli.compose:compose_group",
    "ai-log": "proofline.cli.compose:ai_log_command",
    "providers": "proofline.cli.providers:providers_command",
    "serve": "proofline.cli.serve:serve_command",
}


class LazyGroup(click.Group):
    """A click group that imports a command's module only when that command is asked for."""

    def __init__(self, *args: Any, lazy_commands: Mapping[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands: dict[str, str] = dict(lazy_commands or {})
        self.asked: frozenset[int] = frozenset()  # the plugins whose commands were added

    def ask_plugins(self) -> None:
        """Let every plugin's `register_commands` add its commands to this group (again when the
        plugin manager has gained a plugin since, as a test or an application may register one)."""
        from proofline.hookspecs import call_defaults_first, plugin_manager

        pm = plugin_manager()
        plugins = frozenset(id(p) for p in pm.get_plugins())
        if plugins != self.asked:
            self.asked = plugins
            call_defaults_first(pm, "register_commands", cli=self)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self.ask_plugins()
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = self.lazy_commands.get(cmd_name)
        if target is None:
            self.ask_plugins()
            return super().get_command(ctx, cmd_name)
        module_name, _, attr = target.partition(":")
        command = getattr(importlib.import_module(module_name), attr)
        if not isinstance(command, click.Command):
            raise TypeError(f"{target} is not a click command")
        return command


@click.group(
    cls=LazyGroup,
    lazy_commands=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, "--version", prog_name="proofline", message="%(prog)s %(version)s")
def cli() -> None:
    """Proofline checks AI-drafted B2B marketing content against your team's validated sources.

    Every factual claim in a draft (figures, certifications, customers, prices, comparisons...)
    is found and either backed by a source of the workspace, attested by an expert, or flagged
    as unsupported, contradicted, expired or forbidden; brand-voice problems (banned words,
    terminology, tone) are reported beside them. The workspace is a plain folder holding
    kit.yaml, sources/ and attestations.yaml.
    """


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point (`proofline`); exits with the command's status."""
    from proofline.cache import install_bytecode_cache, install_regex_cache

    # A command is a short process: compiling Proofline's source (when no .pyc may be written)
    # and its regular expressions would otherwise be ~200 ms of every run.
    install_bytecode_cache()
    install_regex_cache()
    cli.main(args=list(argv) if argv is not None else None, prog_name="proofline")
