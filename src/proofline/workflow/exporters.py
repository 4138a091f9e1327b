"""Proof pack exporters: the files a publication's proof pack is written as, from the `register_exporters` hook.

The proof pack is one dict (workflow/proof.py); an exporter renders it as text. The folder publisher
writes one file per exporter next to the published text, withdraw rewrites them so they say it, and
the desk offers each for download. The JSON and Markdown packs are the built-in plugin's
(`proofline.workflow.builtin`), registered first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pluggy

HOOK = "register_exporters"


@dataclass(frozen=True)
class Exporter:
    """One file format of the proof pack: `render(proof)` is the file's text, `suffix` ends its name
    (`asset-3-v2` + `.proof.json`) and names its download (`/assets/3/download/proof.json`)."""

    name: str
    suffix: str
    media_type: str
    render: Callable[[dict[str, Any]], str]
    description: str = ""


def exporters(pm: pluggy.PluginManager | None = None) -> dict[str, Exporter]:
    """Every exporter by name, the built-ins first (a plugin cannot take their names)."""
    from proofline.hookspecs import registered

    return registered(HOOK, Exporter, pm)


def exporter_for_suffix(suffix: str, pm: pluggy.PluginManager | None = None) -> Exporter | None:
    """The exporter whose files end with `suffix` (the first registered, when two share it)."""
    return next((e for e in exporters(pm).values() if e.suffix == suffix), None)
