"""The renderers of the built-in report formats (terminal, json, sarif) and their table.

`proofline.report.builtin` registers the table through `register_report_formats`; it lives here, in
a module that does not import the plugin machinery, so that `report_format("json")` answers a
check without loading pluggy. The renderers import rich or the SARIF writer only when used.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any

from proofline.report.formats import FormatOptions, ReportFormat

if TYPE_CHECKING:
    from proofline.report import Report


def _json_text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _json(reports: Sequence[Report], options: FormatOptions) -> str:
    """One object for one draft, a list for several: the documented contract (docs/report.md)."""
    dicts = [r.to_json_dict() for r in reports]
    return _json_text(dicts[0] if len(dicts) == 1 else dicts)


def _sarif(reports: Sequence[Report], options: FormatOptions) -> str:
    from proofline.report.sarif import to_sarif

    return _json_text(to_sarif(reports))


def _terminal(reports: Sequence[Report], options: FormatOptions) -> str:
    from proofline.report.terminal import render_to_string

    return render_to_string(reports, quiet=options.quiet)


def _terminal_show(reports: Sequence[Report], stream: IO[str], options: FormatOptions) -> None:
    from proofline.report.terminal import make_console, render_reports

    render_reports(reports, make_console(stream), quiet=options.quiet)


BUILTIN_FORMATS: tuple[ReportFormat, ...] = (
    ReportFormat("terminal", "For people: the draft with its claims highlighted, then each claim and finding.",
                 _terminal, show=_terminal_show),
    ReportFormat("json", "The documented contract for CI and editors (docs/report.md).", _json,
                 media_type="application/json", suffix=".json"),
    ReportFormat("sarif", "SARIF 2.1.0 for code-scanning views.", _sarif,
                 media_type="application/sarif+json", suffix=".sarif"),
)
