"""The built-in proof pack exporters (JSON, Markdown) and the `folder` publisher, registered as plugins.

One of `hookspecs.DEFAULT_PLUGINS`; the proof pack's Markdown renderer is imported when it is used.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from proofline.hookspecs import hookimpl
from proofline.workflow.exporters import Exporter
from proofline.workflow.publishers import Delivered, Delivery, Publisher


def _json(proof: dict[str, Any]) -> str:
    """Sorted keys: the same stored pack always gives the same bytes, so the same recorded hash."""
    return json.dumps(proof, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _markdown(proof: dict[str, Any]) -> str:
    from proofline.workflow.proof import render_proof_markdown

    return render_proof_markdown(proof)


def _folder(delivery: Delivery, out: Path) -> Delivered:
    """`<stem>.md` and every exporter's `<stem><suffix>` in `out`, each written whole (temporary file,
    fsync, rename): the bytes `asset files --restore` can write again from the database."""
    from proofline.workflow.proof import AtomicFiles, publication_files

    files = publication_files(out, delivery.stem, delivery.text, delivery.proof)
    writer = AtomicFiles()
    try:
        for path, data in files.items():
            writer.write(path, data)
    except BaseException:
        writer.undo()
        raise
    paths = list(files)
    return Delivered(files=paths, text_path=paths[0], proof_path=paths[1] if len(paths) > 1 else None,
                     location=str(paths[0]))


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
