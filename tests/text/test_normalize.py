"""The matching view: what it reads, and that every span it finds maps back to the draft."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proofline.text.normalize import (
    HiddenKind,
    fold,
    fold_text,
    foreign_lookalike,
    hidden_characters,
    hidden_kind,
    readings,
    styled_letter,
)

HIDDEN = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u200f", "\u202a", "\u202c",
          "\u2066", "\u2069", "\ufe0f", "\u034f", "\U000e0041"]


@pytest.mark.parametrize(("draft", "reads"), [
    ("zé\u200bro erreur", "zéro erreur"),
    ("zé\u00adro erreur", "zéro erreur"),
    ("zéro\u2060 erreur", "zéro erreur"),
    ("z\u200ee\u0301ro erreur", "zéro erreur"),  # a bidi mark, and an accent written as a mark
    ("zеro erreur", "zero erreur"),  # Cyrillic е: folded to e, and "zero" is not "zéro"
    ("zе\u0301ro erreur", "zéro erreur"),  # Cyrillic е with an acute accent: é
    ("ｚéｒｏ ｅｒｒｅｕｒ", "zéro erreur"),  # full-width
    ("𝐳éro 𝖊rreur", "zéro erreur"),  # mathematical bold, bold fraktur
    ("ᴢéro erreur", "zéro erreur"),  # Latin small capital
    ("zéro \u202eruerre\u202c", "zéro erreur"),  # a right-to-left override shows "ruerre" reversed
    ("ΖΕΡΟ ΕΡΡΕΥΡ", "ZEPO EPPEYP"),  # Greek capitals
    ("ІSO 27001", "ISO 27001"),  # Byelorussian-Ukrainian І imitates a capital I
    ("Ϲloud", "Cloud"),  # lunate sigma
    ("ﬁable", "fiable"),  # ligature
    ("100\u202f% en 2\u00a0semaines", "100 % en 2 semaines"),  # non-breaking spaces are spaces
])
def test_the_view_reads_what_a_reader_sees(draft: str, reads: str) -> None:
    assert fold_text(draft) == reads


@pytest.mark.parametrize("french", [
    "L’équipe « Ondine » a réduit les coûts de 12 % ; c’est acquis, n’est-ce pas ?",
    "Hôtel, maïs, cœur, Noël, ça, où, déjà, Ærø, naïveté, Œuvre",
    "Des pièces usinées à ±0,01 mm, 1 200 m² et 3 µm : c’est précis.",
    "😀 👩‍💻 ❤️ 🏴󠁧󠁢󠁥󠁮󠁧󠁿 1️⃣",
])
def test_legitimate_french_keeps_its_letters(french: str) -> None:
    folded = fold_text(french)
    # accents, « », ’ and œ are kept; only NBSP-like spaces and emoji selectors may change
    for ch in "éèêëàâäîïôöùûüçœ’«»Œ":
        assert folded.count(ch) == french.count(ch)
    assert list(hidden_characters(french)) == []


def test_ascii_and_plain_french_are_their_own_view() -> None:
    assert fold("Plain ASCII text.").identity
    assert fold("L’équipe « Ondine » a réduit ses coûts.").identity


def test_a_span_in_the_view_is_the_exact_span_of_the_draft() -> None:
    draft = "Nous visons le zé\u200bro erreur, en ｚéｒｏ jours."
    view = fold(draft)
    m = re.search("zéro erreur", view.text)
    assert m is not None
    start, end = view.to_original(m.start(), m.end())
    assert draft[start:end] == "zé\u200bro erreur"
    m = re.search("zéro jours", view.text)
    assert m is not None
    start, end = view.to_original(m.start(), m.end())
    assert draft[start:end] == "ｚéｒｏ jours"
    assert view.to_view(draft.index("erreur")) == view.text.index("erreur")


def test_a_zero_width_space_is_read_both_ways() -> None:
    assert [v.text for v in readings("zéro\u200berreur")] == ["zéroerreur", "zéro erreur"]
    assert [v.text for v in readings("zé\u200bro erreur")] == ["zéro erreur", "zé ro erreur"]
    assert [v.text for v in readings("zéro erreur")] == ["zéro erreur"]


def test_hidden_characters_are_found_where_they_are() -> None:
    draft = "zé\u200bro\u200b\u200b erreur 👩\u200d💻 e\ufe0f \u202eabc\u202c"
    runs = list(hidden_characters(draft))
    assert [draft[a:b] for a, b in runs] == ["\u200b", "\u200b\u200b", "\ufe0f", "\u202e", "\u202c"]
    assert hidden_kind("\u202e") is HiddenKind.BIDI
    assert hidden_kind("\u00ad") is HiddenKind.SOFT_HYPHEN
    assert hidden_kind("\u200b") is HiddenKind.ZERO_WIDTH
    assert hidden_kind("\u00a0") is None  # a non-breaking space is typography, not hidden
    assert hidden_kind("\u202f") is None


def test_lookalikes_and_styled_letters() -> None:
    assert foreign_lookalike("е") and foreign_lookalike("ο") and foreign_lookalike("ё")
    assert not foreign_lookalike("e") and not foreign_lookalike("é") and not foreign_lookalike("д")
    assert not foreign_lookalike("μ")  # µm: a Greek mu imitates no Latin letter
    assert styled_letter("𝐳") and styled_letter("ｚ") and styled_letter("ﬁ") and styled_letter("ⓩ")
    assert not styled_letter("²") and not styled_letter("é") and not styled_letter("z")
    assert not styled_letter("ℓ") and not styled_letter("№") and not styled_letter("Ⅳ")
    assert not styled_letter("µ")  # the micro sign is a unit, NFKC makes it a Greek mu


_WORDS = st.lists(st.sampled_from(["zéro", "erreur", "garanti", "Ondine", "100", "%", "l’équipe", "cœur",
                                   "ｚéro", "zеro", "𝐞rreur", "ﬁable", "«", "»", "\u00a0", "\u202f"]),
                  min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(_WORDS, st.lists(st.tuples(st.integers(0, 200), st.sampled_from(HIDDEN)), max_size=8),
       st.booleans())
def test_every_match_in_the_view_maps_back_inside_the_draft(words: list[str], inserts: list[tuple[int, str]],
                                                            spaced: bool) -> None:
    draft = " ".join(words)
    for pos, ch in inserts:
        pos %= len(draft) + 1
        draft = draft[:pos] + ch + draft[pos:]
    view = fold(draft, spaced=spaced)
    for m in re.finditer(r"[^\W_]+", view.text):
        start, end = view.to_original(m.start(), m.end())
        assert 0 <= start < end <= len(draft)
        # the draft's span reads, in the view, as the match (hidden characters inside it included)
        assert fold(draft[start:end], spaced=spaced).text.strip() == m.group()
        assert view.to_view(start) <= m.start()


@settings(max_examples=200, deadline=None)
@given(_WORDS, st.lists(st.tuples(st.integers(0, 200), st.sampled_from([*HIDDEN, "\u202e", "\u202d"])),
                        max_size=6))
def test_with_overrides_a_match_still_maps_to_a_span_that_reads_as_it(words: list[str],
                                                                     inserts: list[tuple[int, str]]) -> None:
    """Text under a right-to-left override is read as shown, its whole run standing for each match in it."""
    draft = " ".join(words)
    for pos, ch in inserts:
        pos %= len(draft) + 1
        draft = draft[:pos] + ch + draft[pos:]
    view = fold(draft)
    for m in re.finditer(r"[^\W_]+", view.text):
        start, end = view.to_original(m.start(), m.end())
        assert 0 <= start < end <= len(draft)
        assert m.group() in fold_text(draft[start:end])
