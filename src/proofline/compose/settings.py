"""Which provider composes drafts, and how to reach it: environment first, then a settings file.

The environment wins so that CI and one-off runs can override a team's file without editing it.
The file is `<workspace>/.proofline/settings.toml`:

    [provider]
    name = "openai-compatible"
    base_url = "http://127.0.0.1:11434/v1"
    model = "mistral-small"
    api_key_env = "MISTRAL_API_KEY"   # the key itself stays out of files kept in git
    timeout = 60
    max_retries = 3
    input_cost_per_million = 0.2      # optional, any currency: recorded with each call
    output_cost_per_million = 0.6

    [judge]
    enabled = false
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from proofline import judging
from proofline.messages import Refusal

SETTINGS_FILE = Path(".proofline") / "settings.toml"
DEFAULT_PROVIDER = "offline"

ENV_PROVIDER = "PROOFLINE_PROVIDER"
ENV_BASE_URL = "PROOFLINE_BASE_URL"
ENV_MODEL = "PROOFLINE_MODEL"
ENV_API_KEY = "PROOFLINE_API_KEY"
ENV_TIMEOUT = "PROOFLINE_TIMEOUT"
ENV_JUDGE = judging.ENV_JUDGE  # one name for it

_PROVIDER_KEYS = {
    "name", "base_url", "model", "api_key", "api_key_env", "timeout", "max_retries", "backoff",
    "max_backoff", "structured_output", "temperature", "max_tokens", "input_cost_per_million",
    "output_cost_per_million",
}
_STRUCTURED = ("json_object", "json_schema", "none")


class SettingsError(Refusal):
    """The settings cannot be used; the message names the file, the key and what was expected."""

    fallback = "compose.settings_invalid"  # the detail stays English: it names files and keys


@dataclass(frozen=True)
class ProviderSettings:
    """Everything a provider factory may need; unknown providers read `extra`."""

    name: str = DEFAULT_PROVIDER
    base_url: str | None = None
    model: str | None = None
    api_key: str | None = field(default=None, repr=False)
    api_key_env: str | None = None
    timeout: float = 60.0
    max_retries: int = 3
    backoff: float = 0.5
    max_backoff: float = 30.0
    structured_output: str = "json_object"
    temperature: float = 0.2
    max_tokens: int | None = None
    input_cost_per_million: float | None = None
    output_cost_per_million: float | None = None
    judge: bool = False
    origin: str = "defaults"  # where the settings came from, shown by `proofline providers`
    extra: dict[str, Any] = field(default_factory=dict)

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float | None:
        """The price of one call, when the settings say what a million tokens cost."""
        if self.input_cost_per_million is None and self.output_cost_per_million is None:
            return None
        return (prompt_tokens * (self.input_cost_per_million or 0.0)
                + completion_tokens * (self.output_cost_per_million or 0.0)) / 1_000_000


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def _from_file(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML: {exc}") from exc
    except OSError as exc:
        raise SettingsError(f"{path}: cannot be read: {exc}") from exc
    unknown_sections = set(data) - {"provider", "judge"}
    if unknown_sections:
        raise SettingsError(f"{path}: unknown section(s) {sorted(unknown_sections)}; expected [provider], [judge]")
    provider = data.get("provider", {})
    if not isinstance(provider, dict):
        raise SettingsError(f"{path}: [provider] must be a table")
    unknown = set(provider) - _PROVIDER_KEYS
    if unknown and provider.get("name", DEFAULT_PROVIDER) in ("offline", "openai-compatible"):
        raise SettingsError(f"{path}: unknown key(s) in [provider]: {sorted(unknown)}; "
                            f"expected some of {sorted(_PROVIDER_KEYS)}")
    judge = data.get("judge", {})
    if not isinstance(judge, dict) or set(judge) - {"enabled"}:
        raise SettingsError(f"{path}: [judge] accepts only `enabled = true|false`")
    out = dict(provider)
    if "enabled" in judge:
        out["judge"] = bool(judge["enabled"])
    return out


def load_settings(workspace_root: str | Path | None = None,
                  environ: dict[str, str] | None = None) -> ProviderSettings:
    """The provider settings for a workspace (file), overridden by PROOFLINE_* variables."""
    env = dict(os.environ) if environ is None else environ
    values: dict[str, Any] = {}
    origin = "defaults"
    if workspace_root is not None:
        path = Path(workspace_root) / SETTINGS_FILE
        if path.is_file():
            values = _from_file(path)
            origin = str(path)
    overrides = {"name": env.get(ENV_PROVIDER), "base_url": env.get(ENV_BASE_URL),
                 "model": env.get(ENV_MODEL), "api_key": env.get(ENV_API_KEY)}
    if env.get(ENV_TIMEOUT):
        try:
            overrides["timeout"] = float(env[ENV_TIMEOUT])  # type: ignore[assignment]
        except ValueError:
            raise SettingsError(f"{ENV_TIMEOUT}={env[ENV_TIMEOUT]!r} is not a number of seconds") from None
    set_by_env = {k: v for k, v in overrides.items() if v}
    if set_by_env:
        origin = "environment" if origin == "defaults" else f"{origin} + environment"
    values.update(set_by_env)
    if ENV_JUDGE in env:
        values["judge"] = _truthy(env.get(ENV_JUDGE))
    known = {k: v for k, v in values.items() if k in _PROVIDER_KEYS or k == "judge"}
    extra = {k: v for k, v in values.items() if k not in known}
    try:
        settings = ProviderSettings(**known, origin=origin, extra=extra)
    except TypeError as exc:  # pragma: no cover - guarded by the key check above
        raise SettingsError(str(exc)) from exc
    if settings.api_key is None and settings.api_key_env:
        settings = replace(settings, api_key=env.get(settings.api_key_env))
    if settings.structured_output not in _STRUCTURED:
        raise SettingsError(f"structured_output must be one of {', '.join(_STRUCTURED)}, "
                            f"not {settings.structured_output!r}")
    for key in ("timeout", "backoff", "max_backoff"):
        if not isinstance(getattr(settings, key), int | float) or getattr(settings, key) < 0:
            raise SettingsError(f"{key} must be a positive number of seconds")
    return settings
