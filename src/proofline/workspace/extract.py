"""Turn source documents into plain text the evidence index can search.

Supported: Markdown (.md, .markdown) and text (.txt) with optional YAML front matter, HTML
(.html, .htm), PDF (.pdf) and Word (.docx). The returned text is what offsets in the report refer
to, so it is produced once, here, and never re-derived. Markdown and text are returned exactly
as written after the front matter (only CRLF becomes LF); the other formats are rendered as
paragraphs separated by blank lines, headings as `# ` lines.

Heavy libraries (pypdf, python-docx, BeautifulSoup) are imported only when such a file is read,
because most workspaces are Markdown only and start-up time matters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUPPORTED_SUFFIXES = MARKDOWN_SUFFIXES | TEXT_SUFFIXES | HTML_SUFFIXES | frozenset({".pdf", ".docx"})


class ExtractError(Exception):
    """The document cannot be read; the message says why in words a marketer understands."""

    def __init__(self, message: str, line: int | None = None):
        self.message = message
        self.line = line
        super().__init__(message)


@dataclass(frozen=True)
class FrontMatter:
    """A text file split in two: the YAML between `---` lines and the body after it."""

    yaml_text: str | None  # None when the file has no front matter
    body: str
    yaml_first_line: int  # 1-based line of the first YAML line in the file (for error messages)


_OPEN = re.compile(r"---[ \t]*\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$\n?", re.MULTILINE)


def split_front_matter(text: str) -> FrontMatter:
    """Split `---\\n yaml \\n---\\n body`; the body is kept byte for byte (offsets refer to it)."""
    opening = _OPEN.match(text)
    if opening is None:
        return FrontMatter(None, text, 0)
    closing = _CLOSE.search(text, opening.end())
    if closing is None:
        raise ExtractError("front matter opened with '---' on line 1 is never closed by a '---' line", line=1)
    return FrontMatter(text[opening.end() : closing.start()], text[closing.end() :], 2)


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), CRLF → LF; undecodable bytes are a clear error, not mojibake."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ExtractError(
            f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x} on line {line}); "
            "save it with UTF-8 encoding",
            line=line,
        ) from None
    return text.replace("\r\n", "\n")


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ExtractError(f"cannot read the file: {exc.strerror or exc}") from None


def extract_text(path: Path) -> tuple[str, dict[str, Any]]:
    """(body text, metadata) of a document; raises ExtractError when it cannot be read.

    Metadata is the front matter for Markdown and text files, the `<title>` and `<html lang>`
    for HTML, and empty for PDF and DOCX (their metadata lives in a sidecar, see the loader).
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ExtractError(
            f"unsupported file type {suffix or '(none)'!r}; supported: {', '.join(sorted(SUPPORTED_SUFFIXES))}"
        )
    data = read_bytes(path)
    if suffix in MARKDOWN_SUFFIXES or suffix in TEXT_SUFFIXES:
        return _extract_markdown(data, str(path))
    if suffix in HTML_SUFFIXES:
        return html_to_text(data)
    if suffix == ".pdf":
        return pdf_to_text(data), {}
    return docx_to_text(data), {}


def _extract_markdown(data: bytes, file: str) -> tuple[str, dict[str, Any]]:
    from proofline.workspace.yamlpos import load_yaml

    front = split_front_matter(decode_text(data))
    if front.yaml_text is None:
        return front.body, {}
    doc = load_yaml(front.yaml_text, file, line_offset=front.yaml_first_line - 1)
    if doc.problems:
        first = doc.problems[0]
        raise ExtractError(f"front matter: {first.message}", line=first.line)
    if doc.data is None:
        return front.body, {}
    if not isinstance(doc.data, dict):
        raise ExtractError("front matter must be `key: value` lines", line=front.yaml_first_line)
    return front.body, doc.data


# --- HTML -----------------------------------------------------------------------------------

_DROP = frozenset(
    {"script", "style", "nav", "footer", "noscript", "template", "head", "svg", "iframe", "object", "canvas"}
)
_BLOCKS = frozenset(
    {
        "p", "div", "section", "article", "main", "header", "aside", "blockquote", "pre", "ul", "ol",
        "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "figure", "figcaption", "address",
        "form", "fieldset", "details", "summary", "hr", "body", "html", "caption",
    }
)  # fmt: skip
_HEADINGS = {f"h{i}": i for i in range(1, 7)}
_BR = "\x00"


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text)
    return "\n".join(part.strip() for part in text.split(_BR)).strip()


class _HtmlRenderer:
    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.buf: list[str] = []
        self.prefix = ""

    def flush(self) -> None:
        text = _clean("".join(self.buf))
        self.buf = []
        if text:
            self.blocks.append(self.prefix + text)
            self.prefix = ""

    def walk(self, node: Any) -> None:
        from bs4.element import NavigableString, PreformattedString, Tag

        for child in node.children:
            if isinstance(child, PreformattedString):  # comments, doctype, CDATA
                continue
            if isinstance(child, NavigableString):
                self.buf.append(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            name = (child.name or "").lower()
            if name in _DROP:
                continue
            if name == "br":
                self.buf.append(_BR)
            elif name in _HEADINGS:
                self.flush()
                self.prefix = "#" * _HEADINGS[name] + " "
                self.walk(child)
                self.flush()
                self.prefix = ""
            elif name == "li":
                self.flush()
                self.prefix = "- "
                self.walk(child)
                self.flush()
                self.prefix = ""
            elif name == "tr":
                self.flush()
                cells = [_clean(c.get_text(" ")) for c in child.find_all(["td", "th"], recursive=False)]
                row = " | ".join(c for c in cells if c)
                if row:
                    self.blocks.append(row)
            elif name in _BLOCKS:
                self.flush()
                self.walk(child)
                self.flush()
            else:
                self.walk(child)


def html_to_text(data: bytes | str) -> tuple[str, dict[str, Any]]:
    """Readable text of an HTML page: navigation, scripts and footers dropped, blocks as paragraphs."""
    from bs4 import BeautifulSoup

    try:
        soup = BeautifulSoup(data, "lxml")
    except Exception as exc:  # lxml copes with almost anything; this is the last resort
        raise ExtractError(f"cannot read the HTML: {exc}") from None
    meta: dict[str, Any] = {}
    if soup.title is not None and soup.title.get_text(strip=True):
        meta["title"] = _clean(soup.title.get_text(" "))
    html = soup.find("html")
    lang = html.get("lang") if html is not None and hasattr(html, "get") else None
    if isinstance(lang, str) and lang[:2].lower() in ("fr", "en"):
        meta["lang"] = lang[:2].lower()
    renderer = _HtmlRenderer()
    renderer.walk(soup)
    renderer.flush()
    return "\n\n".join(renderer.blocks), meta


# --- PDF --------------------------------------------------------------------------------------


@contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    """pypdf logs warnings about sloppy PDFs; they would reach stderr through logging's last resort."""
    import logging

    logger = logging.getLogger(logger_name)
    previous = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(previous)


def pdf_to_text(data: bytes) -> str:
    """Text of every page, pages separated by a blank line."""
    import io
    import warnings

    from pypdf import PdfReader

    with _quiet("pypdf"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise ExtractError("the PDF is password-protected; save an unprotected copy")
            pages = [(page.extract_text() or "").replace("\r\n", "\n").strip() for page in reader.pages]
        except ExtractError:
            raise
        except Exception as exc:  # pypdf raises many kinds of errors on damaged files
            raise ExtractError(
                f"cannot read the PDF ({type(exc).__name__}: {exc}); is the file damaged?"
            ) from None
    text = "\n\n".join(p for p in pages if p)
    if not text.strip():
        raise ExtractError(
            "no text could be extracted from the PDF (a scanned image?); add a text version of it"
        )
    return text


# --- DOCX -------------------------------------------------------------------------------------


def docx_to_text(data: bytes) -> str:
    """Paragraphs and table rows in document order, separated by blank lines; headings as `# `."""
    import io

    try:
        import docx
        from docx.table import Table

        document = docx.Document(io.BytesIO(data))
        blocks: list[str] = []
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                blocks.extend(_docx_table(item))
                continue
            text = item.text.strip()
            if not text:
                continue
            style = (item.style.name if item.style is not None else "") or ""
            level = re.match(r"(?:Heading|Titre)\s*(\d)", style)
            if level:
                text = "#" * int(level.group(1)) + " " + text
            elif style == "Title":
                text = "# " + text
            blocks.append(text)
    except Exception as exc:  # python-docx raises KeyError, BadZipFile, lxml errors... on damaged files
        raise ExtractError(
            f"cannot read the Word document ({type(exc).__name__}: {exc}); is it a .docx?"
        ) from None
    return "\n\n".join(blocks)


def _docx_table(table: Any) -> list[str]:
    """One line per row, cells separated by ` | `; a merged cell appears once, not once per grid column."""
    rows: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            text = re.sub(r"\s+", " ", cell.text).strip()
            if text:
                cells.append(text)
        if cells:
            rows.append(" | ".join(cells))
    return rows
