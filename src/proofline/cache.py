"""A small on-disk cache of pickled values, so that repeated checks skip rebuilding indexes.

The cache is an optimisation only: a missing, unwritable or corrupt cache never fails a check, it
just means the value is built again. Callers put everything the value depends on into `key`
(e.g. a hash of all source hashes plus a format version), so an entry is never stale; entries are
written atomically (temporary file + `os.replace`) so that two processes never see half a file.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import re
import sys
import tempfile
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

KEEP_PER_NAMESPACE = 16  # older entries of a namespace are pruned after each write
_SAFE = re.compile(r"[A-Za-z0-9._-]{1,100}")
# A pickle written by another Python or another version of Proofline may not load correctly.
_STAMP = f"proofline-cache-1/py{sys.version_info[0]}.{sys.version_info[1]}"
_CODE_SUFFIXES = frozenset({".py", ".yaml", ".yml", ".json"})


def code_fingerprint(package: Path) -> str:
    """What the code and data of a package are, from each file's name, size and modification time.

    A cached value (a loaded workspace, an index) was built by some version of the code: another
    version (an upgrade, another checkout sharing the cache folder) must not be served it even
    when the files it was built from are the same. Stat calls only: about 1 ms for the package.
    """
    entries: list[str] = []
    for folder, dirs, names in os.walk(package):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in names:
            if os.path.splitext(name)[1] in _CODE_SUFFIXES:
                st = os.stat(os.path.join(folder, name))
                entries.append(f"{os.path.relpath(os.path.join(folder, name), package)}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256("\n".join(sorted(entries)).encode()).hexdigest()[:20]


@functools.lru_cache(maxsize=1)
def _value_stamp() -> str:
    """The stamp of cached values: the Python, the cache format and this code."""
    return f"{_STAMP}/{code_fingerprint(Path(__file__).parent)}"


def sha256_hex(data: bytes | str) -> str:
    """The full sha256 hex digest (token digests, kit versions, record identities)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def content_hash(data: bytes | str) -> str:
    """Short sha256 hex digest (20 chars: collisions are not a concern at workspace scale)."""
    return sha256_hex(data)[:20]


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
        if stamp == _value_stamp():
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
            pickle.dump((_value_stamp(), value), fh, protocol=pickle.HIGHEST_PROTOCOL)
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


# --- compiled regular expressions ---------------------------------------------------------------
#
# Kept after measuring its removal (bench/RESULTS.md, "Start-up after the voice check types...",
# `bench/bench_startup.py --env PROOFLINE_REGEX_CACHE=0`): it reaches into `re._compiler`, which
# may change with CPython, but without it a warm `proofline check` of the sample workspace takes
# +23 % CPU (0.51 -> 0.62 s) and +11 to +47 % wall time; the 367 patterns a warm process compiles
# are 19-28 % of it. Remove it when that share falls under ~15 % (e.g. rules and cues pickled
# without their Pattern objects). It is off with PROOFLINE_REGEX_CACHE=0, and any surprise in
# the internals turns it off by itself (see `install_regex_cache`).
#
# CPython compiles a regular expression in pure Python (parse, then emit SRE code): Proofline's
# recognisers (quantities, claim cues, voice rules...) cost ~80 ms of compiling per process, more
# than a whole check. A pickled Pattern only stores its source, so caching Pattern objects gains
# nothing; what is worth keeping is the emitted SRE code, which `_sre.compile` turns back into a
# Pattern in microseconds. The store is keyed by the exact CPython build and SRE version, and an
# entry is only ever written after the Pattern rebuilt from it compared equal (same flags, code,
# groups) to the one `re` compiled itself, so a hit gives the very object `re.compile` would.

_REGEX_NAMESPACE = "regex-code"
_REGEX_MAX_ENTRIES = 4000
_RegexKey = tuple[type, str | bytes, int]
_RegexEntry = tuple[int, "array[int]", int, dict[str, int], tuple[str | None, ...]]


class RegexCodeCache:
    """Compiled SRE code by (pattern, flags), loaded from and saved to the on-disk cache."""

    def __init__(self, path: Path | None, entries: dict[_RegexKey, _RegexEntry]) -> None:
        self.path = path
        self.entries = entries
        self.used: set[_RegexKey] = set()
        self.added = 0
        self.hits = 0

    def compile(self, original: Callable[..., re.Pattern[Any]], p: Any, flags: int = 0) -> re.Pattern[Any]:
        """Stand-in for `re._compiler.compile`: the cached code when known, else compile and learn."""
        import _sre  # type: ignore[import-not-found]
        from re import _compiler, _parser  # type: ignore[attr-defined]

        if not isinstance(p, str | bytes) or flags & _compiler.SRE_FLAG_DEBUG:
            return original(p, flags)
        key: _RegexKey = (type(p), p, int(flags))
        entry = self.entries.get(key)
        if entry is not None:
            try:
                pattern: re.Pattern[Any] = _sre.compile(p, entry[0], entry[1].tolist(), entry[2], dict(entry[3]),
                                                        entry[4])
                self.used.add(key)
                self.hits += 1
                return pattern
            except Exception:  # a damaged entry: forget it, compile normally
                del self.entries[key]
        compiled = original(p, flags)
        try:
            tree = _parser.parse(p, flags)
            code = _compiler._code(tree, flags)
            groupindex = dict(tree.state.groupdict)
            indexgroup: list[str | None] = [None] * tree.state.groups
            for name, index in groupindex.items():
                indexgroup[index] = name
            # opcodes are int subclasses that do not pickle: keep the code as a compact array
            packed = array("I", code)
            entry = (flags | tree.state.flags, packed, tree.state.groups - 1, groupindex, tuple(indexgroup))
            rebuilt = _sre.compile(p, entry[0], packed.tolist(), entry[2], dict(groupindex), entry[4])
            if (rebuilt == compiled and rebuilt.groups == compiled.groups
                    and dict(rebuilt.groupindex) == dict(compiled.groupindex)):
                self.entries[key] = entry
                self.used.add(key)
                self.added += 1
        except Exception:  # another CPython's internals: just do without the cache
            pass
        return compiled

    def save(self) -> None:
        """Write the store back when this process learnt new patterns (kept small: see below)."""
        if self.path is None or not self.added:
            return
        entries = self.entries
        if len(entries) > _REGEX_MAX_ENTRIES:  # many kits over time: keep what this process needed
            entries = {k: v for k, v in entries.items() if k in self.used}
        _store(self.path.parent, self.path, entries)
        self.added = 0


_REGEX_CACHE: RegexCodeCache | None = None


def _regex_stamp() -> str:
    import _sre  # type: ignore[import-not-found]

    return content_hash(f"{_STAMP}|{sys.version}|{sys.implementation.cache_tag}|{_sre.MAGIC}|{_sre.CODESIZE}")


def install_regex_cache() -> RegexCodeCache | None:
    """Serve `re.compile` from the on-disk store of compiled code, for the rest of this process.

    Meant for short-lived processes (the command line), where compiling is a large share of the
    run; the store is written back at exit. Library users are unaffected unless they call it.
    Returns None (and changes nothing) on a Python without the expected internals, without a
    usable cache folder, or when $PROOFLINE_REGEX_CACHE is 0.
    """
    global _REGEX_CACHE
    if _REGEX_CACHE is not None:
        return _REGEX_CACHE
    if sys.implementation.name != "cpython" or os.environ.get("PROOFLINE_REGEX_CACHE") == "0":
        return None
    try:
        import _sre  # type: ignore[import-not-found]
        from re import _compiler  # type: ignore[attr-defined]

        original = _compiler.compile
        if (not callable(getattr(_sre, "compile", None)) or not callable(getattr(_compiler, "_code", None))
                or array("I").itemsize != _sre.CODESIZE):
            return None
    except ImportError:
        return None
    root = cache_dir()
    if root is None:
        return None
    path = root / _REGEX_NAMESPACE / f"{_regex_stamp()}.pickle"
    entries: dict[_RegexKey, _RegexEntry] = {}
    try:
        with path.open("rb") as fh:
            stamp, loaded = pickle.load(fh)
        if stamp == _STAMP and isinstance(loaded, dict):
            entries = loaded
    except Exception:
        pass
    store = RegexCodeCache(path, entries)

    def compile_via_cache(p: Any, flags: int = 0) -> re.Pattern[Any]:
        return store.compile(original, p, flags)

    _compiler.compile = compile_via_cache
    import atexit

    atexit.register(store.save)
    _REGEX_CACHE = store
    return store


# --- bytecode of Proofline's own modules ------------------------------------------------------------
#
# With PYTHONDONTWRITEBYTECODE set (common in containers and CI) and an editable install, no .pyc
# ever exists for Proofline, and every command compiles ~10,000 lines of its source again:
# ~120 ms, a quarter of a check. The command line then keeps the code objects of `proofline.*`
# modules in the user cache instead (never next to the sources), keyed by the exact source bytes
# and the interpreter's bytecode magic number. Nothing changes when Python may write .pyc files.

_BYTECODE_NAMESPACE = "bytecode"
_BYTECODE_KEEP = 400  # a few versions of every module while the code is being edited


def _bytecode_loader_class(folder: Path) -> type:
    import importlib.machinery
    import importlib.util
    import marshal

    class BytecodeCachingLoader(importlib.machinery.SourceFileLoader):
        """A source loader whose compiled code lives in the Proofline cache folder."""

        def get_code(self, fullname: str) -> Any:
            path = self.get_filename(fullname)
            source = self.get_data(path)
            key = content_hash(importlib.util.MAGIC_NUMBER + path.encode("utf-8", "surrogateescape") + b"\0" + source)
            target = folder / f"{fullname}-{key}.marshal"
            try:
                return marshal.loads(target.read_bytes())
            except Exception:  # missing or damaged: compile, as Python would
                pass
            code = self.source_to_code(source, path)
            _write_atomic(folder, target, marshal.dumps(code))
            return code

    return BytecodeCachingLoader


def _write_atomic(folder: Path, path: Path, data: bytes) -> None:
    tmp: str | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
        tmp = None
        entries = [e for e in os.scandir(folder) if not e.name.startswith(".")]
        if len(entries) > _BYTECODE_KEEP:
            entries.sort(key=lambda e: e.stat().st_mtime, reverse=True)
            for entry in entries[_BYTECODE_KEEP // 2:]:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
    except Exception:  # the cache is only an optimisation
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def install_bytecode_cache(package: str = "proofline") -> bool:
    """Load `package.*` modules imported from now on through the bytecode cache (see above).

    Only when `sys.dont_write_bytecode` is set (otherwise Python's own .pyc files do the job), a
    cache folder is usable and $PROOFLINE_BYTECODE_CACHE is not 0. Returns whether it is on.
    """
    if not sys.dont_write_bytecode or os.environ.get("PROOFLINE_BYTECODE_CACHE") == "0":
        return False
    if any(getattr(f, "proofline_package", None) == package for f in sys.meta_path):
        return True
    root = cache_dir()
    if root is None:
        return False
    import importlib.machinery

    loader_class = _bytecode_loader_class(root / _BYTECODE_NAMESPACE)
    prefix = package + "."

    class Finder:
        """Finds `package.*` modules as usual, then swaps in the caching loader for source files."""

        proofline_package = package

        @staticmethod
        def find_spec(name: str, path: Any = None, target: Any = None) -> Any:
            if not name.startswith(prefix):
                return None
            spec = importlib.machinery.PathFinder.find_spec(name, path, target)
            if spec is not None and type(spec.loader) is importlib.machinery.SourceFileLoader:
                spec.loader = loader_class(spec.loader.name, spec.loader.path)
            return spec

    sys.meta_path.insert(0, Finder)  # type: ignore[arg-type]
    return True
