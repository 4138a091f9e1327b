"""The optional LLM judge: a `proofline_judge` plugin backed by the configured provider.

Off by default. `enable_judge()` registers it only when the settings switch it on
(`PROOFLINE_JUDGE=1` or `[judge] enabled = true`) and a provider that answers JSON is
configured. The engine asks it only about claims the deterministic rules found no relation for,
and the judge's answer is itself gated by rules: the passage index must exist, a passage that
carries instructions ("ignore your rules...") is never accepted as support, and a "supports"
answer is refused when a figure of the claim is absent from the passage. Provider failures make
the judge abstain, never fail the check.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from proofline.compose.providers.base import JsonCompleter, ProviderError, Usage
from proofline.hookspecs import hookimpl

if TYPE_CHECKING:
    import pluggy

    from proofline.compose.settings import ProviderSettings
    from proofline.evidence.index import Passage

PLUGIN_NAME = "proofline.judge.provider"
RELATIONS = ("supports", "contradicts")

# Text addressed to a model rather than to a reader of the source.
INJECTION = re.compile(
    r"\b(ignore|disregard|forget)\b.{0,40}\b(rules?|instructions?|prompt|guidelines)\b"
    r"|\b(ignorez|oubliez|ignore[rz]?)\b.{0,40}\b(règles?|consignes?|instructions?)\b"
    r"|\b(system prompt|you are now|tu es maintenant|vous êtes maintenant)\b",
    re.IGNORECASE | re.DOTALL)


def looks_like_instructions(text: str) -> bool:
    return bool(INJECTION.search(text))


def _values(text: str, lang: str) -> set[float]:
    from proofline.text.quantities import find_quantities

    out: set[float] = set()
    for q in find_quantities(text, lang):
        if q.value is not None:
            out.add(round(q.value, 6))
        if q.high is not None:
            out.add(round(q.high, 6))
    return out


class ProviderJudge:
    """Entailment decisions from a model, recorded so the report can say which verdicts it made."""

    def __init__(self, provider: JsonCompleter) -> None:
        self.provider = provider
        self.usage = Usage()
        self.decisions: list[dict[str, Any]] = []
        self.errors: list[str] = []

    @property
    def label(self) -> str:
        model = getattr(self.provider, "model", None)
        return f"{self.provider.name}:{model}" if model else self.provider.name

    def judge(self, claim_text: str, claim_language: str, texts: Sequence[str]) -> dict[str, Any] | None:
        """The decision for one claim against candidate passage texts, or None to abstain."""
        from proofline.compose.prompts import judge_messages

        if not texts:
            return None
        try:
            data, usage = self.provider.complete_json(judge_messages(claim_text, claim_language, texts),
                                                      required=("relation",))
        except ProviderError as exc:
            self.errors.append(str(exc))
            return None
        self.usage.add(usage)
        relation = str(data.get("relation", "")).strip().lower()
        index = data.get("passage")
        if relation not in RELATIONS or isinstance(index, bool) or not isinstance(index, int) \
                or not 0 <= index < len(texts):
            return None
        passage = texts[index]
        if looks_like_instructions(passage):
            return None
        if relation == "supports" and not _values(claim_text, claim_language) <= _values(passage, claim_language):
            return None  # a figure of the claim is not in the passage: a model cannot make it so
        decision = {"passage": index, "relation": relation, "reason": str(data.get("reason", ""))[:300],
                    "judge": self.label}
        self.decisions.append({"claim": claim_text, **decision})
        return decision

    @hookimpl
    def proofline_judge(self, claim_text: str, claim_language: str, passages: list[Passage]) -> dict[str, Any] | None:
        return self.judge(claim_text, claim_language, [p.text for p in passages])


def enable_judge(workspace_root: str | Path | None = None, *, settings: ProviderSettings | None = None,
                 pm: pluggy.PluginManager | None = None) -> ProviderJudge | None:
    """Register the judge on the plugin manager when the settings switch it on; None otherwise."""
    from proofline.compose.providers import get_provider
    from proofline.compose.settings import load_settings
    from proofline.hookspecs import plugin_manager

    settings = settings or load_settings(workspace_root)
    if not settings.judge:
        return None
    provider = get_provider(settings, pm)
    if not isinstance(provider, JsonCompleter):
        return None  # the offline composer cannot judge
    manager = pm or plugin_manager()
    previous = manager.get_plugin(PLUGIN_NAME)
    if previous is not None:
        manager.unregister(previous)
    judge = ProviderJudge(provider)
    manager.register(judge, name=PLUGIN_NAME)
    return judge


def disable_judge(pm: pluggy.PluginManager | None = None) -> None:
    from proofline.hookspecs import plugin_manager

    manager = pm or plugin_manager()
    plugin = manager.get_plugin(PLUGIN_NAME)
    if plugin is not None:
        manager.unregister(plugin)
