"""YAML with positions: parse once, keep the node tree so every problem can name its line.

PyYAML's `compose` gives nodes that carry `start_mark.line`; we construct the Python data from
the same node tree, so data and positions always agree. Two deliberate differences from
`yaml.safe_load`:

- dates are NOT turned into `datetime.date`: they stay text, so that `2026-13-01` is a clear
  "expected YYYY-MM-DD" problem from the loader instead of a constructor crash;
- a key repeated in one mapping is a problem (PyYAML silently keeps the last value, and a
  silently ignored line is exactly what the workspace format forbids).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from proofline.workspace.model import Problem

_BaseLoader: type[yaml.SafeLoader]
try:  # libyaml is ~10x faster; same nodes, same marks
    _BaseLoader = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """SafeLoader without the implicit timestamp rule (dates stay strings)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}

PathElt = str | int


@dataclass
class YamlDoc:
    """Parsed YAML plus the node tree; `line_offset` shifts lines for embedded YAML (front matter)."""

    file: str
    data: Any = None
    node: yaml.Node | None = None
    problems: list[Problem] = field(default_factory=list)
    line_offset: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def line(self, path: Sequence[Any] = ()) -> int | None:
        """1-based line of the deepest node reachable along `path` (a pydantic-style `loc`).

        A key that is missing resolves to its parent mapping, which is where it should be added.
        The pydantic marker `[key]` (an invalid dict key) resolves to the key itself.
        """
        node = self.node
        if node is None:
            return None
        line = node.start_mark.line
        for i, elt in enumerate(path):
            if isinstance(node, yaml.MappingNode):
                pair = _find_key(node, elt)
                if pair is None:
                    break
                key_node, value_node = pair
                line = key_node.start_mark.line
                if i + 1 < len(path) and path[i + 1] == "[key]":
                    break
                node = value_node
            elif isinstance(node, yaml.SequenceNode) and isinstance(elt, int) and 0 <= elt < len(node.value):
                node = node.value[elt]
                line = node.start_mark.line
            else:
                break
        return line + 1 + self.line_offset

    def problem(
        self,
        message: str,
        path: Sequence[Any] = (),
        severity: str = "error",
        key: str | None = None,
    ) -> Problem:
        """A Problem located at `path` in this document; `key` defaults to the dotted path."""
        return Problem(
            file=self.file,
            message=message,
            line=self.line(path),
            key=(key or None) if key is not None else (key_label(path) or None),
            severity="warning" if severity == "warning" else "error",
        )


def _find_key(node: yaml.MappingNode, elt: Any) -> tuple[yaml.Node, yaml.Node] | None:
    wanted = str(elt)
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == wanted:
            return key_node, value_node
    return None


def key_label(path: Sequence[Any]) -> str:
    """`('forbidden_claims', 0, 'patterns', 1)` → `forbidden_claims[0].patterns[1]`."""
    out = ""
    for elt in path:
        if elt == "[key]":
            continue
        if isinstance(elt, int) and not isinstance(elt, bool):
            out += f"[{elt}]"
        else:
            out += ("." if out else "") + str(elt)
    return out


_HINTS = (
    (
        "mapping values are not allowed",
        "a value that contains ': ' must be put in quotes, or this line is misindented",
    ),
    ("did not find expected ',' or ']'", "a list opened with [ is not closed with ] on its line"),
    ("did not find expected ',' or '}'", "a mapping opened with { is not closed with }"),
    ("undefined alias", "a value starting with * or & must be put in quotes"),
    ("tab character", "YAML indents with spaces, never tabs"),
    (
        "cannot start any token",
        "YAML indents with spaces, never tabs; values starting with @ or ` need quotes",
    ),
    ("scanning a quoted scalar", "a quote opened on this line is never closed"),
    ("expected <block end>", "check the indentation of this line against the lines above it"),
    ("could not find expected ':'", "each line of a mapping is `key: value`; check quotes and indentation"),
)


def _syntax_problem(file: str, text: str, exc: Exception, line_offset: int) -> Problem:
    """Turn any PyYAML error into a Problem with the line and column PyYAML reports."""
    line: int | None = None
    column: int | None = None
    if isinstance(exc, yaml.MarkedYAMLError):
        what = " ".join(p for p in (exc.context, exc.problem) if p) or str(exc)
        # An unclosed quote or bracket is reported at the end of the file; where it opened helps more.
        mark = exc.context_mark if "end of stream" in what and exc.context_mark else exc.problem_mark
        mark = mark or exc.context_mark
        if mark is not None:
            line, column = mark.line + 1, mark.column + 1
    elif isinstance(exc, yaml.reader.ReaderError):
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        what = f"character {char!r} (code {ord(char)}) is not allowed in YAML; delete it"
        if isinstance(exc.position, int) and 0 <= exc.position <= len(text):
            before = text[: exc.position]
            line, column = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
    else:
        what = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    message = f"YAML syntax error: {what}"
    if column is not None:
        message += f" (column {column})"
    hint = next((h for pattern, h in _HINTS if pattern in message), None)
    if hint:
        message += f"; hint: {hint}"
    return Problem(file=file, message=message, line=None if line is None else line + line_offset)


def _duplicate_keys(doc: YamlDoc, node: yaml.Node, path: tuple[PathElt, ...]) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                key = key_node.value
                first = seen.get(key)
                line = key_node.start_mark.line + 1 + doc.line_offset
                if first is not None:
                    doc.problems.append(
                        Problem(
                            file=doc.file,
                            line=line,
                            key=key_label((*path, key)),
                            message=f"key {key!r} appears twice (lines {first} and {line}); keep only one",
                        )
                    )
                else:
                    seen[key] = line
                _duplicate_keys(doc, value_node, (*path, key))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _duplicate_keys(doc, item, (*path, i))


def load_yaml(text: str, file: str, line_offset: int = 0) -> YamlDoc:
    """Parse `text`; never raises: syntax errors and repeated keys become `doc.problems`."""
    doc = YamlDoc(file=file, line_offset=line_offset)
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            doc.node = node
            doc.data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except Exception as exc:  # any PyYAML error (scanner, parser, constructor, reader) is a user problem
        doc.node = None
        doc.data = None
        doc.problems.append(_syntax_problem(file, text, exc, line_offset))
        return doc
    if doc.node is not None:
        _duplicate_keys(doc, doc.node, ())
    return doc
