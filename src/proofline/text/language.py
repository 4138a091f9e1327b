"""Fast language detection for short marketing texts (French vs English first).

A stop-word and character-cue scorer: loads instantly (lingua takes seconds), is right on a
five-line e-mail, and says "don't know" (returns the default) rather than guessing on a heading.
Only words that are distinctive for one language are listed ("a", "an", "on", "but", "or" are
both French and English, so they count for neither).
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["detect_language"]


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


_STOP_WORDS: dict[str, frozenset[str]] = {
    "fr": _words(
        """le la les des du un une et est sont pour dans sur avec par pas ne que qui quoi nous vous
        votre vos notre nos leur leurs ce cette ces cet au aux en il elle ils elles se sa son ses mais
        où plus très tout tous toute toutes été être avoir ont avons avez sans comme aussi déjà chez
        entre depuis selon bonjour merci cordialement je tu mon ma mes ton ta tes y dont lors après
        avant sous vers encore jamais toujours chaque votre peut peuvent fait faire été était sont
        moins ou si donc car ni leurs c'est qu'il d'un d'une l'on"""
    ),
    "en": _words(
        """the and of to is are was were for with that this these those it its you your we our they
        their them be been being have has had will would can could should not from by at which who
        what when where how all more than into over about just only also there here hi hello thanks
        thank regards per each every up out if so do does did any my he she his her us i let's
        within across without between after before because while yet most"""
    ),
    "de": _words(
        """der die das und ist nicht mit für auf den dem ein eine einen wir sie ihr ihre unsere
        sind auch wie bei oder noch nach über aus zum zur werden wird hat haben"""
    ),
    "es": _words(
        """el los las del una y es son para con por que su sus nuestro nuestra nosotros usted pero
        como más muy también está están hola gracias"""
    ),
    "it": _words(
        """il lo gli della delle degli una e è sono per con che non il nostro nostra nostri voi
        anche come più molto sono ciao grazie"""
    ),
    "nl": _words(
        """de het een en is zijn voor met dat niet op wij u uw onze ook als bij van naar maar
        deze dit worden wordt"""
    ),
}

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_FR_ELISION = _words("l d j qu n s c m t jusqu lorsqu puisqu")
_EN_CONTRACTIONS = _words("s t re ll ve m d")


_ACCENTED_WORD_RE = re.compile(r"\w*[éèêëàâçùûôîïœ]\w*")
_EN_SPELLING = re.compile(r"(?:ing|ly|ed|ness|ship|th|wh|ck|ee|oo|ght|ys)$|^(?:th|wh|sh|w)|[wk]")
_FR_SPELLING = re.compile(r"(?:eau|eaux|eux|aux|oir|oire|ette|ique|ées?|ez|ons|ent)$|qu|ou|oi|ç")
_MAX_CHARS = 20_000  # enough evidence; keeps long documents fast


@lru_cache(maxsize=16)
def _owners(languages: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Stop word -> the languages (among `languages`) it belongs to."""
    owners: dict[str, tuple[str, ...]] = {}
    for lang in languages:
        for word in _STOP_WORDS.get(lang, ()):
            owners[word] = (*owners.get(word, ()), lang)
    return owners


def _scores(text: str, languages: tuple[str, ...]) -> dict[str, float]:
    text = text[:_MAX_CHARS].lower()
    scores = dict.fromkeys(languages, 0.0)
    owners = _owners(languages)
    fr = "fr" in scores
    en = "en" in scores
    for word in _WORD_RE.findall(text):
        if "'" in word or "’" in word:
            head, _, tail = word.replace("’", "'").partition("'")
            if fr and head in _FR_ELISION and tail not in _EN_CONTRACTIONS:
                scores["fr"] += 1.0
                word = tail
            elif en and tail in _EN_CONTRACTIONS:
                scores["en"] += 1.0
                word = head
        for lang in owners.get(word, ()):
            scores[lang] += 1.0
    if fr:
        scores["fr"] += 0.5 * len(_ACCENTED_WORD_RE.findall(text))
    if fr and en and max(scores["fr"], scores["en"]) < 2.0:
        # Short texts ("Logivia Pro costs €1,500 per month") have few stop words: spelling
        # habits of each language break the tie.
        for word in _WORD_RE.findall(text):
            if _EN_SPELLING.search(word):
                scores["en"] += 0.5
            elif _FR_SPELLING.search(word):
                scores["fr"] += 0.5
    return scores


def detect_language(text: str, languages: tuple[str, ...] = ("fr", "en"), default: str = "fr") -> str:
    """The most likely language of `text` among `languages`, or `default` when unsure.

    Sure means: at least two points of evidence and 1.5 times the runner-up's score, or (short
    texts) one point and 2.5 times the runner-up's.
    """
    if not languages:
        return default
    if len(languages) == 1:
        return languages[0]
    scores = _scores(text, languages)
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, best_score), (_, second_score) = ranked[0], ranked[1]
    if best_score >= 2.0 and best_score >= 1.5 * second_score:
        return best
    if best_score >= 1.0 and best_score >= 2.5 * second_score and len(_WORD_RE.findall(text)) >= 3:
        return best  # a short text with one-sided evidence
    return default
