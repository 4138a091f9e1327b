"""An example report format plugin: `proofline check --format csv`, one row per claim.

One file is the whole plugin; a package would name it in `[project.entry-points.proofline]`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence

from proofline.hookspecs import hookimpl
from proofline.report import Report
from proofline.report.formats import FormatOptions, ReportFormat

COLUMNS = ("document", "line", "column", "category", "verdict", "blocking", "text")


def render(reports: Sequence[Report], options: FormatOptions) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for report in reports:
        for c in report.claims:
            writer.writerow((report.document, c.line, c.column, c.category.value, c.verdict.value,
                             "yes" if c.blocks else "no", c.text))
    return out.getvalue()


@hookimpl
def register_report_formats(register: Callable[[ReportFormat], None]) -> None:
    register(ReportFormat("csv", "One row per claim, for a spreadsheet.", render, media_type="text/csv", suffix=".csv"))
