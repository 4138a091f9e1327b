"""Load a workspace folder and explain every mistake with the file, the line and what was expected.

Layout (see shared/design/workspace-format.md)::

    kit.yaml            required; any problem in it is fatal (WorkspaceError lists them all)
    attestations.yaml   optional; any problem in it is fatal too
    sources/**          every file, recursively, in sorted order; hidden files and README* skipped

Sources: Markdown (.md, .markdown) and text (.txt) files carry their metadata in YAML front
matter between `---` lines. Any source may instead (or also) have a *sidecar* file named after
it plus `.yaml` — `sources/iso-cert.pdf` + `sources/iso-cert.pdf.yaml` — holding the same keys;
that is the way to give metadata to .html, .pdf and .docx files. Front matter wins over the
sidecar, which wins over what the document says about itself (an HTML <title>).
Keys: `type` (required), `id` (default: file stem), `title` (default: first heading, else the
stem), `lang` (fr | en), `validated_by`, `validated_on`, `valid_until` (YYYY-MM-DD), and for an
`external_study` its `reference` (publisher, title, year, address).
A non-Markdown file without any metadata still loads, as type `other`, with a warning.

A broken source (unreadable, undecodable, bad front matter, missing or unknown type, bad date)
never stops the check: it is skipped and reported as a warning in `Workspace.problems`. An
unknown key in a source is reported as a warning too, but the source still loads.

The workspace folder is only ever read, never written (it may be read-only).
"""

from __future__ import annotations

import os
import re
import types
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from proofline.cache import cache_dir, cached, content_hash
from proofline.model import Category, SourceType
from proofline.workspace.extract import (
    HTML_SUFFIXES,
    MARKDOWN_SUFFIXES,
    SUPPORTED_SUFFIXES,
    TEXT_SUFFIXES,
    ExtractError,
    decode_text,
    docx_to_text,
    html_to_text,
    pdf_to_text,
    read_bytes,
    split_front_matter,
)
from proofline.workspace.model import Attestation, Kit, Problem, Source, Workspace, WorkspaceError

if TYPE_CHECKING:
    from proofline.workspace.yamlpos import YamlDoc

KIT_FILE = "kit.yaml"
ATTESTATIONS_FILE = "attestations.yaml"
# The store's confirmed expert attestations (written by the workflow, issue 11): same format.
VALIDATED_ATTESTATIONS_FILE = "attestations.validated.yaml"
SOURCES_DIR = "sources"
WORKSPACE_CACHE = "workspace"
WORKSPACE_CACHE_VERSION = "2"  # bump when a Workspace built from the same files would differ

SOURCE_KEYS = ("id", "title", "type", "validated_by", "validated_on", "valid_until", "lang", "reference")
ATTESTATION_KEYS = ("id", "claim", "category", "expert", "validated_on", "valid_until")
ATTESTATION_REQUIRED = ("id", "claim", "category", "expert")
LANGS = ("fr", "en")
CATEGORIES = tuple(c.value for c in Category)
SOURCE_TYPES = tuple(t.value for t in SourceType)
_SIDECAR_SUFFIXES = (".yaml", ".yml")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_HEADING = re.compile(r"^[ ]{0,3}#{1,6}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


class SourceError(Exception):
    """A source that cannot be used; `problems` says why (the first one is `problem`)."""

    def __init__(self, problem: Problem, more: Sequence[Problem] = ()):
        self.problem = problem
        self.problems = [problem, *more]
        super().__init__("\n".join(str(p) for p in self.problems))


# --- small helpers shared by the three kinds of file ------------------------------------------


def _suggest(word: str, choices: Iterable[str]) -> str:
    import difflib  # only needed when something is wrong

    match = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{'true' if value else 'false'} (a yes/no value)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "`key: value` lines"
    return type(value).__name__


def parse_date(value: Any) -> date:
    """A YYYY-MM-DD date (text, or a date object already); ValueError says what was expected."""
    if isinstance(value, datetime):
        raise ValueError(f"expected a date in YYYY-MM-DD form (e.g. 2026-09-12) without a time, got {value}")
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _DATE.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError as exc:
            raise ValueError(
                f"{value!r} is not a real date ({exc}); expected YYYY-MM-DD, e.g. 2026-09-12"
            ) from None
    raise ValueError(f"expected a date in YYYY-MM-DD form (e.g. 2026-09-12), got {_describe(value)}")


def _read_text(path: Path, display: str) -> str:
    try:
        return decode_text(read_bytes(path))
    except ExtractError as exc:
        raise WorkspaceError([Problem(file=display, message=exc.message, line=exc.line)]) from None


def _load_yaml(text: str, file: str, line_offset: int = 0) -> YamlDoc:
    """PyYAML is imported only when a file must really be parsed: never for a cached workspace."""
    from proofline.workspace.yamlpos import load_yaml

    return load_yaml(text, file, line_offset)


def _is_blank_yaml(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


# --- kit.yaml ----------------------------------------------------------------------------------


def _unwrap(tp: Any) -> Any:
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _field_type(model: type[BaseModel], key: Any) -> Any:
    for name, info in model.model_fields.items():
        if key in (name, info.alias):
            return info.annotation
    return None


def _model_at(path: Sequence[Any]) -> type[BaseModel] | None:
    """The pydantic model that validates the mapping found at `path` in the kit."""
    tp: Any = Kit
    for elt in path:
        tp = _unwrap(tp)
        if _is_model(tp):
            tp = _field_type(tp, elt)
        elif get_origin(tp) is list:
            tp = get_args(tp)[0]
        elif get_origin(tp) is dict:
            tp = get_args(tp)[1]
        else:
            return None
    tp = _unwrap(tp)
    return tp if _is_model(tp) else None


def _keys_of(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def _tidy(data: Any, tp: Any) -> Any:
    """Treat an empty value (`banned:` with nothing after it) as "not given" rather than an error."""
    tp = _unwrap(tp)
    if _is_model(tp) and isinstance(data, dict):
        out = {}
        for key, value in data.items():
            ftype = _field_type(tp, key)
            info = next((i for n, i in tp.model_fields.items() if key in (n, i.alias)), None)
            if value is None and info is not None and not info.is_required():
                continue
            out[key] = _tidy(value, ftype) if ftype is not None else value
        return out
    if get_origin(tp) is list and isinstance(data, list):
        return [_tidy(v, get_args(tp)[0]) for v in data]
    if get_origin(tp) is dict and isinstance(data, dict):
        vtype = _unwrap(get_args(tp)[1])
        return {k: ({} if v is None and _is_model(vtype) else _tidy(v, vtype)) for k, v in data.items()}
    return data


def _kit_error_message(err: Any) -> str | None:
    """One pydantic error in words a marketer understands; None when reported another way."""
    loc: tuple[Any, ...] = tuple(err["loc"])
    kind: str = err["type"]
    value = err.get("input")
    key = next((str(e) for e in reversed(loc) if isinstance(e, str) and e != "[key]"), "")
    if kind == "extra_forbidden":
        model = _model_at(loc[:-1])
        valid = _keys_of(model) if model else []
        hint = _suggest(str(loc[-1]), valid)
        return f"unknown key {loc[-1]!r}{hint}" + (f"; valid keys here: {', '.join(valid)}" if valid else "")
    if kind == "missing":
        return f"missing required key {loc[-1]!r}"
    if loc and loc[0] == "proof" and kind == "enum":
        if loc[-1] == "[key]":
            return (
                f"unknown claim category {value!r}{_suggest(value, CATEGORIES)}; "
                f"valid categories: {', '.join(CATEGORIES)}"
            )
        return f"unknown source type {value!r}{_suggest(value, SOURCE_TYPES)}; valid types: {', '.join(SOURCE_TYPES)}"
    if kind == "literal_error":
        if loc == ("kit",):
            return f"unsupported kit format version {value!r}; this version of Proofline reads `kit: 1`"
        if key == "lang" or loc[:1] == ("languages",):
            return f"unsupported language {value!r}; expected fr or en"
        expected = err.get("ctx", {}).get("expected", "")
        return f"expected {expected}, got {_describe(value)}"
    if kind == "enum":
        expected = err.get("ctx", {}).get("expected", "")
        return f"expected one of {expected}, got {_describe(value)}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"expected a whole number, got {_describe(value)}"
    if kind in ("greater_than_equal", "greater_than"):
        bound = err.get("ctx", {}).get("ge", err.get("ctx", {}).get("gt"))
        return f"expected a number of at least {bound}, got {_describe(value)}"
    if kind == "string_type":
        quote = "; put it in quotes" if isinstance(value, int | float) else ""
        return f"expected text, got {_describe(value)}{quote}"
    if kind in ("list_type", "tuple_type"):
        return f"expected a list such as [a, b], got {_describe(value)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return (
            f"expected `key: value` lines under {key!r}, got {_describe(value)}"
            if key
            else (f"expected `key: value` lines, got {_describe(value)}")
        )
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false, got {_describe(value)}"
    if kind == "value_error" and loc[-1:] == ("patterns",):
        return None  # every bad pattern is reported on its own line by _check_patterns
    msg = str(err.get("msg", kind))
    return msg.removeprefix("Value error, ")


def _check_patterns(doc: YamlDoc, data: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    claims = data.get("forbidden_claims")
    if not isinstance(claims, list):
        return problems
    for i, claim in enumerate(claims):
        patterns = claim.get("patterns") if isinstance(claim, dict) else None
        if not isinstance(patterns, list):
            continue
        for j, pattern in enumerate(patterns):
            if not isinstance(pattern, str):
                continue
            try:
                re.compile(pattern, re.IGNORECASE)
            except re.error as exc:
                problems.append(
                    doc.problem(
                        f"bad regular expression {pattern!r}: {exc}; check brackets and escape special "
                        "characters such as ( ) [ ] + ? with a backslash",
                        ("forbidden_claims", i, "patterns", j),
                    )
                )
    return problems


def _duplicate_ids(doc: YamlDoc, items: Any, prefix: tuple[Any, ...], what: str) -> list[Problem]:
    """Ids must be unique within a list: a report names evidence and rules by id."""
    problems: list[Problem] = []
    if not isinstance(items, list):
        return problems
    seen: dict[str, int | None] = {}
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str | int):
            continue
        ident = str(item["id"])
        path = (*prefix, i, "id")
        if ident in seen:
            problems.append(
                doc.problem(f"duplicate {what} id {ident!r}: already used on line {seen[ident]}", path)
            )
        else:
            seen[ident] = doc.line(path)
    return problems


def _load_kit(path: Path, display: str) -> tuple[Kit | None, list[Problem]]:
    try:
        text = _read_text(path, display)
    except WorkspaceError as exc:
        return None, exc.problems
    if _is_blank_yaml(text):
        return None, [
            Problem(
                file=display, message="the kit is empty; it needs at least `kit: 1` and `brand: <your brand>`"
            )
        ]
    doc = _load_yaml(text, display)
    if doc.node is None:
        return None, doc.problems
    problems = list(doc.problems)  # repeated keys
    data = doc.data
    if not isinstance(data, dict):
        problems.append(
            doc.problem(f"the kit must be `key: value` lines (kit, brand, voice...), got {_describe(data)}")
        )
        return None, problems
    problems += _duplicate_ids(doc, data.get("forbidden_claims"), ("forbidden_claims",), "forbidden claim")
    problems += _duplicate_ids(doc, data.get("audiences"), ("audiences",), "audience")
    problems += _check_patterns(doc, data)
    kit: Kit | None = None
    try:
        kit = Kit.model_validate(_tidy(data, Kit))
    except ValidationError as exc:
        for err in exc.errors():
            message = _kit_error_message(err)
            if message is not None:
                problems.append(doc.problem(message, tuple(err["loc"])))
    problems.sort(key=lambda p: p.line or 0)
    return (kit if not problems else None), problems


def load_kit(path: Path) -> Kit:
    """The brand kit in `path`; WorkspaceError lists every problem (file, line, key, expectation)."""
    kit, problems = _load_kit(Path(path), str(path))
    if kit is None or problems:
        raise WorkspaceError(problems)
    return kit


# --- attestations.yaml ---------------------------------------------------------------------------


def _att_problem(doc: YamlDoc, message: str, path: tuple[Any, ...] = ()) -> Problem:
    """Attestation problems name the key only: the line already says which attestation."""
    key = str(path[-1]) if path and isinstance(path[-1], str) else None
    return doc.problem(message, path, key=key or "")


def _text_value(
    doc: YamlDoc, item: dict[str, Any], key: str, path: tuple[Any, ...], problems: list[Problem]
) -> str:
    value = item.get(key)
    if isinstance(value, int | float) and not isinstance(value, bool) and key == "id":
        return str(value)
    if not isinstance(value, str) or not value.strip():
        problems.append(_att_problem(doc, f"expected text for {key!r}, got {_describe(value)}", (*path, key)))
        return ""
    return value.strip()


def _load_attestations(path: Path, display: str) -> tuple[list[Attestation], list[Problem]]:
    try:
        text = _read_text(path, display)
    except WorkspaceError as exc:
        return [], exc.problems
    if _is_blank_yaml(text):
        return [], []
    doc = _load_yaml(text, display)
    if doc.node is None:
        return [], doc.problems
    problems = list(doc.problems)
    if not isinstance(doc.data, list):
        problems.append(
            _att_problem(
                doc,
                f"expected a list of attestations, each starting with `- id: ...`, got {_describe(doc.data)}",
            )
        )
        return [], problems
    attestations: list[Attestation] = []
    seen: dict[str, int | None] = {}
    for i, item in enumerate(doc.data):
        here: tuple[Any, ...] = (i,)
        if not isinstance(item, dict):
            problems.append(
                _att_problem(
                    doc,
                    f"expected an attestation (`- id: ...` then `key: value` lines), got {_describe(item)}",
                    here,
                )
            )
            continue
        mine: list[Problem] = []
        for key in item:
            if key not in ATTESTATION_KEYS:
                mine.append(
                    _att_problem(
                        doc,
                        f"unknown key {key!r}{_suggest(str(key), ATTESTATION_KEYS)}; valid keys: {', '.join(ATTESTATION_KEYS)}",
                        (*here, key),
                    )
                )
        for key in ATTESTATION_REQUIRED:
            if key not in item:
                mine.append(_att_problem(doc, f"missing required key {key!r}", (*here, key)))
        ident = _text_value(doc, item, "id", here, mine) if "id" in item else ""
        claim = _text_value(doc, item, "claim", here, mine) if "claim" in item else ""
        expert = _text_value(doc, item, "expert", here, mine) if "expert" in item else ""
        category = item.get("category")
        if "category" in item and category not in CATEGORIES:
            mine.append(
                _att_problem(
                    doc,
                    f"unknown claim category {category!r}{_suggest(str(category), CATEGORIES)}; "
                    f"valid categories: {', '.join(CATEGORIES)}",
                    (*here, "category"),
                )
            )
        dates: dict[str, date | None] = {}
        for key in ("validated_on", "valid_until"):
            dates[key] = None
            if item.get(key) is not None:
                try:
                    dates[key] = parse_date(item[key])
                except ValueError as exc:
                    mine.append(_att_problem(doc, str(exc), (*here, key)))
        start, end = dates["validated_on"], dates["valid_until"]
        if start and end and end < start:
            mine.append(
                _att_problem(
                    doc, f"valid_until ({end}) is before validated_on ({start})", (*here, "valid_until")
                )
            )
        if ident:
            if ident in seen:
                mine.append(
                    _att_problem(
                        doc,
                        f"duplicate attestation id {ident!r}: already used on line {seen[ident]}",
                        (*here, "id"),
                    )
                )
            else:
                seen[ident] = doc.line((*here, "id"))
        problems += mine
        if not mine:
            attestations.append(
                Attestation(
                    id=ident,
                    claim=claim,
                    category=Category(str(category)),
                    expert=expert,
                    validated_on=start,
                    valid_until=end,
                    line=doc.line(here) or 0,
                )
            )
    problems.sort(key=lambda p: p.line or 0)
    return attestations, problems


def load_attestations(path: Path) -> list[Attestation]:
    """Expert attestations in `path`; WorkspaceError lists every problem."""
    path = Path(path)
    if not path.is_file():
        raise WorkspaceError([Problem(file=str(path), message="file not found")])
    attestations, problems = _load_attestations(path, str(path))
    if problems:
        raise WorkspaceError(problems)
    return attestations


# --- sources ----------------------------------------------------------------------------------


def _sidecar_of(path: Path) -> Path | None:
    for suffix in _SIDECAR_SUFFIXES:
        candidate = path.with_name(path.name + suffix)
        if candidate.is_file():
            return candidate
    return None


def _metadata_docs(
    path: Path, display: str, data: bytes, sidecar: Path | None, sidecar_display: str
) -> tuple[str, list[tuple[dict[str, Any], YamlDoc | None]], bytes]:
    """The body text and the metadata layers, lowest priority first, each with its YAML for lines."""
    suffix = path.suffix.lower()
    layers: list[tuple[dict[str, Any], YamlDoc | None]] = []
    fatal: list[Problem] = []
    front_doc: YamlDoc | None = None
    try:
        if suffix in MARKDOWN_SUFFIXES or suffix in TEXT_SUFFIXES:
            front = split_front_matter(decode_text(data))
            body = front.body
            if front.yaml_text is not None and not _is_blank_yaml(front.yaml_text):
                front_doc = _load_yaml(front.yaml_text, display, line_offset=front.yaml_first_line - 1)
        elif suffix in HTML_SUFFIXES:
            body, html_meta = html_to_text(data)
            layers.append((html_meta, None))
        elif suffix == ".pdf":
            body = pdf_to_text(data)
        else:
            body = docx_to_text(data)
    except ExtractError as exc:
        raise SourceError(Problem(file=display, message=exc.message, line=exc.line)) from None
    sidecar_bytes = b""
    if sidecar is not None:
        try:
            sidecar_bytes = read_bytes(sidecar)
            side_text = decode_text(sidecar_bytes)
        except ExtractError as exc:
            raise SourceError(Problem(file=sidecar_display, message=exc.message, line=exc.line)) from None
        if not _is_blank_yaml(side_text):
            side_doc = _load_yaml(side_text, sidecar_display)
            fatal += side_doc.problems
            if side_doc.node is not None and not isinstance(side_doc.data, dict):
                fatal.append(
                    side_doc.problem(
                        f"expected `key: value` lines (type, title...), got {_describe(side_doc.data)}"
                    )
                )
            elif isinstance(side_doc.data, dict):
                layers.append((side_doc.data, side_doc))
    if front_doc is not None:
        fatal += front_doc.problems
        if front_doc.node is not None and not isinstance(front_doc.data, dict):
            fatal.append(
                front_doc.problem(f"front matter must be `key: value` lines, got {_describe(front_doc.data)}")
            )
        elif isinstance(front_doc.data, dict):
            layers.append((front_doc.data, front_doc))
    if fatal:
        raise SourceError(fatal[0], fatal[1:])
    return body, layers, sidecar_bytes


def _load_source(
    path: Path, display: str, sidecar: Path | None, sidecar_display: str
) -> tuple[Source, list[Problem]]:
    """One source and its non-fatal warnings; SourceError when it must be skipped."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise SourceError(
            Problem(
                file=display,
                severity="warning",
                message=f"unsupported file type {suffix or '(none)'!r}; supported: {', '.join(sorted(SUPPORTED_SUFFIXES))}",
            )
        )
    try:
        data = read_bytes(path)
    except ExtractError as exc:
        raise SourceError(Problem(file=display, message=exc.message)) from None
    body, layers, sidecar_bytes = _metadata_docs(path, display, data, sidecar, sidecar_display)

    meta: dict[str, Any] = {}
    where: dict[str, YamlDoc | None] = {}
    for values, doc in layers:
        for key, value in values.items():
            meta[key] = value
            where[key] = doc

    warnings: list[Problem] = []
    fatal: list[Problem] = []

    def problem(message: str, key: str | None = None) -> Problem:
        doc = where.get(key) if key else None
        if doc is not None and key is not None:
            return doc.problem(message, (key,))
        return Problem(file=display, message=message, key=key)

    for key in meta:
        if key not in SOURCE_KEYS:
            warnings.append(
                problem(
                    f"unknown key {key!r} ignored{_suggest(str(key), SOURCE_KEYS)}; valid keys: {', '.join(SOURCE_KEYS)}",
                    str(key),
                )
            )

    def text(key: str) -> str | None:
        value = meta.get(key)
        if value is None:
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str) or not value.strip():
            fatal.append(problem(f"expected text for {key!r}, got {_describe(value)}", key))
            return None
        return value.strip()

    ident = text("id") or path.stem
    title = text("title")
    validated_by = text("validated_by")
    reference = text("reference")
    source_type: SourceType | None = None
    raw_type = meta.get("type")
    has_metadata = bool(layers and any(doc is not None for _, doc in layers))
    if raw_type is None:
        if suffix in MARKDOWN_SUFFIXES or has_metadata:
            fatal.append(
                problem(f"missing required key 'type'; valid types: {', '.join(SOURCE_TYPES)}", "type")
            )
        else:
            source_type = SourceType.OTHER
            warnings.append(
                Problem(
                    file=display,
                    severity="warning",
                    key="type",
                    message=(
                        f"no metadata: add {path.name}.yaml next to it with at least `type:` "
                        f"({', '.join(SOURCE_TYPES)}); it counts as type 'other' until then"
                    ),
                )
            )
    elif raw_type in SOURCE_TYPES:
        source_type = SourceType(raw_type)
    else:
        fatal.append(
            problem(
                f"unknown source type {raw_type!r}{_suggest(str(raw_type), SOURCE_TYPES)}; valid types: {', '.join(SOURCE_TYPES)}",
                "type",
            )
        )

    lang: str | None = None
    raw_lang = meta.get("lang")
    if raw_lang is not None:
        if isinstance(raw_lang, str) and raw_lang.strip().lower() in LANGS:
            lang = raw_lang.strip().lower()
        else:
            warnings.append(problem(f"unsupported language {raw_lang!r} ignored; expected fr or en", "lang"))

    dates: dict[str, date | None] = {"validated_on": None, "valid_until": None}
    for key in dates:
        if meta.get(key) is not None:
            try:
                dates[key] = parse_date(meta[key])
            except ValueError as exc:
                fatal.append(problem(str(exc), key))
    start, end = dates["validated_on"], dates["valid_until"]
    if start and end and end < start:
        fatal.append(problem(f"valid_until ({end}) is before validated_on ({start})", "valid_until"))

    if not body.strip() and not fatal:
        fatal.append(Problem(file=display, message="the source has no text after its metadata"))
    if fatal or source_type is None:
        first, *rest = fatal
        raise SourceError(first, rest)

    if title is None:
        heading = _HEADING.search(body)
        title = heading.group(1).strip() if heading else path.stem
    source = Source(
        id=ident,
        title=title,
        type=source_type,
        text=body,
        path=path,
        lang=lang,
        validated_by=validated_by,
        validated_on=start,
        valid_until=end,
        content_hash=content_hash(data + sidecar_bytes),
        reference=reference,
    )
    return source, warnings


def load_source(path: Path, problems: list[Problem] | None = None) -> Source:
    """One source document; raises SourceError if it cannot be used. Warnings go to `problems`."""
    path = Path(path)
    sidecar = _sidecar_of(path)
    source, warnings = _load_source(path, str(path), sidecar, str(sidecar) if sidecar else "")
    if problems is not None:
        problems.extend(warnings)
    return source


def _as_warning(problem: Problem, prefix: str = "") -> Problem:
    return Problem(
        file=problem.file,
        message=prefix + problem.message,
        line=problem.line,
        key=problem.key,
        severity="warning",
    )


def _source_files(folder: Path) -> list[Path]:
    """Every visible file under `folder`, sorted; hidden files, READMEs and editor backups skipped."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or name.lower().startswith("readme") or name.endswith("~"):
                continue
            found.append(Path(dirpath) / name)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def _load_sources(root: Path) -> tuple[list[Source], list[Problem]]:
    folder = root / SOURCES_DIR
    problems: list[Problem] = []
    if not folder.is_dir():
        return [], [
            Problem(
                file=SOURCES_DIR + "/",
                severity="warning",
                message="no sources/ folder: only attestations can back claims",
            )
        ]
    files = _source_files(folder)
    names = {p.as_posix() for p in files}
    sources: list[Source] = []
    by_id: dict[str, str] = {}
    for path in files:
        display = path.relative_to(root).as_posix()
        if path.suffix.lower() in _SIDECAR_SUFFIXES:
            owner = path.with_suffix("")
            if owner.as_posix() not in names:
                problems.append(
                    Problem(
                        file=display,
                        severity="warning",
                        message=(
                            f"metadata file without its document: {owner.name} not found "
                            "(a .yaml file in sources/ describes the file it is named after)"
                        ),
                    )
                )
            continue
        sidecar = _sidecar_of(path)
        sidecar_display = sidecar.relative_to(root).as_posix() if sidecar else ""
        try:
            source, warnings = _load_source(path, display, sidecar, sidecar_display)
        except SourceError as exc:
            problems += [_as_warning(p, "source skipped: ") for p in exc.problems]
            continue
        problems += [_as_warning(p) for p in warnings]
        if source.id in by_id:
            problems.append(
                Problem(
                    file=display,
                    severity="warning",
                    key="id",
                    message=f"source skipped: id {source.id!r} is already used by {by_id[source.id]}",
                )
            )
            continue
        by_id[source.id] = display
        sources.append(source)
    return sources, problems


# --- the workspace ------------------------------------------------------------------------------


def _renamed(root: Path, wanted: str) -> str:
    alt = Path(wanted).with_suffix(".yml").name
    return f"; found {alt}: rename it to {wanted}" if (root / alt).is_file() else ""


def load_workspace(root: str | os.PathLike[str]) -> Workspace:
    """Kit, sources and attestations of the folder `root`; WorkspaceError lists every fatal problem.

    Warnings (skipped sources...) are in `Workspace.problems`; with a WorkspaceError they follow
    the errors, so the user fixes everything in one pass.

    A valid workspace is cached on disk under a fingerprint of every file it was built from (and
    of this loader's code), so that a later run with the same files skips parsing and validation
    and gets an identical Workspace; an invalid one is validated again every time.
    """
    root_path = Path(root)
    if not root_path.is_dir():
        what = "is not a folder" if root_path.exists() else "does not exist"
        raise WorkspaceError([Problem(file=str(root_path), message=f"the workspace folder {what}")])
    if cache_dir() is None:
        return _load_workspace(root_path)
    return cached(WORKSPACE_CACHE, workspace_fingerprint(root_path), lambda: _load_workspace(root_path))


# Files whose code decides what `_load_workspace` builds: a change to any of them is a new key.
_CODE_FILES = (
    Path(__file__),
    Path(__file__).with_name("model.py"),
    Path(__file__).with_name("extract.py"),
    Path(__file__).with_name("yamlpos.py"),
    Path(__file__).parent.parent / "model.py",
)
# Libraries that turn these suffixes into text: their versions are part of the key (looked up
# only when such a file is present, since importlib.metadata is not free).
_EXTRACTORS = {".pdf": ("pypdf",), ".docx": ("python-docx", "lxml"), ".html": ("beautifulsoup4", "lxml"),
               ".htm": ("beautifulsoup4", "lxml")}


def workspace_fingerprint(root: Path) -> str:
    """A hash of everything `load_workspace(root)` reads: the root as given (source paths are
    built from it), kit and attestations files (and their misnamed .yml twins, which change the
    messages), every file under sources/ (sidecars and skipped files included), the loader's own
    code and the pydantic version. Reading every byte costs ~1 ms per 100 sources; mtimes are not
    trusted because copies and checkouts preserve or fake them."""
    import hashlib

    import pydantic

    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(label.encode("utf-8", "surrogateescape"))
        digest.update(b"\0%d\0" % len(data))
        digest.update(data)

    def add_file(label: str, path: Path) -> None:
        try:
            add(label, path.read_bytes())
        except FileNotFoundError:
            add(label, b"<missing>")
        except OSError as exc:  # unreadable, a folder...: the loader reports it, so it is part of the key
            add(label, f"<{type(exc).__name__}>".encode())

    add("root", f"{root}\0{os.path.abspath(root)}".encode("utf-8", "surrogateescape"))
    add("versions", f"{WORKSPACE_CACHE_VERSION}\0{pydantic.VERSION}".encode())
    for code in _CODE_FILES:
        add_file("code:" + code.name, code)
    for name in (KIT_FILE, ATTESTATIONS_FILE, VALIDATED_ATTESTATIONS_FILE, "kit.yml", "attestations.yml"):
        add_file(name, root / name)
    folder = root / SOURCES_DIR
    suffixes: set[str] = set()
    if folder.is_dir():
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            rel = os.path.relpath(dirpath, folder)
            add("dir", rel.encode("utf-8", "surrogateescape"))
            for name in sorted(filenames):
                suffixes.add(os.path.splitext(name)[1].lower())
                add_file(f"file:{rel}/{name}", Path(dirpath) / name)
    else:
        add("sources", b"<none>")
    libraries = sorted({lib for suffix in suffixes for lib in _EXTRACTORS.get(suffix, ())})
    if libraries:
        from importlib.metadata import PackageNotFoundError, version

        for lib in libraries:
            try:
                add("lib:" + lib, version(lib).encode())
            except PackageNotFoundError:
                add("lib:" + lib, b"<none>")
    return digest.hexdigest()[:40]


def _load_workspace(root_path: Path) -> Workspace:
    errors: list[Problem] = []
    kit: Kit | None = None
    kit_path = root_path / KIT_FILE
    if kit_path.is_file():
        kit, kit_problems = _load_kit(kit_path, KIT_FILE)
        errors += kit_problems
    else:
        errors.append(
            Problem(
                file=KIT_FILE,
                message="missing: every workspace needs a kit.yaml (kit: 1, brand, voice, proof...)"
                + _renamed(root_path, KIT_FILE),
            )
        )
    attestations: list[Attestation] = []
    att_path = root_path / ATTESTATIONS_FILE
    att_doc_lines: dict[str, int] = {}
    if att_path.is_file():
        attestations, att_problems = _load_attestations(att_path, ATTESTATIONS_FILE)
        errors += att_problems
        att_doc_lines = {a.id: a.line for a in attestations}
    elif (root_path / "attestations.yml").is_file():
        errors.append(
            Problem(file="attestations.yml", message="rename it to attestations.yaml to have it read")
        )
    validated_path = root_path / VALIDATED_ATTESTATIONS_FILE
    if validated_path.is_file():
        validated, validated_problems = _load_attestations(validated_path, VALIDATED_ATTESTATIONS_FILE)
        errors += validated_problems
        for a in validated:
            if a.id in att_doc_lines:
                errors.append(Problem(file=VALIDATED_ATTESTATIONS_FILE, line=a.line or None, key="id",
                                      message=f"id {a.id!r} is also an attestation of {ATTESTATIONS_FILE}; "
                                              "ids must be unique, rename the one in attestations.yaml"))
        attestations = [*attestations, *validated]
        att_doc_lines.update({a.id: a.line for a in validated})

    sources, warnings = _load_sources(root_path)
    source_files = {s.id: s.path.relative_to(root_path).as_posix() for s in sources}
    for ident, line in att_doc_lines.items():
        if ident in source_files:
            errors.append(
                Problem(
                    file=ATTESTATIONS_FILE,
                    line=line or None,
                    key="id",
                    message=(
                        f"id {ident!r} is also the id of the source {source_files[ident]}; sources and "
                        "attestations share one set of ids, rename one of them"
                    ),
                )
            )
    if errors or kit is None:
        raise WorkspaceError(errors + warnings)
    return Workspace(root=root_path, kit=kit, sources=sources, attestations=attestations, problems=warnings)


__all__ = [
    "SourceError",
    "load_attestations",
    "load_kit",
    "load_source",
    "load_workspace",
    "parse_date",
]
