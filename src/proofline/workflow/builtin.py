"""The built-in proof pack exporters (JSON, Markdown) and the `folder` publisher, registered as plugins.

One of `hookspecs.DEFAULT_PLUGINS`; the proof pack's Markdown renderer is imported when it is used.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from proofline.hookspecs import hookimpl
from proofline.workflow.exporters import Exporter, write_exports
from proofline.workflow.publishers import Delivered, Delivery, Publisher


def _json(proof: dict[str, Any]) -> str:
    return json.dumps(proof, ensure_ascii=False, indent=2) + "\n"


def _markdown(proof: dict[str, Any]) -> str:
    from proofline.workflow.proof import render_proof_markdown

    return render_proof_markdown(proof)


def _folder(delivery: Delivery, out: Path) -> Delivered:
    """`<stem>.md` and every exporter's `<stem><suffix>` in `out` (created when missing)."""
    out.mkdir(parents=True, exist_ok=True)
    text_path = out / f"{delivery.stem}.md"
    text_path.write_text(delivery.text, "utf-8")
    try:
        files = [text_path, *write_exports(out, delivery.stem, delivery.proof)]
    except BaseException:
        text_path.unlink(missing_ok=True)
        raise
    return Delivered(files=files, text_path=text_path, proof_path=files[1] if len(files) > 1 else None,
                     location=str(text_path))


EXPORTERS: tuple[Exporter, ...] = (
    Exporter("json", ".proof.json", "application/json", _json, "The proof pack as JSON, for tools and archives."),
    Exporter("markdown", ".proof.md", "text/markdown; charset=utf-8", _markdown,
             "The proof pack for people: each claim with what backs it."),
)
PUBLISHERS: tuple[Publisher, ...] = (
    Publisher("folder", "Write the text and its proof pack files in a folder (default: <workspace>/published).",
              _folder),
)


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
    for exporter in EXPORTERS:
        register(exporter)


@hookimpl
def register_publishers(register: Callable[[Publisher], None]) -> None:
    for publisher in PUBLISHERS:
        register(publisher)
