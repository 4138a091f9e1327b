"""Language data, once per language: `fr/` and `en/`, plus `neutral` for what belongs to neither.

Why: the figure parser and the lexicon read the same phrases ("à partir de" bounds a figure and
means "at least"); each phrase is written once, here, with the lexicon concept it also states,
and both read it from here. The data are small Python modules (compiled once, no parsing at start-up).
"""

from __future__ import annotations

from pathlib import Path

from proofline.text.lang import neutral
from proofline.text.lang.en import figures as en_figures
from proofline.text.lang.en import phrases as en_phrases
from proofline.text.lang.fr import figures as fr_figures
from proofline.text.lang.fr import phrases as fr_phrases

__all__ = ["LANGUAGES", "data_files", "en_figures", "en_phrases", "fr_figures", "fr_phrases", "lexicon_forms",
           "neutral"]

LANGUAGES = ("fr", "en")
_PHRASES = {"fr": fr_phrases, "en": en_phrases}


def lexicon_forms() -> dict[str, dict[str, list[str]]]:
    """concept -> language -> forms the lexicon takes from here (qualifier phrases, change verbs).

    A group keyed "" is the figure parser's alone: those phrases state no lexicon concept.
    """
    found: dict[str, dict[str, list[str]]] = {}
    for lang, module in _PHRASES.items():
        groups = [*module.BOUNDS_BEFORE.values(), module.CHANGE_VERBS]
        for group in groups:
            for concept, forms in group.items():
                if concept:
                    found.setdefault(concept, {}).setdefault(lang, []).extend(forms)
    return found


def data_files() -> list[Path]:
    """The files of the language data, for caches that must follow them (the compiled lexicon)."""
    here = Path(__file__).parent
    return sorted(p for p in here.rglob("*.py") if p.name != "__init__.py")
