"""The plugin hooks: built-in features and outside plugins register through the same seams.

A plugin is a module or object with functions marked `@hookimpl`; packages expose them with the
`proofline` entry-point group. The built-in features are plugins too: the modules of
`DEFAULT_PLUGINS` are registered by name, exactly as an outside plugin is, before any outside one.
`PROOFLINE_LOAD_PLUGINS` chooses the outside plugins as `LLM_LOAD_PLUGINS` does for llm: unset, every
installed entry point; empty, none (the tests run so); `a,b`, only those distributions'.
Every hook is documented for plugin authors in docs/plugins.md (a test checks it).
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import pluggy

if TYPE_CHECKING:
    import click

    from proofline.compose.providers.base import ProviderSpec
    from proofline.evidence.index import Passage
    from proofline.report.formats import ReportFormat
    from proofline.voice.engine import Rule
    from proofline.workflow.exporters import Exporter
    from proofline.workflow.publishers import Publisher

PROJECT = "proofline"
LOAD_PLUGINS_ENV = "PROOFLINE_LOAD_PLUGINS"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)

# The built-in plugins, in the order their registrations come first. Each module keeps its top-level
# imports light (what it registers is imported inside its hooks): creating the manager imports them all.
DEFAULT_PLUGINS: tuple[str, ...] = (
    "proofline.report.builtin",
    "proofline.voice.checks.builtin",
    "proofline.compose.providers.builtin",
    "proofline.workflow.builtin",
)


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


@hookspec
def register_voice_checks(register: Callable[[type[Rule]], None]) -> None:
    """Add voice check types: call `register(cls)` with each `proofline.voice.engine.Rule` subclass.

    The class's `type` is the name YAML rules use (`type: shout`), its `keys` the YAML keys it
    reads, its `build(spec)` makes a rule from them and its `hits(ctx)` runs it (docs/voice.md,
    "Adding a check type"). The built-in types register through this hook too
    (`proofline.voice.checks.builtin`), first: a name they hold cannot be taken over.
    """


@hookspec
def register_report_formats(register: Callable[[ReportFormat], None]) -> None:
    """Add report formats: call `register(ReportFormat(name, description, render, ...))`.

    `render(reports, options)` returns the whole text of the reports; the name becomes a choice of
    `proofline check --format`, and the desk and API ask the same registry
    (`proofline.report.formats.report_formats`). terminal, json and sarif register this way
    (`proofline.report.builtin`), first: a name they hold cannot be taken over.
    """


@hookspec
def register_exporters(register: Callable[[Exporter], None]) -> None:
    """Add proof pack exporters: call `register(Exporter(name, suffix, media_type, render))`.

    `render(proof)` writes a publication's proof pack (a dict, docs/workflow.md) as text; the
    folder publisher writes one `<asset>-v<n><suffix>` file per exporter, withdraw rewrites them and
    the desk offers each for download. The JSON and Markdown packs register this way
    (`proofline.workflow.builtin`), first.
    """


@hookspec
def register_publishers(register: Callable[[Publisher], None]) -> None:
    """Add places `proofline asset publish --to NAME` can publish to: `register(Publisher(...))`.

    `publish(delivery, out)` runs inside the publication's transaction, after the gate passed:
    raise to refuse, return the files written (removed again if the commit fails) and where the text
    now is. The built-in `folder` publisher (`proofline.workflow.builtin`) writes the text and
    every exporter's proof pack under the folder.
    """


@hookspec
def register_commands(cli: click.Group) -> None:
    """Add commands to the `proofline` command line: `@cli.command()` on a click function, as llm's
    `register_commands` does. A name a built-in command holds stays the built-in's."""


# --------------------------------------------------------------------------- the manager

_manager: pluggy.PluginManager | None = None


def plugin_manager() -> pluggy.PluginManager:
    """The process-wide plugin manager: DEFAULT_PLUGINS, then the outside plugins chosen by the environment."""
    global _manager
    if _manager is None:
        _manager = make_plugin_manager(load_outside=True)
    return _manager


def make_plugin_manager(*, load_outside: bool = False) -> pluggy.PluginManager:
    """A new manager with the default plugins registered (tests build their own with no outside ones)."""
    pm = pluggy.PluginManager(PROJECT)
    pm.add_hookspecs(sys.modules[__name__])
    for name in DEFAULT_PLUGINS:
        pm.register(importlib.import_module(name), name=name)
    if load_outside:
        load_outside_plugins(pm, os.environ.get(LOAD_PLUGINS_ENV))
    return pm


def load_outside_plugins(pm: pluggy.PluginManager, wanted: str | None) -> None:
    """Register entry-point plugins: all of them when `wanted` is None, else those of the distributions
    it names (comma-separated; empty: none). A named distribution that is not installed is said on stderr."""
    if wanted is None:
        pm.load_setuptools_entrypoints(PROJECT)
        return
    from importlib import metadata

    for dist_name in (n.strip() for n in wanted.split(",")):
        if not dist_name:
            continue
        try:
            dist = metadata.distribution(dist_name)
        except metadata.PackageNotFoundError:
            sys.stderr.write(f"warning: plugin {dist_name!r} ({LOAD_PLUGINS_ENV}) is not installed\n")
            continue
        for ep in dist.entry_points:
            if ep.group == PROJECT and pm.get_plugin(ep.name) is None and not pm.is_blocked(ep.name):
                pm.register(ep.load(), name=ep.name)


def call_defaults_first(pm: pluggy.PluginManager, hook: str, **kwargs: Any) -> list[Any]:
    """Call `hook` on the default plugins first, then on the others: a registry that keeps the first
    item under each name thus keeps the built-in's whatever order, tryfirst or trylast a plugin asks for."""
    defaults = [p for p in (pm.get_plugin(n) for n in DEFAULT_PLUGINS) if p is not None]
    others = [p for p in pm.get_plugins() if p not in defaults]
    first = pm.subset_hook_caller(hook, remove_plugins=others)(**kwargs)
    return [*first, *pm.subset_hook_caller(hook, remove_plugins=defaults)(**kwargs)]


T = TypeVar("T")


def registered(hook: str, kind: type[T], pm: pluggy.PluginManager | None = None) -> dict[str, T]:
    """What a `register_*` hook registers, by name (the item's `name`), the built-ins first.

    A name already taken is kept by its first item; an item that is not a `kind` is refused with a
    TypeError naming the hook, so a plugin's mistake is found when it loads, not when it is used.
    """
    found: dict[str, T] = {}

    def register(item: T) -> None:
        if not isinstance(item, kind):
            raise TypeError(f"{hook}: {item!r} is not a {kind.__name__}")
        found.setdefault(str(getattr(item, "name")), item)  # noqa: B009 - every registered kind has one

    call_defaults_first(pm or plugin_manager(), hook, register=register)
    return found
