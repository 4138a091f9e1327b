"""Bilingual (French ↔ English) lexicon: turns words into language-neutral concept keys.

Why: a draft sentence and a source passage state the same thing when they talk about the same
concepts, whatever the language or the paraphrase. "les pertes en réseau ont baissé" and
"network losses fell" both become {loss, network, decrease}. Figures, names and dates are
handled elsewhere; here digits are dropped and unknown words become ``w:<stem>`` keys.

Matching, in short: text is cut into letter/digit atoms; French elisions (l', d', qu'...) and
English clitics ('s, n't) are split off; hyphenated words are tried whole and by parts;
expressions are matched as sequences of stems, longest first, stop words inside being skipped.
A word is looked up with its own language's stem and, failing that, with the other language's
(French drafts borrow English words). The compiled lexicon is pickled in the user cache dir.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["Lexicon", "Term", "normalize_word", "stem"]

_DATA_DIR = Path(__file__).parent / "data"
_FORMAT_VERSION = "1"  # bump when the compiled layout changes, to invalidate pickles

_ATOM_RE = re.compile(r"[^\W_]+")
_APOSTROPHES = "'’ʼ‘`´"
_APOSTROPHE_SET = frozenset(_APOSTROPHES)
_BREAK_RE = re.compile(r"\n|[^\s\-'’ʼ‘`´/&]")
_SENTENCE_END_RE = re.compile(r"[.!?:\n]")
_ELISIONS = frozenset(
    {"l", "d", "qu", "n", "s", "c", "j", "m", "t", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu"}
)
_NT_RE = re.compile(r"t(?![^\W_])", re.IGNORECASE)
_CLITICS = frozenset({"s", "re", "ve", "ll", "d", "m"})
# A dot after these does not end a sentence nor break an expression ("excl. VAT").
_ABBREVIATIONS = frozenset(
    {
        "excl",
        "incl",
        "approx",
        "env",
        "vs",
        "cf",
        "ex",
        "etc",
        "resp",
        "min",
        "max",
        "nb",
        "no",
        "st",
        "mr",
        "mrs",
        "ms",
        "dr",
        "mme",
        "mlle",
        "hr",
        "hrs",
        "qte",
        "ref",
        "art",
        "al",
        "eg",
        "ie",
    }
)
_NEGATIVE_BASES = {"ca": "can", "wo": "will", "sha": "shall"}
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "ł": "l", "đ": "d"})

_STEMMERS: dict[str, Any] = {}


@dataclass(frozen=True)
class Term:
    """A concept (or plain word) found in a text, with offsets into that text."""

    key: str
    start: int
    end: int
    surface: str
    tags: frozenset[str] = frozenset()
    capitalized: bool = False
    sentence_initial: bool = False


@lru_cache(maxsize=65536)
def normalize_word(word: str) -> str:
    """Lower-case, strip accents and ligatures, unify apostrophes: the form both languages share."""
    w = word.lower().translate(_LIGATURES)
    if not w.isascii():
        w = "".join(c for c in unicodedata.normalize("NFD", w) if unicodedata.category(c) != "Mn")
    for a in _APOSTROPHES[1:]:
        if a in w:
            w = w.replace(a, "'")
    return w


def _lang(lang: str) -> str:
    """Two supported stemmers; anything not English is treated as French (the product's first language)."""
    return "en" if lang.lower().startswith("en") else "fr"


_SNOWBALL_CLASSES = {"fr": ("french_stemmer", "FrenchStemmer"), "en": ("english_stemmer", "EnglishStemmer")}
_SNOWBALL_ALIAS = "_proofline_snowballstemmer"


def _new_stemmer(code: str) -> Any:
    """The Snowball stemmer for "fr" or "en", exactly what `snowballstemmer.stemmer()` returns.

    `import snowballstemmer` executes the generated code of all its 34 languages (~20 ms, a
    tenth of a check). Unless PyStemmer is installed (then the package would hand out its C
    stemmers, so we go through the package as usual), the two modules needed are loaded from
    the package's own folder under a private package name, leaving `snowballstemmer` itself
    untouched for anyone else.
    """
    import importlib
    import importlib.util
    import sys

    module_name, class_name = _SNOWBALL_CLASSES[code]
    try:
        if importlib.util.find_spec("Stemmer") is None and "snowballstemmer" not in sys.modules:
            alias = sys.modules.get(_SNOWBALL_ALIAS)
            if alias is None:
                spec = importlib.util.find_spec("snowballstemmer")
                if spec is None or not spec.submodule_search_locations:
                    raise ImportError("snowballstemmer")
                import types

                alias = types.ModuleType(_SNOWBALL_ALIAS)
                alias.__path__ = list(spec.submodule_search_locations)
                alias.__package__ = _SNOWBALL_ALIAS
                sys.modules[_SNOWBALL_ALIAS] = alias
            module = importlib.import_module(f"{_SNOWBALL_ALIAS}.{module_name}")
            return getattr(module, class_name)()
    except (ImportError, AttributeError):
        pass
    import snowballstemmer

    return snowballstemmer.stemmer("english" if code == "en" else "french")


@lru_cache(maxsize=131072)
def stem(word: str, lang: str) -> str:
    """Snowball stem, accent-free (memoised: stemming dominates the cost of terms()).

    The French stemmer needs the accents to strip endings ("divisées" -> "divis"), so it runs
    on the lower-cased word and its result is normalized; words without letters are returned
    normalized as they are.
    """
    code = _lang(lang)
    stemmer = _STEMMERS.get(code)
    if stemmer is None:
        stemmer = _STEMMERS[code] = _new_stemmer(code)
    norm = normalize_word(word)
    if not norm or not norm.isalpha():
        return norm
    lower = word.lower().replace("œ", "oe").replace("æ", "ae")
    return normalize_word(str(stemmer.stemWord(lower if lower.isalpha() else norm)))


# --------------------------------------------------------------------------------------------
# Tokenisation


@dataclass(slots=True)
class _Atom:
    """A letter/digit run. `norm` is the lookup form; elisions keep their apostrophe ("l'")."""

    start: int
    end: int
    norm: str
    kind: str  # "word", "elision", "clitic", "negation" ("n't"), "digit"
    brk: bool  # an expression may not run from the previous atom into this one
    initial: bool  # sentence-initial
    group: int  # hyphen-compound id (atoms of "double-authentification" share it)


def _tokenize(text: str) -> list[_Atom]:
    """Letter/digit atoms with elisions, "n't", clitics and hyphen groups resolved."""
    atoms: list[_Atom] = []
    prev_end = 0
    prev: _Atom | None = None
    group = 0
    for m in _ATOM_RE.finditer(text):
        start, end = m.span()
        surface = m.group()
        gap = text[prev_end:start]
        next_apostrophe = text[end : end + 1] in _APOSTROPHE_SET
        if prev is None:
            brk, initial = True, True
        elif gap == " ":
            brk = initial = False
        elif not gap and prev.kind == "elision":
            brk, initial = False, prev.initial
        elif gap == "-" or gap in _APOSTROPHE_SET:
            brk = initial = False
        else:
            brk = _BREAK_RE.search(gap) is not None
            initial = _SENTENCE_END_RE.search(gap) is not None
            if brk and prev.norm in _ABBREVIATIONS and gap.strip() == ".":
                brk = initial = False
        if gap != "-":
            group += 1
        if not next_apostrophe and (prev is None or not gap or gap not in _APOSTROPHE_SET):
            # the common case: a plain word or number
            prev = _Atom(
                start,
                end,
                normalize_word(surface),
                "digit" if surface[0].isdigit() else "word",
                brk,
                initial,
                group,
            )
            atoms.append(prev)
            prev_end = end
            continue
        lower = surface.lower()
        apostrophe_gap = prev is not None and gap in _APOSTROPHE_SET and gap != ""
        if (
            next_apostrophe
            and normalize_word(lower) in _ELISIONS
            and not (lower == "n" and _NT_RE.match(text, end + 1))
        ):
            # French elision: the apostrophe belongs to the elided word ("l'", "n'", "jusqu'").
            atom = _Atom(start, end + 1, normalize_word(lower) + "'", "elision", brk, initial, group)
        elif (
            apostrophe_gap
            and prev is not None
            and lower == "t"
            and prev.kind == "word"
            and prev.norm.endswith("n")
        ):
            # English "n't": shorten the verb, the negation becomes its own atom.
            base = prev.norm[:-1]
            prev.norm = _NEGATIVE_BASES.get(base, base)
            prev.end -= 1
            atom = _Atom(prev.end, end, "n't", "negation", False, False, group)
            if not base:  # a bare "n't" (as written in the lexicon)
                atoms.pop()
                atom.brk, atom.initial = prev.brk, prev.initial
        elif apostrophe_gap and prev is not None and prev.kind != "elision" and lower in _CLITICS:
            atom = _Atom(start, end, "'" + lower, "clitic", False, False, group)
        else:
            atom = _Atom(
                start,
                end,
                normalize_word(surface),
                "digit" if surface[0].isdigit() else "word",
                brk,
                initial,
                group,
            )
        atoms.append(atom)
        prev = atom
        prev_end = atom.end if atom.kind == "elision" else end
    return atoms


# --------------------------------------------------------------------------------------------
# Compiled lexicon

# A concept as stored in tries: (key, tags, proper). `proper` concepts (cities, brand words)
# only match when the first word is capitalised ("Nice", "Tours", "Ondine").
_Concept = tuple[str, frozenset[str], bool]
_Node = dict[str, Any]  # stem -> child node; "" -> tuple of concepts ending here
_END = ""
# Per-word facts cached by surface: (stem in the text's language, stem in the other language,
# is a stop word, "=" exact key, "==" accented key or "", single-word concept and whether it
# comes from kit terms, whether the word may open a multiword expression).
_WordInfo = tuple[str, str, bool, str, str, "tuple[_Concept, bool] | None", bool]


class _Layer:
    """One set of concepts compiled to a trie per language (base lexicon, brand, kit terms)."""

    __slots__ = ("_openers", "is_kit", "tries")

    def __init__(self, is_kit: bool = False) -> None:
        self.tries: dict[str, _Node] = {"fr": {}, "en": {}}
        self.is_kit = is_kit
        self._openers: dict[str, frozenset[str]] = {}

    def openers(self, lang: str) -> frozenset[str]:
        """First stems of multiword expressions: the only stop words worth a lookup."""
        found = self._openers.get(lang)
        if found is None:
            found = frozenset(k for k, node in self.tries[lang].items() if len(node) - (_END in node) > 0)
            self._openers[lang] = found
        return found

    def add(
        self, lang: str, stems_variants: Iterable[tuple[str, ...]], concept: _Concept, form: str = ""
    ) -> None:
        lower = form.strip().lower()
        key = "=" + normalize_word(lower)
        unaccented = key == "=" + lower
        for seq in stems_variants:
            node = self.tries[lang]
            self._openers.clear()
            for s in seq:
                node = node.setdefault(s, {})
            ends: tuple[_Concept, ...] = node.get(_END, ())
            if concept in ends:
                continue
            # proper-noun concepts first: they win when the word is capitalised
            node[_END] = (
                (concept, *ends) if concept[2] or (unaccented and seq[0] == key) else (*ends, concept)
            )


class Lexicon:
    """Concepts in French and English, plus optional kit terminology and brand name."""

    def __init__(
        self,
        base: _Layer,
        stopwords: dict[str, frozenset[str]],
        tags: dict[str, frozenset[str]],
    ) -> None:
        self._base = base
        # A digest of the built-in data and code this lexicon was built from (set by `default`):
        # caches that depend on the vocabulary, like the evidence index, key on it.
        self.fingerprint = ""
        self._stop = stopwords
        self._tags = tags
        self._brand: _Layer | None = None
        self._kit: _Layer | None = None
        self._kit_synonyms: list[tuple[str, list[str]]] = []
        self._brand_name: str | None = None
        self._word_cache: dict[str, dict[str, _WordInfo]] = {"fr": {}, "en": {}}

    # ----------------------------------------------------------------------------- building

    @classmethod
    def default(cls) -> Lexicon:
        """The built-in lexicon, compiled once per process (and pickled across processes)."""
        global _DEFAULT
        if _DEFAULT is None:
            _DEFAULT = _load_default()
        return _DEFAULT

    @classmethod
    def from_data(cls, concepts: list[dict[str, Any]], stopwords: dict[str, Any]) -> Lexicon:
        """Compile a lexicon from parsed YAML (see data/lexicon/*.yaml for the format)."""
        stop: dict[str, set[str]] = {"fr": set(), "en": set()}
        for lang in ("fr", "en"):
            section = stopwords.get(lang) or {}
            words: Iterable[Any] = section.values() if isinstance(section, dict) else [section]
            for group in words:
                for w in group or ():
                    if not isinstance(w, str):  # YAML read 'on'/'no' as a bool: quote it
                        raise ValueError(f"stop word {w!r} ({lang}) is not a string")
                    stop[lang].add(normalize_word(w))
        # Single words the lexicon defines are never stop words in that language (but an
        # accented form does not free its unaccented twin: "dès" leaves "des" a stop word).
        for c in concepts:
            for lang in ("fr", "en"):
                for form in _forms(c, lang):
                    n = normalize_word(form)
                    if _ATOM_RE.fullmatch(n) and n == form.lower() and not c.get("proper"):
                        stop[lang].discard(n)
        frozen = {k: frozenset(v) for k, v in stop.items()}
        lex = cls(_Layer(), frozen, {})
        seen: set[str] = set()
        for c in concepts:
            key = str(c["id"])
            if key in seen:
                raise ValueError(f"duplicate lexicon concept id: {key}")
            seen.add(key)
            tags = frozenset(str(t) for t in c.get("tags") or ())
            lex._tags[key] = tags
            concept: _Concept = (key, tags, bool(c.get("proper", False)))
            for lang in ("fr", "en"):
                for form in _forms(c, lang):
                    lex._base.add(lang, lex._compile_form(form, lang), concept, form)
        return lex

    def _compile_form(self, form: str, lang: str) -> list[tuple[str, ...]]:
        """Stem sequences for a form; stop words inside become optional when ≥2 content words."""
        atoms = _tokenize(form)
        if not atoms:
            return []
        if len(atoms) == 1 and atoms[0].kind == "word" and atoms[0].norm in self._stop[lang]:
            # "été", "dès", "sûr": only the accented spelling means the concept
            return [("==" + form[atoms[0].start : atoms[0].end].lower(),)]
        items = [(self._atom_stem(a, form, lang), self._atom_is_stop(a, lang)) for a in atoms]
        variants: list[tuple[str, ...]] = [tuple(s for s, _ in items)]
        content = [s for s, stop in items if not stop]
        n_stop = len(items) - len(content)
        if len(content) >= 2 and 0 < n_stop <= 4:
            stop_positions = [i for i, (_, stop) in enumerate(items) if stop]
            for mask in range(1, 1 << n_stop):
                drop = {stop_positions[b] for b in range(n_stop) if mask >> b & 1}
                variants.append(tuple(s for i, (s, _) in enumerate(items) if i not in drop))
        # a listed single word also matches exactly, which beats a stem collision
        # ("abonnement" is subscription even though it shares the stem "abon" with "abonné")
        if len(atoms) == 1 and atoms[0].kind == "word":
            variants.append(("=" + atoms[0].norm,))
            # accents decide between "chiffré" and "chiffre", "financé" and "finance": an
            # accented form also gets a "==" key; under "=" unaccented forms come first
            lower = form[atoms[0].start : atoms[0].end].lower()
            if lower != atoms[0].norm:
                variants.append(("==" + lower,))
        # hyphenated forms also match written as one word ("e-mail" -> "email")
        if len(atoms) > 1 and all(a.kind in ("word", "digit") for a in atoms) and "-" in form:
            joined = "".join(a.norm for a in atoms)
            variants.append((stem(joined, lang),))
        return variants

    @staticmethod
    def _atom_stem(atom: _Atom, text: str, lang: str) -> str:
        """Stem from the written word (accents help the French stemmer), else from `norm`."""
        if atom.kind != "word":
            return atom.norm
        surface = text[atom.start : atom.end]
        return stem(surface if normalize_word(surface) == atom.norm else atom.norm, lang)

    def _atom_is_stop(self, atom: _Atom, lang: str) -> bool:
        if atom.kind in ("elision", "clitic"):
            return atom.norm not in ("n'", "jusqu'")
        return atom.kind == "word" and atom.norm in self._stop[lang]

    def extended(self, synonyms: list[tuple[str, list[str]]], brand: str | None = None) -> Lexicon:
        """A copy with kit terminology (each `use` and its `not` forms one concept, tag "term")
        and the brand name (tag "brand"). A kit term match also reports the words inside it,
        so "pertes en réseau" still shares {loss, network} with "network losses"."""
        new = Lexicon(self._base, self._stop, dict(self._tags))
        new._kit_synonyms = [*self._kit_synonyms, *((u, list(n)) for u, n in synonyms)]
        new._brand_name = brand if brand is not None else self._brand_name
        if new._brand_name:
            layer = _Layer()
            tags = frozenset({"brand"})
            new._tags["brand"] = tags
            concept: _Concept = ("brand", tags, True)
            name = new._brand_name
            for lang in ("fr", "en"):
                layer.add(lang, new._compile_form(name, lang), concept)
                for atom in _tokenize(name):
                    if atom.kind != "word" or self._atom_is_stop(atom, lang):
                        continue
                    s = self._atom_stem(atom, name, lang)
                    known = any(
                        _END in (self._base.tries[lg].get(self._atom_stem(atom, name, lg)) or {})
                        for lg in ("fr", "en")
                    )
                    if not known:
                        layer.add(lang, [(s,)], concept)
            new._brand = layer
        if new._kit_synonyms:
            layer = _Layer(is_kit=True)
            for use, nots in new._kit_synonyms:
                key = "term:" + "-".join(a.norm.strip("'") for a in _tokenize(use) if a.norm.strip("'"))
                tags = frozenset({"term"})
                new._tags[key] = tags
                concept = (key, tags, False)
                for form in [use, *nots]:
                    for lang in ("fr", "en"):
                        layer.add(lang, new._compile_form(form, lang), concept, form)
            new._kit = layer
        return new

    def __getstate__(self) -> dict[str, Any]:
        """Pickle without the word cache: it is rebuilt cheaply and may be large."""
        state = dict(self.__dict__)
        state["_word_cache"] = {"fr": {}, "en": {}}
        return state

    def tags_of(self, key: str) -> frozenset[str]:
        """Tags of a concept key; plain words (``w:``) and unknown keys have none."""
        return self._tags.get(key, frozenset())

    # ----------------------------------------------------------------------------- matching

    def terms(self, text: str, lang: str) -> list[Term]:
        """Concept terms of `text` in order; stop words and figures dropped, negations kept."""
        own = _lang(lang)
        other = "en" if own == "fr" else "fr"
        atoms = _tokenize(text)
        if not atoms:
            return []
        layers = [x for x in (self._kit, self._brand, self._base) if x is not None]
        cache = self._word_cache[own]
        infos: list[_WordInfo] = []
        info: _WordInfo | None
        for a in atoms:
            if a.kind == "word":
                surface = text[a.start : a.end]
                info = cache.get(surface)
                if info is None:
                    info = self._word_info(surface, a.norm, own, other, layers)
                    if len(cache) < 200_000:
                        cache[surface] = info
            else:
                stop = self._atom_is_stop(a, own)
                info = (a.norm, a.norm, stop, "=" + a.norm, "", None, True)
            infos.append(info)
        ctx = _Ctx(
            text,
            atoms,
            [x[0] for x in infos],
            [x[1] for x in infos],
            [x[3] for x in infos],
            [x[4] for x in infos],
            [x[2] for x in infos],
            own,
            other,
            infos,
        )
        out: list[Term] = []
        self._emit(ctx, 0, len(atoms), layers, out, fast=True)
        return out

    def _word_info(self, surface: str, norm: str, own: str, other: str, layers: list[_Layer]) -> _WordInfo:
        """Everything about a word that does not depend on its neighbours, computed once."""
        written = surface if normalize_word(surface) == norm else norm  # "don" of "don't" is "do"
        s_own = stem(written, own)
        s_other = stem(written, other)
        own_root = self._base.tries[own]
        if own == "fr" and s_own not in own_root:
            s_own = _verb_stem(written, own_root) or s_own
        lower = surface.lower()
        exact, accented = "=" + norm, ("==" + lower if lower != norm else "")
        is_stop = (norm in self._stop[own] and accented not in own_root) or (
            norm in self._stop[other] and _END not in own_root.get(s_own, {}) and exact not in own_root
        )
        cap = surface[:1].isupper()
        opens = False
        single: tuple[_Concept, bool] | None = None
        for layer in layers:
            for lang, st in ((own, s_own), (other, s_other)):
                trie = layer.tries[lang]
                node = trie.get(st)
                if node is not None and len(node) - (_END in node) > 0:
                    opens = True
                if single is None:
                    ex = (accented and trie.get(accented)) or trie.get(exact)
                    c = _pick(ex.get(_END) if ex else None, cap) or _pick(
                        node.get(_END) if node else None, cap
                    )
                    if c is not None:
                        single = (c, layer.is_kit)
        return (s_own, s_other, is_stop, exact, accented, single, opens)

    def _emit(
        self, ctx: _Ctx, lo: int, hi: int, layers: list[_Layer], out: list[Term], fast: bool = False
    ) -> None:
        atoms = ctx.atoms
        infos = ctx.infos
        i = lo
        stems_own, stems_other = ctx.stems_own, ctx.stems_other
        while i < hi:
            info = infos[i]
            stop_start = info[2]
            compound = i + 1 < hi and atoms[i + 1].group == atoms[i].group
            if fast and not info[6] and not compound:
                # a word that opens no expression: its concept was resolved once, in the cache
                if stop_start:
                    i += 1
                    continue
                single = info[5]
                if single is None:
                    out.append(self._term("w:" + info[0], (), ctx, i, i))
                else:
                    out.append(self._term(single[0][0], single[0][1], ctx, i, i))
                    if single[1]:
                        self._emit(ctx, i, i + 1, [x for x in layers if not x.is_kit], out)
                i += 1
                continue
            if stop_start and not any(
                stems_own[i] in layer.openers(ctx.own) or stems_other[i] in layer.openers(ctx.other)
                for layer in layers
            ):  # a stop word that opens no expression
                i += 1
                continue
            best_end = -1
            best: _Concept | None = None
            best_layer: _Layer | None = None
            for layer in layers:
                for trie, stems in ((layer.tries[ctx.own], stems_own), (layer.tries[ctx.other], stems_other)):
                    if stems is stems_other and best is not None:
                        # the other language only helps if it can match something longer
                        root = trie.get(stems[i])
                        if root is None or len(root) - (_END in root) == 0:
                            continue
                    j, concept = _walk(trie, stems, ctx, i, hi)
                    if concept is not None and j > best_end:
                        best_end, best, best_layer = j, concept, layer
                    if not compound:
                        continue
                    # hyphenated compound tried as one word ("co-fondateur" -> "cofondateur")
                    k = i
                    while k + 1 < hi and atoms[k + 1].group == atoms[i].group:
                        k += 1
                    joined = "".join(a.norm for a in atoms[i : k + 1])
                    node = trie.get(stem(joined, ctx.own if stems is stems_own else ctx.other))
                    c = _pick(node.get(_END) if node else None, _capitalized(ctx, i))
                    if c is not None and k > best_end:
                        best_end, best, best_layer = k, c, layer
            if stop_start and best_end <= i:  # a stop word only counts when it opens an expression
                i += 1
                continue
            if best is None:
                if atoms[i].kind == "word":
                    out.append(self._term("w:" + stems_own[i], (), ctx, i, i))
                i += 1
                continue
            out.append(self._term(best[0], best[1], ctx, i, best_end))
            if best_layer is not None and best_layer.is_kit:
                self._emit(ctx, i, best_end + 1, [x for x in layers if not x.is_kit], out)
            i = best_end + 1

    @staticmethod
    def _term(key: str, tags: Iterable[str], ctx: _Ctx, i: int, j: int) -> Term:
        a = ctx.atoms[i]
        start, end = a.start, ctx.atoms[j].end
        surface = ctx.text[start:end]
        first = ctx.text[a.start : a.end]
        cap = first[:1].isupper() or first.isupper()
        return Term(key, start, end, surface, frozenset(tags), cap, a.initial)


@dataclass
class _Ctx:
    text: str
    atoms: list[_Atom]
    stems_own: list[str]
    stems_other: list[str]
    exact: list[str]  # "=" + normalized word: the key of exactly-listed single words
    accented: list[str]  # "==" + lower-cased word with its accents, tried first
    stops: list[bool]
    own: str
    other: str
    infos: list[_WordInfo]


def _pick(ends: tuple[_Concept, ...] | None, cap: bool) -> _Concept | None:
    """The concept an expression stands for; proper-noun concepts need a capital."""
    if not ends:
        return None
    for c in ends:
        if not c[2] or cap:
            return c
    return None


def _capitalized(ctx: _Ctx, i: int) -> bool:
    return ctx.text[ctx.atoms[i].start].isupper()


def _walk(trie: _Node, stems: list[str], ctx: _Ctx, i: int, hi: int) -> tuple[int, _Concept | None]:
    """Longest expression starting at atom i; stop words in the text may be skipped inside it."""
    acc = ctx.accented[i]
    exact = (acc and trie.get(acc)) or trie.get(ctx.exact[i])
    cap = ctx.text[ctx.atoms[i].start].isupper()
    node = trie.get(stems[i])
    if exact is not None:
        c = _pick(exact[_END], cap)
        if c is not None and (node is None or len(node) - (_END in node) == 0):
            return i, c
    if node is None:
        return -1, None
    if len(node) == 1 and _END in node:  # fast path: a single word with no longer expression
        return i, _pick(node[_END], cap)
    best_j, best = -1, None
    if exact is not None:
        best_j, best = i, _pick(exact[_END], cap)
        if best is None:
            best_j = -1
    atoms, stops = ctx.atoms, ctx.stops
    # (node, last matched atom, whether a content word was matched yet): stop words of the
    # text may be skipped only after a content word ("taux de disponibilité"), so that
    # "par des capteurs" does not pass for "par capteur"
    stack = [(node, i, not stops[i])]
    while stack:
        node, j, content = stack.pop()
        ends = node.get(_END)
        if ends and (j > best_j or best is None):
            c = _pick(ends, cap)
            if c is not None:
                best_j, best = j, c
        if len(node) - (1 if ends else 0) == 0:
            continue
        k, skipped = j + 1, 0
        while k < hi and not atoms[k].brk and skipped <= 3:
            child = node.get(stems[k])
            if child is not None:
                stack.append((child, k, content or not stops[k]))
            if not stops[k] or not content or atoms[k].norm in _number_words():
                break  # a number is never skipped: "open seven days" is not "open day"
            k += 1
            skipped += 1
    return best_j, best


@lru_cache(maxsize=1)
def _number_words() -> frozenset[str]:
    from proofline.text.quantities import number_words

    return frozenset(normalize_word(w) for lang in ("fr", "en") for w in number_words(lang))


def _verb_stem(word: str, root: _Node) -> str | None:
    """The stem of a French verb the stemmer leaves whole: "nous conservons", "nous hébergeons".

    Snowball keeps -ons (nouns end so too); when the word itself is unknown, its infinitive
    ("conserver", "héberger") is tried, so that a claim in the first person ("nous ...", what a
    brand says of itself) meets the lexicon.
    """
    lower = word.lower()
    for ending in ("ons",):
        if lower.endswith(ending) and len(lower) > len(ending) + 3:
            base = lower[: -len(ending)]
            for candidate in (base + "er", base[:-1] + "er" if base.endswith("e") else "", base + "ir"):
                if candidate:
                    st = stem(candidate, "fr")
                    if st in root:
                        return st
    return None


def _forms(concept: dict[str, Any], lang: str) -> list[str]:
    forms = [*(concept.get(lang) or ()), *(concept.get("all") or ())]
    for f in forms:
        if not isinstance(f, str):  # YAML turned it into a bool or a number: quote it
            raise ValueError(f"lexicon concept {concept.get('id')!r}: form {f!r} is not a string")
    return forms


# --------------------------------------------------------------------------------------------
# Loading and caching

_DEFAULT: Lexicon | None = None


def _data_files() -> list[Path]:
    files = sorted((_DATA_DIR / "lexicon").glob("*.yaml"))
    single = _DATA_DIR / "lexicon.yaml"
    if single.exists():
        files.insert(0, single)
    return [*files, _DATA_DIR / "stopwords.yaml"]


def _language_files() -> list[Path]:
    from proofline.text import lang

    return lang.data_files()


def with_language_data(concepts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The concepts with the forms `proofline.text.lang` gives them: phrases the figure parser reads
    too ("à partir de", "fell"), written once there rather than in both places."""
    from proofline.text.lang import lexicon_forms

    shared = lexicon_forms()
    unknown = set(shared) - {str(c.get("id")) for c in concepts}
    if unknown:
        raise ValueError(f"text/lang names lexicon concepts that do not exist: {sorted(unknown)}")
    out = []
    for c in concepts:
        extra = shared.get(str(c.get("id")))
        if extra:
            c = {**c, **{lang: [*(c.get(lang) or ()), *forms] for lang, forms in extra.items()}}
        out.append(c)
    return out


def _cache_dir() -> Path:
    explicit = os.environ.get("PROOFLINE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "proofline"


def _load_default() -> Lexicon:
    files = _data_files()
    digest = hashlib.sha256(_FORMAT_VERSION.encode())
    digest.update(Path(__file__).read_bytes())  # compiled layout follows this code
    blobs = []
    for f in files:
        data = f.read_bytes()
        blobs.append(data)
        digest.update(f.name.encode() + b"\0" + data)
    for f in _language_files():
        digest.update(f.parent.name.encode() + b"/" + f.name.encode() + b"\0" + f.read_bytes())
    path = None
    try:
        path = _cache_dir() / f"lexicon-{digest.hexdigest()[:20]}.pickle"
        with path.open("rb") as fh:
            lex = pickle.load(fh)
        if isinstance(lex, Lexicon):
            lex.fingerprint = digest.hexdigest()
            return lex
    except Exception:
        pass
    import yaml

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    concepts: list[dict[str, Any]] = []
    for f, data in zip(files[:-1], blobs[:-1], strict=True):
        parsed = yaml.load(data, Loader=loader) or []
        if not isinstance(parsed, list):
            raise ValueError(f"{f.name}: expected a list of concepts")
        concepts.extend(parsed)
    stopwords = yaml.load(blobs[-1], Loader=loader) or {}
    lex = Lexicon.from_data(with_language_data(concepts), stopwords)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("wb") as fh:
                pickle.dump(lex, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except Exception:
            pass
    lex.fingerprint = digest.hexdigest()
    return lex
