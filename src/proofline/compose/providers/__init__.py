"""The provider registry: every `proofline_providers` hook implementation, built-ins first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from proofline.compose.providers.base import Provider, ProviderConfigError, ProviderSpec

if TYPE_CHECKING:
    import pluggy

    from proofline.compose.settings import ProviderSettings


def available_providers(pm: pluggy.PluginManager | None = None) -> dict[str, ProviderSpec]:
    """Provider specs by name, the built-ins first: their names cannot be taken over by a plugin."""
    from proofline.hookspecs import call_defaults_first, plugin_manager

    specs: dict[str, ProviderSpec] = {}
    for batch in call_defaults_first(pm or plugin_manager(), "proofline_providers"):
        for spec in batch or []:
            specs.setdefault(spec.name, spec)
    return specs


def get_provider(settings: ProviderSettings, pm: pluggy.PluginManager | None = None) -> Provider:
    """The provider the settings name, built by its factory; a clear error for an unknown name."""
    specs = available_providers(pm)
    spec = specs.get(settings.name)
    if spec is None:
        raise ProviderConfigError("compose.provider_unknown", provider=settings.name, name=settings.name,
                                  origin=settings.origin, available=list(specs))
    return spec.factory(settings)


__all__ = ["available_providers", "get_provider"]
