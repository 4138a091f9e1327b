"""A small on-disk cache of pickled values, so that repeated checks skip rebuilding indexes.

The cache is an optimisation only: a missing, unwritable or corrupt cache never fails a check, it
just means the value is built again. Callers put everything the value depends on into `key`
(e.g. a hash of all source hashes plus a format version), so an entry is never stale; entries are
written atomically (temporary file + `os.replace`) so that two processes never see half a file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

KEEP_PER_NAMESPACE = 16  # older entries of a namespace are pruned after each write
_SAFE = re.compile(r"[A-Za-z0-9._-]{1,100}")
# A pickle written by another Python or another version of Proofline may not load correctly.
_STAMP = f"proofline-cache-1/py{sys.version_info[0]}.{sys.version_info[1]}"


def content_hash(data: bytes | str) -> str:
    """Short sha256 hex digest (20 chars: collisions are not a concern at workspace scale)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:20]


def cache_dir() -> Path | None:
    """$PROOFLINE_CACHE_DIR, else $XDG_CACHE_HOME/proofline, else ~/.cache/proofline; None if it cannot be created."""
    explicit = os.environ.get("PROOFLINE_CACHE_DIR")
    if explicit:
        path = Path(explicit).expanduser()
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        try:
            base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
        except RuntimeError:  # no home directory known
            return None
        path = base / "proofline"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path if path.is_dir() else None


def _safe_name(name: str) -> str:
    """File-system-safe name; anything unusual is hashed so a key can never escape the cache folder."""
    if _SAFE.fullmatch(name) and name not in (".", ".."):
        return name
    return content_hash(name)


def cached(namespace: str, key: str, build: Callable[[], T]) -> T:
    """The value stored under (namespace, key), or `build()` stored there for next time."""
    root = cache_dir()
    if root is None:
        return build()
    folder = root / _safe_name(namespace)
    path = folder / f"{_safe_name(key)}.pickle"
    try:
        with path.open("rb") as fh:
            stamp, value = pickle.load(fh)
        if stamp == _STAMP:
            with contextlib.suppress(OSError):
                os.utime(path)  # mark as recently used, so pruning keeps it
            return value  # type: ignore[no-any-return]
    except Exception:  # missing, truncated, from an older code base...: rebuild
        pass
    value = build()
    _store(folder, path, value)
    return value


def _store(folder: Path, path: Path, value: object) -> None:
    tmp: str | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".pickle", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((_STAMP, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        tmp = None
        _prune(folder)
    except Exception:  # read-only disk, full disk, unpicklable value: the cache is only an optimisation
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _prune(folder: Path) -> None:
    """Keep the most recent entries only: every change of the sources makes a new key."""
    entries = [e for e in os.scandir(folder) if e.name.endswith(".pickle") and not e.name.startswith(".")]
    if len(entries) <= KEEP_PER_NAMESPACE:
        return
    entries.sort(key=lambda e: e.stat().st_mtime, reverse=True)
    for entry in entries[KEEP_PER_NAMESPACE:]:
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
