"""`proofline providers`: the composers available (built-in and plugins), and the configured one checked."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from proofline.cli.check import WORKSPACE_ENV, discover_workspace


@click.command("providers", short_help="List the draft providers and check the configured one.")
@click.option("--workspace", "-w", "workspace_option", metavar="DIR", envvar=WORKSPACE_ENV,
              help="Workspace whose .proofline/settings.toml to read (default: found from here upwards).")
@click.option("--no-check", is_flag=True, help="Only list; do not contact the configured provider.")
def providers_command(workspace_option: str | None, no_check: bool) -> None:
    """List providers; mark the configured one (*) and check that it can be used.

    Exit status: 0 when the configured provider is ready, 1 when it is not, 2 for bad settings.
    """
    from proofline.compose.providers import available_providers
    from proofline.compose.providers.base import ProviderError
    from proofline.compose.settings import SettingsError, load_settings

    root = Path(workspace_option) if workspace_option else discover_workspace(Path.cwd())
    try:
        settings = load_settings(root)
    except SettingsError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    specs = available_providers()
    for name, each in specs.items():
        mark = "*" if name == settings.name else " "
        where = "network" if each.network else "local"
        click.echo(f"{mark} {name:20} [{where}] {each.description}")
    click.echo(f"configured: {settings.name} (from {settings.origin})"
               + (f", model {settings.model}" if settings.model else "")
               + (f", {settings.base_url}" if settings.base_url else "")
               + (", judge on" if settings.judge else ""))
    spec = specs.get(settings.name)
    if spec is None:
        click.echo(f"error: unknown provider {settings.name!r}; available: {', '.join(specs)}", err=True)
        sys.exit(1)
    if no_check:
        return
    try:
        status = spec.factory(settings).status()
    except ProviderError as exc:
        click.echo(f"not ready: {exc}")
        sys.exit(1)
    latency = f" ({status.latency_s * 1000:.0f} ms)" if status.latency_s is not None else ""
    click.echo(("ready: " if status.ok else "not ready: ") + status.message + latency)
    if not status.ok:
        sys.exit(1)
