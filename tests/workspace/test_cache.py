"""The on-disk cache: a speed-up that never fails a check."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from proofline import cache
from proofline.cache import cache_dir, cached, content_hash


@pytest.fixture
def cache_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv("PROOFLINE_CACHE_DIR", str(root))
    return root


class Counter:
    def __init__(self, value: object = "built") -> None:
        self.calls = 0
        self.value = value

    def __call__(self) -> object:
        self.calls += 1
        return self.value


def test_content_hash() -> None:
    assert content_hash("é") == content_hash("é".encode())
    assert len(content_hash(b"x")) == 20
    assert content_hash(b"x") != content_hash(b"y")


def test_cache_dir_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROOFLINE_CACHE_DIR", str(tmp_path / "explicit"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "explicit"
    monkeypatch.delenv("PROOFLINE_CACHE_DIR")
    assert cache_dir() == tmp_path / "xdg" / "proofline"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "proofline"
    assert (tmp_path / "home" / ".cache" / "proofline").is_dir()


def test_cache_dir_not_creatable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("PROOFLINE_CACHE_DIR", str(blocker / "cache"))
    assert cache_dir() is None
    build = Counter()
    assert cached("ns", "k", build) == "built"
    assert cached("ns", "k", build) == "built"
    assert build.calls == 2


def test_second_call_reads_from_disk(cache_root: Path) -> None:
    build = Counter({"index": [1, 2, 3]})
    assert cached("evidence", "abc123", build) == {"index": [1, 2, 3]}
    assert cached("evidence", "abc123", build) == {"index": [1, 2, 3]}
    assert build.calls == 1
    assert (cache_root / "evidence" / "abc123.pickle").is_file()
    assert [p.name for p in (cache_root / "evidence").iterdir()] == ["abc123.pickle"]  # no temp file left
    assert cached("evidence", "other", build) == {"index": [1, 2, 3]}
    assert build.calls == 2


def test_corrupt_entry_is_rebuilt(cache_root: Path) -> None:
    build = Counter()
    cached("ns", "k", build)
    (cache_root / "ns" / "k.pickle").write_bytes(b"\x80\x05garbage")
    assert cached("ns", "k", build) == "built"
    assert build.calls == 2
    assert cached("ns", "k", build) == "built"
    assert build.calls == 2  # the rebuilt value was stored again


def test_entry_from_other_format_is_rebuilt(cache_root: Path) -> None:
    import pickle

    (cache_root / "ns").mkdir(parents=True)
    (cache_root / "ns" / "k.pickle").write_bytes(pickle.dumps("a bare value from an older version"))
    build = Counter()
    assert cached("ns", "k", build) == "built"


def test_unpicklable_value_is_still_returned(cache_root: Path) -> None:
    lock = threading.Lock()
    assert cached("ns", "k", lambda: lock) is lock
    assert not any(p.name.startswith(".tmp") for p in (cache_root / "ns").iterdir())


def test_keys_cannot_escape_the_cache(cache_root: Path) -> None:
    cached("../../outside", "../../../etc/passwd", Counter())
    written = [p for p in cache_root.parent.rglob("*.pickle")]
    assert len(written) == 1
    assert cache_root in written[0].parents


def test_old_entries_are_pruned(cache_root: Path) -> None:
    for i in range(cache.KEEP_PER_NAMESPACE + 5):
        cached("ns", f"k{i}", Counter(i))
        os.utime(cache_root / "ns" / f"k{i}.pickle", (1000 + i, 1000 + i))
    cached("ns", "last", Counter())
    names = {p.name for p in (cache_root / "ns").iterdir()}
    assert len(names) == cache.KEEP_PER_NAMESPACE
    assert "last.pickle" in names and "k0.pickle" not in names


def test_a_value_cached_by_another_version_of_the_code_is_rebuilt(cache_root: Path) -> None:
    build = Counter("new")
    cached("ns", "k", Counter("old"))
    # What another version of Proofline (an upgrade, another checkout sharing the folder) left.
    [entry] = (cache_root / "ns").glob("k.pickle")
    import pickle

    stamp, _ = pickle.loads(entry.read_bytes())
    entry.write_bytes(pickle.dumps((stamp.rsplit("/", 1)[0] + "/another-code", "old")))
    assert cached("ns", "k", build) == "new" and build.calls == 1


def test_the_code_fingerprint_follows_code_and_data_files(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    (pkg / "__pycache__").mkdir(parents=True)
    (pkg / "a.py").write_text("x = 1\n", "utf-8")
    (pkg / "rules.yaml").write_text("[]\n", "utf-8")
    before = cache.code_fingerprint(pkg)
    (pkg / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    (pkg / "notes.txt").write_text("not code", "utf-8")
    assert cache.code_fingerprint(pkg) == before
    (pkg / "rules.yaml").write_text("[1]\n", "utf-8")
    assert cache.code_fingerprint(pkg) != before
