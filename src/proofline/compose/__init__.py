"""Compose drafts from validated sources (offline or through a model provider), then check them.

    from proofline.compose import plan, compose, provider_from_settings
    job = plan(workspace, ["etude-terrain-2025"], ["linkedin", "email"], audience_id="plant-managers")
    drafts = compose(workspace, job, provider_from_settings(workspace.root))

Each `Draft` carries the provider's result (text, citations, usage) and the check's report.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from proofline.compose.providers.base import ComposeError, ComposeRequest, ComposeResult, Provider
from proofline.compose.service import ComposeJob, Draft, compose, plan, write_drafts

if TYPE_CHECKING:
    from proofline.compose.settings import ProviderSettings


def provider_from_settings(workspace_root: str | Path | None = None,
                           settings: ProviderSettings | None = None) -> Provider:
    """The configured provider (offline unless the environment or settings.toml name another)."""
    from proofline.compose.providers import get_provider
    from proofline.compose.settings import load_settings

    return get_provider(settings or load_settings(workspace_root))


__all__ = ["ComposeError", "ComposeJob", "ComposeRequest", "ComposeResult", "Draft", "Provider", "compose",
           "plan", "provider_from_settings", "write_drafts"]
