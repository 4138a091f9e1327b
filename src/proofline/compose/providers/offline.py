"""The `offline` provider (the default): no key, no network, the sources' own sentences."""

from __future__ import annotations

from proofline.compose.providers.base import ComposeRequest, ComposeResult, ProviderStatus


class OfflineProvider:
    """Extractive composer behind the provider interface; its claims are backed by construction."""

    name = "offline"

    def compose(self, request: ComposeRequest) -> ComposeResult:
        from proofline.compose.offline_composer import compose_offline

        return compose_offline(request)

    def status(self) -> ProviderStatus:
        return ProviderStatus(ok=True, message="extractive composer, no key and no network needed")
