"""An example proof pack exporter plugin: `<asset>-v<n>.proof.txt`, one line per claim and what backs it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from proofline.hookspecs import hookimpl
from proofline.workflow.exporters import Exporter


def render(proof: dict[str, Any]) -> str:
    lines = [f"{proof['asset']['title']} v{proof['version']}, approved by {proof['approved_by']}"]
    for claim in proof["claims"]:
        sources = ", ".join(e["source"] for e in claim["backed_by"]) or "-"
        lines.append(f"{claim['verdict']}\t{sources}\t{claim['text']}")
    return "\n".join(lines) + "\n"


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
    register(Exporter("text", ".proof.txt", "text/plain; charset=utf-8", render, "The proof pack as plain lines."))
