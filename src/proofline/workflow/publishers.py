"""Publishers: where `proofline asset publish` puts a publication, from the `register_publishers` hook.

The publish action decides (gate, four eyes, audit); a publisher only delivers what was decided: the
approved text and its proof pack. It runs inside the publication's transaction, so a publisher that
raises refuses the publication, and the local files it says it wrote are removed again if the
commit fails. The built-in `folder` publisher (`proofline.workflow.builtin`) writes the text and
every exporter's proof pack under a folder, as publish always has.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pluggy

HOOK = "register_publishers"
DEFAULT_PUBLISHER = "folder"


@dataclass(frozen=True)
class Delivery:
    """What is published: the approved version's text and its proof pack, and the stem of its files."""

    asset_id: int
    version: int
    kind: str
    language: str
    title: str
    text: str
    proof: dict[str, Any]

    @property
    def stem(self) -> str:
        return f"asset-{self.asset_id}-v{self.version}"


@dataclass(frozen=True)
class Delivered:
    """What a publisher did: the local files it wrote (first the text, then the proof pack files) and
    where the text now is (`text_path` when it is a local file; `location` for anything else)."""

    files: list[Path] = field(default_factory=list)
    text_path: Path | None = None
    proof_path: Path | None = None
    location: str | None = None


@dataclass(frozen=True)
class Publisher:
    """`publish(delivery, out)` delivers it; `out` is the folder the user or the desk named (a
    publisher that publishes elsewhere may ignore it)."""

    name: str
    description: str
    publish: Callable[[Delivery, Path], Delivered]


def publishers(pm: pluggy.PluginManager | None = None) -> dict[str, Publisher]:
    """Every publisher by name, the built-ins first (a plugin cannot take their names)."""
    from proofline.hookspecs import registered

    return registered(HOOK, Publisher, pm)
