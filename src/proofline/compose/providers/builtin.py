"""The built-in providers, offered through the `proofline_providers` hook like any plugin's.

One of `hookspecs.DEFAULT_PLUGINS`: every import is inside the hook or the factories, so creating the
plugin manager (a voice rule build, a report format lookup) does not import the composer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from proofline.hookspecs import hookimpl

if TYPE_CHECKING:
    from proofline.compose.providers.base import Provider, ProviderSpec
    from proofline.compose.settings import ProviderSettings


def _offline(settings: ProviderSettings) -> Provider:
    from proofline.compose.providers.offline import OfflineProvider

    return OfflineProvider()


def _openai_compatible(settings: ProviderSettings) -> Provider:
    from proofline.compose.providers.openai_compatible import OpenAICompatibleProvider

    return OpenAICompatibleProvider(settings)


@hookimpl
def proofline_providers() -> list[ProviderSpec]:
    from proofline.compose.providers.base import ProviderSpec

    return [
        ProviderSpec("offline", "Extractive composer: the sources' own sentences in channel templates; "
                     "no key, no network.", _offline, network=False),
        ProviderSpec("openai-compatible", "Any Chat Completions endpoint (Mistral, OpenAI, Ollama, vLLM, "
                     "LM Studio, llama.cpp server).", _openai_compatible, network=True),
    ]
