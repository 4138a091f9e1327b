"""The caches that make a command start fast must never change what a check decides."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from proofline import cache
from proofline.cache import RegexCodeCache
from proofline.text.lexicon import _new_stemmer
from proofline.workspace.loader import load_workspace, workspace_fingerprint

KIT = "kit: 1\nbrand: Acme\nlanguages: [fr, en]\nproof:\n  performance: [study]\n"
SOURCE = "---\ntype: study\ntitle: Étude 2025\nvalidated_on: 2025-01-10\n---\nLes fuites ont baissé de 27 %.\n"


@pytest.fixture
def cache_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv("PROOFLINE_CACHE_DIR", str(root))
    return root


def make_ws(root: Path) -> Path:
    (root / "sources").mkdir(parents=True)
    (root / "kit.yaml").write_text(KIT, encoding="utf-8")
    (root / "sources" / "etude.md").write_text(SOURCE, encoding="utf-8")
    return root


PATTERNS: list[tuple[str | bytes, int]] = [
    (r"(?P<n>\d+(?:[.,]\d+)?)\s*(?:%|pour\s+cent)", 0),
    (r"\b(?:révolutionnaire|disruptif)\b", re.IGNORECASE),
    (r"^(?P<h>#{1,6})\s+(?P<t>.+)$", re.MULTILINE),
    (rb"\x00(?P<b>[a-z]+)", 0),
    (r"(?<![\w])(?i:de|d['’]|of)(?=\s)", 0),
]


def _compile_all(store: RegexCodeCache) -> list[re.Pattern[Any]]:
    from re import _compiler  # type: ignore[attr-defined]

    return [store.compile(_compiler.compile, p, f) for p, f in PATTERNS]


def test_regex_code_from_the_store_is_the_pattern_re_compiles(cache_root: Path) -> None:
    path = cache_root / "regex-code" / "test.pickle"
    first = RegexCodeCache(path, {})
    learnt = _compile_all(first)
    assert first.added == len(PATTERNS) and first.hits == 0
    first.save()
    assert path.is_file()

    import pickle

    with path.open("rb") as fh:
        _, entries = pickle.load(fh)
    second = RegexCodeCache(path, entries)  # what the next process loads
    served = _compile_all(second)
    assert second.hits == len(PATTERNS) and second.added == 0
    for (pattern, flags), a, b in zip(PATTERNS, learnt, served, strict=True):
        expected = re.compile(pattern, flags)
        assert a == expected and b == expected  # same flags, code and source
        assert b.groupindex == expected.groupindex and b.groups == expected.groups
    text = "Les fuites ont baissé de 27,5 % : c'est disruptif."
    assert served[0].search(text).group("n") == "27,5"  # type: ignore[union-attr]
    assert served[1].search(text) is not None


def test_damaged_regex_entry_falls_back_to_compiling(cache_root: Path) -> None:
    from array import array

    store = RegexCodeCache(None, {(str, r"a+b", 0): (0, array("I", [1, 2, 3]), 0, {}, (None,))})
    pattern = store.compile(__import__("re")._compiler.compile, r"a+b", 0)
    assert pattern == re.compile(r"a+b") and pattern.match("aab")


def test_cached_workspace_is_identical_and_follows_every_file(tmp_path: Path, cache_root: Path) -> None:
    root = make_ws(tmp_path / "ws")
    first = load_workspace(root)
    assert list((cache_root / "workspace").glob("*.pickle"))
    second = load_workspace(root)
    assert second is not first
    assert (second.kit, second.sources, second.attestations, second.problems) == (
        first.kit, first.sources, first.attestations, first.problems)

    key = workspace_fingerprint(root)
    (root / "sources" / "etude.md").write_text(SOURCE.replace("27 %", "31 %"), encoding="utf-8")
    assert workspace_fingerprint(root) != key
    assert "31 %" in load_workspace(root).sources[0].text

    key = workspace_fingerprint(root)
    (root / "sources" / "etude.md.yaml").write_text("lang: fr\n", encoding="utf-8")  # a sidecar appears
    assert workspace_fingerprint(root) != key
    assert load_workspace(root).sources[0].lang == "fr"

    key = workspace_fingerprint(root)
    (root / "attestations.yml").write_text("[]\n", encoding="utf-8")  # a misnamed file changes the messages
    assert workspace_fingerprint(root) != key


def test_invalid_workspace_is_never_cached(tmp_path: Path, cache_root: Path) -> None:
    from proofline.workspace.model import WorkspaceError

    root = make_ws(tmp_path / "ws")
    (root / "kit.yaml").write_text("kit: 1\nbrand: Acme\nvoise: {}\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(WorkspaceError, match="voise"):
            load_workspace(root)
    assert not list((cache_root / "workspace").glob("*.pickle"))


def test_workspace_loads_without_a_cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("PROOFLINE_CACHE_DIR", str(blocker / "cache"))
    assert cache.cache_dir() is None
    assert load_workspace(make_ws(tmp_path / "ws")).sources[0].id == "etude"


@pytest.mark.parametrize("code,language", [("fr", "french"), ("en", "english")])
def test_light_stemmer_loading_gives_the_package_stemmer(code: str, language: str) -> None:
    import snowballstemmer

    light, full = _new_stemmer(code), snowballstemmer.stemmer(language)
    words = ["divisées", "réductions", "interventions", "running", "generously", "fuites", "capteurs",
             "leaks", "détectées", "opérationnelles", "abonnement", "abonnés"]
    assert [light.stemWord(w) for w in words] == [full.stemWord(w) for w in words]
