"""The built-in providers, offered through the `proofline_providers` hook like any plugin's."""

from __future__ import annotations

from proofline.compose.providers.base import Provider, ProviderSpec
from proofline.compose.settings import ProviderSettings
from proofline.hookspecs import hookimpl


def _offline(settings: ProviderSettings) -> Provider:
    from proofline.compose.providers.offline import OfflineProvider

    return OfflineProvider()


def _openai_compatible(settings: ProviderSettings) -> Provider:
    from proofline.compose.providers.openai_compatible import OpenAICompatibleProvider

    return OpenAICompatibleProvider(settings)


@hookimpl
def proofline_providers() -> list[ProviderSpec]:
    return [
        ProviderSpec("offline", "Extractive composer: the sources' own sentences in channel templates; "
                     "no key, no network.", _offline, network=False),
        ProviderSpec("openai-compatible", "Any Chat Completions endpoint (Mistral, OpenAI, Ollama, vLLM, "
                     "LM Studio, llama.cpp server).", _openai_compatible, network=True),
    ]
