"""The plugin hooks: built-in features and outside plugins register through the same seams.

A plugin is a module or object with functions marked `@hookimpl`; packages expose them with the
`proofline` entry-point group (pluggy's `load_setuptools_entrypoints`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from proofline.compose.providers.base import ProviderSpec
    from proofline.evidence.index import Passage

hookspec = pluggy.HookspecMarker("proofline")
hookimpl = pluggy.HookimplMarker("proofline")


@hookspec(firstresult=True)
def proofline_judge(claim_text: str, claim_language: str, passages: list[Passage]) -> dict[str, Any] | None:
    """Decide a claim the deterministic engine left undecided (paraphrase, cross-language).

    Return None to abstain, or {"passage": index into passages, "relation": "supports" |
    "contradicts", "reason": str}. The engine only asks about claims it found no relation for;
    a judge never overrides a deterministic decision, and the report says which verdicts came
    from a judge. Off unless a plugin registers this hook and the settings switch it on.
    """


@hookspec
def proofline_providers() -> list[ProviderSpec]:
    """Composers this plugin offers: `ProviderSpec(name, description, factory, network)`.

    `factory(settings)` builds the provider from `proofline.compose.settings.ProviderSettings`;
    the built-in `offline` and `openai-compatible` providers are registered the same way
    (`proofline.compose.providers.builtin`). A name already taken by an earlier plugin is skipped.
    """
    return []


_manager: pluggy.PluginManager | None = None


def plugin_manager() -> pluggy.PluginManager:
    """The process-wide plugin manager, with entry-point plugins loaded once."""
    global _manager
    if _manager is None:
        pm = pluggy.PluginManager("proofline")
        import proofline.hookspecs as specs

        pm.add_hookspecs(specs)
        pm.load_setuptools_entrypoints("proofline")
        _manager = pm
    return _manager


if TYPE_CHECKING:  # the types register_voice_checks names
    from collections.abc import Callable

    from proofline.voice.engine import Rule


@hookspec
def register_voice_checks(register: Callable[[type[Rule]], None]) -> None:
    """Add voice check types: call `register(cls)` with each `proofline.voice.engine.Rule` subclass.

    The class's `type` is the name YAML rules use (`type: shout`), its `keys` the YAML keys it
    reads, its `build(spec)` makes a rule from them and its `hits(ctx)` runs it (docs/voice.md,
    "Adding a check type"). The built-in types register through this hook too
    (`proofline.voice.checks.builtin`), first: a name they hold cannot be taken over.
    """
