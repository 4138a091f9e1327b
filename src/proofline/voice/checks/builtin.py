"""The built-in check types, registered through the `register_voice_checks` hook like any plugin's.

One of `hookspecs.DEFAULT_PLUGINS`. It imports the check modules at its top (its one hook needs them
all); the plugin manager is only created when voice rules are built, where they are needed anyway.
"""

from __future__ import annotations

from collections.abc import Callable

from proofline.hookspecs import hookimpl
from proofline.voice.checks.capitalization import Capitalization
from proofline.voice.checks.conditional import Conditional
from proofline.voice.checks.confusable import Confusable
from proofline.voice.checks.consistency import Consistency
from proofline.voice.checks.existence import Existence
from proofline.voice.checks.hidden_character import HiddenCharacter
from proofline.voice.checks.metric import Metric
from proofline.voice.checks.occurrence import Occurrence
from proofline.voice.checks.repetition import Repetition
from proofline.voice.checks.substitution import Substitution
from proofline.voice.checks.variation import Variation
from proofline.voice.engine import Rule

BUILTIN_CHECKS: tuple[type[Rule], ...] = (Existence, Substitution, Occurrence, Repetition, Consistency,
                                          Capitalization, Metric, Conditional, Variation, HiddenCharacter,
                                          Confusable)


@hookimpl
def register_voice_checks(register: Callable[[type[Rule]], None]) -> None:
    for check in BUILTIN_CHECKS:
        register(check)
