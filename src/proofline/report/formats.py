"""Report formats: what `proofline check --format NAME` writes, gathered by the `register_report_formats` hook.

A format is a name and a function from reports to text; the CLI, the desk and the API all ask
`report_formats()`, so a plugin's format is offered everywhere at once. terminal, json and sarif are
registered by the built-in plugin `proofline.report.builtin` through the same hook, first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    import pluggy

    from proofline.report import Report

HOOK = "register_report_formats"


@dataclass(frozen=True)
class FormatOptions:
    """What the caller asks of a rendering; a format ignores what it has no use for."""

    quiet: bool = False  # one line per draft, where the format has such a form (terminal)


@dataclass(frozen=True)
class ReportFormat:
    """A way to write check reports.

    `render(reports, options)` returns the whole text (ending with a newline), for stdout, a file or
    a download (`media_type`, `suffix`). `show`, when given, writes to a terminal stream instead, so
    that the format can follow that terminal (colours, width); only the CLI calls it.
    """

    name: str
    description: str
    render: Callable[[Sequence[Report], FormatOptions], str]
    media_type: str = "text/plain; charset=utf-8"
    suffix: str = ".txt"
    show: Callable[[Sequence[Report], IO[str], FormatOptions], None] | None = None


def report_formats(pm: pluggy.PluginManager | None = None) -> dict[str, ReportFormat]:
    """Every report format by name, the built-ins first (a plugin cannot take their names)."""
    from proofline.hookspecs import registered

    return registered(HOOK, ReportFormat, pm)


def report_format(name: str, pm: pluggy.PluginManager | None = None) -> ReportFormat | None:
    """The format called `name`, or None.

    A built-in name is answered from the built-in plugin's own table without creating the plugin
    manager: a plugin cannot take that name, so the answer is the same, and `proofline check`
    (which asks for a built-in format on almost every run) loads neither pluggy nor the entry points.
    """
    if pm is None:
        from proofline.report.renderers import BUILTIN_FORMATS

        builtin = next((f for f in BUILTIN_FORMATS if f.name == name), None)
        if builtin is not None:
            return builtin
    return report_formats(pm).get(name)
