"""The built-in report formats (terminal, json, sarif), registered through `register_report_formats`.

One of `hookspecs.DEFAULT_PLUGINS`; the formats themselves are in `proofline.report.renderers`.
"""

from __future__ import annotations

from collections.abc import Callable

from proofline.hookspecs import hookimpl
from proofline.report.formats import ReportFormat
from proofline.report.renderers import BUILTIN_FORMATS


@hookimpl
def register_report_formats(register: Callable[[ReportFormat], None]) -> None:
    for fmt in BUILTIN_FORMATS:
        register(fmt)
