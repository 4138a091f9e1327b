"""Signed heads of the audit chain, kept outside its database in an append-only anchor file.

The hash chain (`audit.py`) shows an entry edited in place, but whoever can write to the database
can also delete its tail, or recompute every hash and rewrite the stored head, and the chain still
verifies. An *anchor* is the chain's length and head hash at one moment, signed with the
workspace's Ed25519 key and appended as one JSON line to `audit-anchors.jsonl` in the workspace
(which the team keeps in git). Rewriting the database does not rewrite the anchors, and without
the private key nobody can sign a head that the workspace's public key accepts.

Where things are:

- the private key: `<workspace>/.proofline/keys/audit-ed25519.pem` (mode 0600; `.proofline/` is
  git-ignored), or the file named by $PROOFLINE_AUDIT_KEY. It never enters the database nor an
  export (unless `--include-key`); the team keeps a backup of it, since it cannot be recovered.
- the public key: `<workspace>/audit-key.pub` (PEM), tracked, so anyone can verify.
- the anchors: `<workspace>/audit-anchors.jsonl`. Each line is the signed payload (`kind`, `v`,
  `length`, `head`, `at`, `key_id`) plus `signature`: base64 Ed25519 over the payload's canonical
  JSON (sorted keys, no spaces). Lines are independent (no order, no chaining), so two clones
  that each appended anchors merge in git by keeping both sides.

`verify` recomputes the chain from its first entry, checks every anchor's signature against the
public key, and checks that the prefix of each anchored length hashes to the anchored head.

One module on purpose (about 580 lines): the keys, the signed payload, the anchor file and its
verification share one format, and each part is only correct against the others.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from proofline.messages import render
from proofline.store.db import STATE_DIR, Database
from proofline.store.models import AuditEntry, AuditHead
from proofline.workflow import audit, bindings
from proofline.workflow.errors import AuditKeyError, ChainNotSigned, InputRefused

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

KEY_ENV = "PROOFLINE_AUDIT_KEY"
KEYS_DIR = "keys"
PRIVATE_KEY_FILE = "audit-ed25519.pem"
PUBLIC_KEY_FILE = "audit-key.pub"
ANCHORS_FILE = "audit-anchors.jsonl"
KIND = "proofline-audit-head"
VERSION = 1
_HEX64 = re.compile(r"[0-9a-f]{64}")
_KEY_ID = re.compile(r"[0-9a-f]{16}")


@dataclass(frozen=True)
class Notice:
    """A finding or a warning from the message catalogue, written in the reader's language when shown."""

    key: str
    params: dict[str, object] = field(default_factory=dict)

    def message(self, lang: str = "en") -> str:
        return render(self.key, lang, self.params)

    def __str__(self) -> str:
        return self.message()


class AnchorWarning(UserWarning):
    """A publication whose anchor could not be written: the publication stands, the next anchor covers it."""

    def __init__(self, notice: Notice) -> None:
        super().__init__(str(notice))
        self.notice = notice


# --------------------------------------------------------------------------- keys


def private_key_path(root: Path) -> Path:
    explicit = os.environ.get(KEY_ENV)
    return Path(explicit).expanduser() if explicit else Path(root) / STATE_DIR / KEYS_DIR / PRIVATE_KEY_FILE


def public_key_path(root: Path) -> Path:
    return Path(root) / PUBLIC_KEY_FILE


def anchors_path(root: Path) -> Path:
    return Path(root) / ANCHORS_FILE


def key_id(public: Ed25519PublicKey) -> str:
    """16 hex digits of the sha256 of the raw public key: short enough to read, long enough to tell keys apart."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return hashlib.sha256(public.public_bytes(Encoding.Raw, PublicFormat.Raw)).hexdigest()[:16]


@dataclass(frozen=True)
class KeyInfo:
    key_id: str
    private_path: Path
    public_path: Path


class KeyState(Enum):
    """What `ensure_key` (run by `proofline init`) found or did."""

    CREATED = "created"
    PRESENT = "present"
    PRIVATE_MISSING = "private_missing"


def _write_new(path: Path, data: bytes, mode: int) -> None:
    """Create `path` (never replacing a file) with `data`, durably."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(path, mode)  # whatever the umask said


def _public_pem(key: Ed25519PrivateKey) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)


def _shown_id(public: Path) -> str:
    try:
        return load_public_key(public)[1]
    except AuditKeyError:
        return "?"


def generate_key(root: Path) -> KeyInfo:
    """A new key pair for the workspace; refused when either half already exists (anchors would stop verifying)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

    private, public = private_key_path(root), public_key_path(root)
    for existing in (public, private):
        if existing.exists():
            raise AuditKeyError("audit.key_exists", path=str(existing), key_id=_shown_id(public))
    key = Ed25519PrivateKey.generate()
    private.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        _write_new(private, key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()), 0o600)
    except FileExistsError as exc:  # created meanwhile by another process
        raise AuditKeyError("audit.key_exists", path=str(private), key_id=_shown_id(public)) from exc
    try:
        _write_new(public, _public_pem(key), 0o644)
    except BaseException:
        private.unlink(missing_ok=True)  # both halves or neither
        raise
    return KeyInfo(key_id(key.public_key()), private, public)


def ensure_key(root: Path) -> tuple[KeyState, KeyInfo | None]:
    """`proofline init`: create the key pair if the workspace has none, and say what is missing otherwise."""
    private, public = private_key_path(root), public_key_path(root)
    if not private.exists() and not public.exists():
        return KeyState.CREATED, generate_key(root)
    if not private.exists():
        return KeyState.PRIVATE_MISSING, None
    key, ident = load_signing_key(root, need_public=False)
    if not public.exists():  # the public half is derived from the private one
        _write_new(public, _public_pem(key), 0o644)
    return KeyState.PRESENT, KeyInfo(ident, private, public)


def load_public_key(path: Path) -> tuple[Ed25519PublicKey, str]:
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise AuditKeyError("audit.public_key_missing", path=str(path)) from exc
    except OSError as exc:
        raise AuditKeyError("audit.public_key_unreadable", path=str(path), detail=exc.strerror or str(exc)) from exc
    return parse_public_key(data, path)


def parse_public_key(data: bytes, path: Path | str) -> tuple[Ed25519PublicKey, str]:
    """A PEM public key's bytes (`path` names it in messages) and its key id."""
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    try:
        key = load_pem_public_key(data)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise AuditKeyError("audit.public_key_unreadable", path=str(path), detail=_first_line(exc)) from exc
    if not isinstance(key, Ed25519PublicKey):
        raise AuditKeyError("audit.public_key_unreadable", path=str(path), detail="not an Ed25519 key")
    return key, key_id(key)


def load_signing_key(root: Path, *, need_public: bool = True) -> tuple[Ed25519PrivateKey, str]:
    """The private key and its id; it must match the workspace's public key when that exists."""
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    private, public = private_key_path(root), public_key_path(root)
    try:
        data = private.read_bytes()
    except FileNotFoundError as exc:
        if public.exists():
            raise AuditKeyError("audit.key_missing_restore", path=str(private), key_id=_shown_id(public)) from exc
        raise AuditKeyError("audit.key_missing", path=str(private)) from exc
    except OSError as exc:
        raise AuditKeyError("audit.key_unreadable", path=str(private), detail=exc.strerror or str(exc)) from exc
    try:
        key = load_pem_private_key(data, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise AuditKeyError("audit.key_unreadable", path=str(private), detail=_first_line(exc)) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise AuditKeyError("audit.key_unreadable", path=str(private), detail="not an Ed25519 key")
    ident = key_id(key.public_key())
    if need_public and public.exists() and load_public_key(public)[1] != ident:
        raise AuditKeyError("audit.key_mismatch", path=str(private), public=str(public))
    return key, ident


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


# --------------------------------------------------------------------------- signed heads


@dataclass(frozen=True)
class SignedHead:
    """The chain's length and head hash at `at`, signed by the key `key_id`."""

    length: int
    head: str
    at: str
    key_id: str
    signature: str

    def payload(self) -> dict[str, object]:
        return {"kind": KIND, "v": VERSION, "length": self.length, "head": self.head, "at": self.at,
                "key_id": self.key_id}

    def signed_bytes(self) -> bytes:
        return audit.canonical(self.payload()).encode("utf-8")

    def to_json(self) -> dict[str, object]:
        return {**self.payload(), "signature": self.signature}

    def line(self) -> str:
        return audit.canonical(self.to_json())

    @property
    def expect(self) -> str:
        """What `audit verify --expect` takes."""
        return f"{self.length}:{self.head}"

    def verifies(self, public: Ed25519PublicKey) -> bool:
        from cryptography.exceptions import InvalidSignature

        try:
            public.verify(base64.b64decode(self.signature, validate=True), self.signed_bytes())
        except (InvalidSignature, binascii.Error, ValueError):
            return False
        return True

    @classmethod
    def parse(cls, obj: Any) -> SignedHead:
        """An anchor read back from JSON; ValueError says what is wrong with it."""
        if not isinstance(obj, dict):
            raise ValueError("expected a JSON object")
        if obj.get("kind") != KIND or obj.get("v") != VERSION:
            raise ValueError(f"expected kind {KIND!r} and v {VERSION}")
        missing = [k for k in ("length", "head", "at", "key_id", "signature") if k not in obj]
        if missing:
            raise ValueError("missing " + ", ".join(missing))
        length, head, at, ident, signature = (obj[k] for k in ("length", "head", "at", "key_id", "signature"))
        if not isinstance(length, int) or isinstance(length, bool) or length < 0:
            raise ValueError("length must be a whole number")
        if not isinstance(head, str) or not _HEX64.fullmatch(head):
            raise ValueError("head must be 64 hexadecimal digits")
        if not isinstance(at, str) or not at:
            raise ValueError("at must be a timestamp")
        if not isinstance(ident, str) or not _KEY_ID.fullmatch(ident):
            raise ValueError("key_id must be 16 hexadecimal digits")
        if not isinstance(signature, str):
            raise ValueError("signature must be base64 text")
        try:
            if len(base64.b64decode(signature, validate=True)) != 64:
                raise ValueError("signature must be 64 bytes")
        except binascii.Error as exc:
            raise ValueError("signature is not base64") from exc
        return cls(length, head, at, ident, signature)


def current_head(session: Session, *, full: bool = True) -> tuple[int, str]:
    """The chain's (length, head hash); refuses (ChainNotSigned) a chain that does not verify.

    `full` recomputes the whole chain (the commands); otherwise only the stored head against the
    last entry is checked, which costs nothing after a publication. An anchor signed over a chain
    rewritten earlier still cannot hide it: the older anchors no longer match.
    """
    if full:
        check = audit.verify(session)
        if not check.ok:
            raise ChainNotSigned("audit.not_signed", detail=check.problems[0])
    head = session.get(AuditHead, 1)
    last = session.execute(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).scalar_one_or_none()
    expected = (last.seq, last.hash) if last else (0, audit.GENESIS)
    if head is None or (head.seq, head.hash) != expected or (
            last is not None and audit.entry_hash(last, last.prev_hash) != last.hash):
        raise ChainNotSigned("audit.not_signed", detail="the stored head does not match the last entry")
    return expected


def sign_head(key: Ed25519PrivateKey, ident: str, length: int, head: str, at: datetime) -> SignedHead:
    unsigned = SignedHead(length, head, audit.utc_iso(at), ident, "")
    signature = base64.b64encode(key.sign(unsigned.signed_bytes())).decode("ascii")
    return SignedHead(length, head, unsigned.at, ident, signature)


def _verified_head(session: Session, root: Path, *, full: bool) -> tuple[int, str]:
    """The head to sign. `full`: the chain recomputed, and checked against the workspace's anchors
    when it has some, so that no command signs a head that the anchors already contradict."""
    length, head = current_head(session, full=full)
    path = anchors_path(root)
    if full and path.exists():
        report = verify(session, anchors=read_anchors(path), public_key=load_public_key(public_key_path(root)))
        if not report.ok:
            raise ChainNotSigned("audit.not_signed", detail=report.problems()[0])
    return length, head


def signed_head(db: Database, root: Path, at: datetime) -> SignedHead:
    """`proofline audit head`: the verified head, signed, not written anywhere."""
    key, ident = load_signing_key(root)
    with db.session() as s:
        length, head = _verified_head(s, root, full=True)
    return sign_head(key, ident, length, head, at)


# --------------------------------------------------------------------------- the anchor file


@dataclass(frozen=True)
class Anchored:
    head: SignedHead
    path: Path
    line: int


@contextmanager
def _appending(path: Path) -> Iterator[tuple[int, int, bytes]]:
    """The file opened for appending under an exclusive lock: (fd, number of the next line, prefix to write).

    The lock makes concurrent anchors land one after the other, each line whole; a last line left
    without its newline (a hand edit) gets one first, so the new line is never glued to it.
    """
    created = not path.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        try:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
        except ImportError:  # pragma: no cover - not POSIX: appends are still whole lines
            pass
        size = os.fstat(fd).st_size
        content = os.pread(fd, size, 0) if size else b""
        prefix = b"\n" if content and not content.endswith(b"\n") else b""
        yield fd, content.count(b"\n") + len(prefix) + 1, prefix
        os.fsync(fd)
    except BaseException:
        if created and os.fstat(fd).st_size == 0:
            path.unlink(missing_ok=True)  # a refused anchor leaves no empty file behind
        raise
    finally:
        os.close(fd)  # releases the lock
    if created:
        _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    try:
        dfd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - a platform without directory handles
        return
    try:
        os.fsync(dfd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(dfd)


def anchor(db: Database, root: Path, at: datetime, *, path: Path | None = None, full: bool = True) -> Anchored:
    """Sign the current head and append it to the anchor file (never rewriting a line before it)."""
    key, ident = load_signing_key(root)
    target = path or anchors_path(root)
    with _appending(target) as (fd, number, prefix):
        with db.session() as s:  # read under the lock: the file's lines follow the chain's growth
            length, head = _verified_head(s, root, full=full)
        signed = sign_head(key, ident, length, head, at)
        view = memoryview(prefix + (signed.line() + "\n").encode("utf-8"))
        while view:
            view = view[os.write(fd, view):]
    return Anchored(signed, target, number)


def anchor_publication(db: Database, root: Path, at: datetime) -> Anchored | None:
    """After a publication has committed: anchor the head. A workspace that never had a key is left
    alone; any other failure is an `AnchorWarning`, never an error, since the publication stands and
    the next anchor covers it."""
    if not private_key_path(root).exists() and not public_key_path(root).exists():
        return None
    try:
        return anchor(db, root, at, full=False)
    except (AuditKeyError, ChainNotSigned, OSError) as exc:
        warnings.warn(AnchorWarning(Notice("audit.anchor_not_written", {"detail": str(exc)})), stacklevel=2)
        return None


@dataclass(frozen=True)
class AnchorLine:
    file: str
    line: int
    head: SignedHead


def read_anchors(path: Path) -> list[AnchorLine]:
    """Every anchor of a file; a line that is not one is bad input (AuditKeyError naming file and line)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise AuditKeyError("audit.anchors_missing", path=str(path)) from exc
    return parse_anchors(raw, path)


def parse_anchors(raw: bytes, path: Path | str) -> list[AnchorLine]:
    """The anchors of an anchor file's bytes (`path` names it in messages: a file, or an archive's member)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AuditKeyError("audit.anchor_corrupt", path=str(path), line=raw[:exc.start].count(b"\n") + 1,
                            detail="not UTF-8 text") from exc
    found = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            head = SignedHead.parse(json.loads(line))
        except json.JSONDecodeError as exc:
            raise AuditKeyError("audit.anchor_corrupt", path=str(path), line=number,
                                detail=f"not JSON: {exc.msg}") from exc
        except ValueError as exc:
            raise AuditKeyError("audit.anchor_corrupt", path=str(path), line=number, detail=str(exc)) from exc
        found.append(AnchorLine(str(path), number, head))
    return found


# --------------------------------------------------------------------------- verification


@dataclass(frozen=True)
class Expectation:
    """`--expect`: a head noted earlier, with the chain length it covered when known."""

    length: int | None
    head: str
    given: str


def parse_expect(value: str) -> Expectation:
    length_text, sep, head = value.strip().lower().rpartition(":")
    if not _HEX64.fullmatch(head) or (sep and not length_text.isdigit()):
        raise InputRefused("audit.bad_expect", value=value)
    return Expectation(int(length_text) if sep else None, head, value.strip())


@dataclass
class AuditReport:
    """What `audit verify` found: the chain's own check, then the anchors and expectations against it."""

    entries: int
    head: str
    chain: audit.Verification
    anchors_file: str | None = None
    anchors: int = 0
    covered: int = 0
    key_id: str | None = None
    expectations: list[Expectation] = field(default_factory=list)
    breaks: list[Notice] = field(default_factory=list)
    rows: list[Notice] = field(default_factory=list)  # business rows and publication files the chain does not explain

    @property
    def ok(self) -> bool:
        return self.chain.ok and not self.breaks and not self.rows

    def problems(self, lang: str = "en") -> list[str]:
        return [*self.chain.problems, *(b.message(lang) for b in self.breaks), *(r.message(lang) for r in self.rows)]


def _recompute(session: Session, lengths: set[int], heads: set[str]) -> tuple[int, str, dict[int, str], set[str]]:
    """Hash the chain again from the first entry, ignoring the stored hashes: its length, its head, the
    head after each wanted length, and which wanted heads some prefix has."""
    prev, n = audit.GENESIS, 0
    at_length = {0: audit.GENESIS}
    seen = {audit.GENESIS} & heads
    rows = session.execute(select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=2000))
    for entry in rows.scalars():
        n += 1
        prev = audit.entry_hash(entry, prev)
        if n in lengths:
            at_length[n] = prev
        if prev in heads:
            seen.add(prev)
    return n, prev, at_length, seen


def verify(session: Session, *, anchors: Sequence[AnchorLine] = (),
           public_key: tuple[Ed25519PublicKey, str] | None = None,
           expect: Sequence[Expectation] = (), anchors_file: str | None = None,
           root: Path | None = None) -> AuditReport:
    """The chain's own check, every anchor's signature, and every anchored or expected head against the
    recomputed chain; the breaks are ordered so that the first is where the log first breaks. Then the
    business rows against their bindings in the chain and, given the workspace `root`, the publications'
    files against their recorded hashes (bindings.py)."""
    if anchors and public_key is None:
        raise ValueError("anchors need the public key that signed them")
    breaks: list[Notice] = []
    signed: list[AnchorLine] = []
    for a in anchors:
        assert public_key is not None
        where = {"file": a.file, "line": a.line}
        if a.head.key_id != public_key[1]:
            breaks.append(Notice("verify.anchor_other_key", {**where, "key_id": a.head.key_id,
                                                             "expected": public_key[1]}))
        elif not a.head.verifies(public_key[0]):
            breaks.append(Notice("verify.anchor_signature", where))
        else:
            signed.append(a)
    lengths = {a.head.length for a in signed} | {e.length for e in expect if e.length is not None}
    n, head, at_length, seen = _recompute(session, lengths, {e.head for e in expect if e.length is None})
    chain = audit.verify(session)

    good = sorted({a.head.length for a in signed if a.head.length <= n and at_length[a.head.length] == a.head.head})
    failing = sorted((a for a in signed if a.head.length > n or at_length[a.head.length] != a.head.head),
                     key=lambda a: (a.head.length, a.line))
    for a in failing:
        params: dict[str, object] = {"file": a.file, "line": a.line, "at": a.head.at, "length": a.head.length}
        if a.head.length > n:
            if a.head.length == n + 1:
                breaks.append(Notice("verify.anchor_truncated_one", {**params, "entries": n}))
            else:
                breaks.append(Notice("verify.anchor_truncated", {**params, "entries": n, "first": n + 1}))
        else:
            first = max((g for g in good if g < a.head.length), default=0) + 1
            breaks.append(Notice("verify.anchor_mismatch", {**params, "first": first}))
    for e in expect:
        if e.length is None:
            if e.head not in seen:
                breaks.append(Notice("verify.expect_unknown", {"expected": e.given}))
        elif e.length > n:
            if e.length == n + 1:
                breaks.append(Notice("verify.expect_truncated_one", {"entries": n, "length": e.length}))
            else:
                breaks.append(Notice("verify.expect_truncated", {"entries": n, "length": e.length, "first": n + 1}))
        elif at_length[e.length] != e.head:
            breaks.append(Notice("verify.expect_mismatch", {"length": e.length, "expected": e.given}))
    found = bindings.verify_rows(session) + (bindings.verify_files(session, root) if root is not None else [])
    return AuditReport(entries=n, head=head, chain=chain, anchors_file=anchors_file, anchors=len(anchors),
                       covered=max(good, default=0), key_id=public_key[1] if public_key else None,
                       expectations=list(expect), breaks=breaks, rows=[Notice(f.key, f.params) for f in found])


__all__ = [
    "ANCHORS_FILE", "KEY_ENV", "PUBLIC_KEY_FILE", "AnchorLine", "AnchorWarning", "Anchored", "AuditReport",
    "Expectation", "KeyInfo", "KeyState", "Notice", "SignedHead", "anchor", "anchor_publication", "anchors_path",
    "current_head", "ensure_key", "generate_key", "load_public_key", "load_signing_key", "parse_anchors",
    "parse_expect", "private_key_path", "public_key_path", "read_anchors", "sign_head", "signed_head", "verify",
]
