"""The check types of the voice checker: one module each, gathered by the `register_voice_checks` hook.

Each module holds one `Rule` subclass with everything about its type: the YAML keys it reads
(`keys`), how it validates and builds itself from them (`build`) and how it runs (`hits`), as
Vale's `internal/check/<type>.go` does. The registry is built from the classes themselves: the
built-in ones are registered through the same plugin hook as an outside plugin's
(`voice/checks/builtin.py`), so adding a check type is one new module and one hook call
(docs/voice.md, "Adding a check type").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pluggy

    from proofline.voice.engine import Rule


def check_types(pm: pluggy.PluginManager | None = None) -> dict[str, type[Rule]]:
    """Check types by name (the `type:` of a YAML rule), the built-ins first and in their order.

    A name already taken is kept by the first class registered under it: the built-in plugin is
    called first (`hookspecs.call_defaults_first`), so a plugin cannot change what a built-in type
    means. A registered object that is not a `Rule` subclass with a `type` of its own is refused
    with a TypeError.
    """
    from proofline.hookspecs import call_defaults_first, plugin_manager
    from proofline.voice.engine import Rule

    found: dict[str, type[Rule]] = {}

    def register(check: type[Rule]) -> None:
        if not (isinstance(check, type) and issubclass(check, Rule)) or check.type == Rule.type:
            raise TypeError(f"register_voice_checks: {check!r} is not a Rule subclass with a `type` of its own")
        found.setdefault(check.type, check)

    call_defaults_first(pm or plugin_manager(), "register_voice_checks", register=register)
    return found
