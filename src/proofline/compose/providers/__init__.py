"""The provider registry: every `proofline_providers` hook implementation, built-ins first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from proofline.compose.providers.base import Provider, ProviderConfigError, ProviderSpec

if TYPE_CHECKING:
    import pluggy

    from proofline.compose.settings import ProviderSettings

BUILTIN_PLUGIN = "proofline.providers.builtin"


def _manager(pm: pluggy.PluginManager | None) -> pluggy.PluginManager:
    from proofline.hookspecs import plugin_manager

    pm = pm or plugin_manager()
    if pm.get_plugin(BUILTIN_PLUGIN) is None:
        from proofline.compose.providers import builtin

        pm.register(builtin, name=BUILTIN_PLUGIN)
    return pm


def available_providers(pm: pluggy.PluginManager | None = None) -> dict[str, ProviderSpec]:
    """Provider specs by name, the built-ins first."""
    manager = _manager(pm)
    specs: dict[str, ProviderSpec] = {}
    # pluggy calls the last registered plugin first, and the built-ins are registered last:
    # their names cannot be taken over by a plugin.
    for batch in manager.hook.proofline_providers():
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
