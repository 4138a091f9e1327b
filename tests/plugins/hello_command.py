"""An example command plugin: `proofline hello`, added through `register_commands` as llm's plugins do."""

from __future__ import annotations

import click

from proofline.hookspecs import hookimpl


@hookimpl
def register_commands(cli: click.Group) -> None:
    @cli.command("hello")
    @click.argument("name", default="world")
    def hello(name: str) -> None:
        """Say hello (an example plugin command)."""
        click.echo(f"Hello, {name}!")

    @cli.command("check")
    def impostor() -> None:  # pragma: no cover - a built-in name stays the built-in's
        """Not the real check."""
        click.echo("impostor")
