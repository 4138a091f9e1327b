"""Markup to prose: Markdown, HTML and plain text become a same-length prose view with blocks.

Hand-written line and inline scanners rather than a Markdown library: every character keeps its
offset (markup becomes spaces), and the rules that matter for checking copy (a bold-only line is
a heading, an e-mail subject is a sentence of its own, URLs and code are not prose) are ours.
"""

from __future__ import annotations

import os
import re

from proofline.text.document import Block, Document, Sentence
from proofline.text.language import detect_language
from proofline.text.sentences import split_sentences

__all__ = ["detect_markup", "parse_document"]

_SUFFIXES = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".text": "text",
    ".eml": "text",
}

_MARKUP_ALIASES = {"md": "markdown", "htm": "html", "txt": "text", "plain": "text", "plaintext": "text"}

_HTML_START_RE = re.compile(r"\s*<(?:!doctype|html|head|body|[a-z][a-z0-9]*[\s/>])", re.IGNORECASE)
_HTML_BLOCK_TAG_RE = re.compile(r"<(?:p|h[1-6]|div|ul|ol|li|table|br)\b[^>]*>", re.IGNORECASE)

# --- shared inline patterns -------------------------------------------------------------------

_URL_RE = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'«»]+", re.IGNORECASE)
_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
_URL_TRAILING = ".,;:!?)]}'\"’»…*_"
_ENTITY_RE = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

# --- Markdown patterns ---------------------------------------------------------------------------

_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.MULTILINE)
_ATX_RE = re.compile(r"^ {0,3}(#{1,6})(?=[ \t]|$)")
_ATX_CLOSE_RE = re.compile(r"[ \t]+#+[ \t]*$")
_QUOTE_RE = re.compile(r"^(?: {0,3}>[ \t]?)+")
_LIST_RE = re.compile(r"^([ \t]*)([-*+•◦▪▸►‣–—]|\d{1,9}[.)])(?:[ \t]+(\[[ xX]\][ \t]+)?|$)")
_SEPARATOR_RE = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_TEXT_SEPARATOR_RE = re.compile(r"^[ \t]*(?:-{3,}|\*{3,}|_{3,}|={3,}|(?:- ){2,}-|(?:\* ){2,}\*)[ \t]*$")
# Only "===" underlines make a heading: a "---" under a line (a signature, say) is far more often
# meant as a separator between the messages of a sequence than as a setext heading.
_SETEXT_RE = re.compile(r"^ {0,3}=+[ \t]*$")
_TABLE_DELIM_RE = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_BOLD_LINE_RE = re.compile(r"^[ \t]*(\*\*|__)((?:(?!\1).)+?)\1[ \t]*[:.]?[ \t]*$")
_LINK_DEF_RE = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*\S+.*$")
_SUBJECT_RE = re.compile(
    r"^[ \t]*(?:[*_]{1,2})?(?:Objet|Subject|Sujet|Betreff|Asunto|Oggetto)[ \t]*(?:[*_]{1,2})?[ \t]*:"
    r"[ \t]*(?:[*_]{1,2})?[ \t]*(?:(?:re|fwd?|tr|aw|wg)[ \t]*:[ \t]*)*",
    re.IGNORECASE,
)
_REPLY_SUBJECT_RE = re.compile(r"^[ \t]*(?:(?:RE|Re|FWD?|Fwd?|TR|Tr)[ \t]*:[ \t]*)+(?=\S)")
_BOLD_END_RE = re.compile(r"(?:\*\*|__)[ \t]*$")
_FRONT_MATTER_CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_FRONT_MATTER_KEY_RE = re.compile(r"^[\w\"'-][\w \"'-]*:(?:\s|$)", re.MULTILINE)

_CODE_SPAN_RE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")
_AUTOLINK_RE = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>")
_HTML_TAG_RE = re.compile(r"</?[A-Za-z][\w:-]*(?:\s+(?:\"[^\"]*\"|'[^']*'|[^'\">])*)?/?>")
_COMMENT_RE = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_IMAGE_RE = re.compile(r"!\[([^\]\n]*)\]\(([^()\s]*(?:\([^()]*\))?[^()]*)\)|!\[([^\]\n]*)\]\[[^\]\n]*\]")
_LINK_RE = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])+)\](\((?:[^()]|\([^()]*\))*\)|\[[^\]\n]*\])")
_FOOTNOTE_RE = re.compile(r"\[\^[^\]\s]+\]")
_STRONG_RE = re.compile(
    r"(?<![\w*])\*\*(?=[^\s*])(.+?)(?<=[^\s*])\*\*(?![\w*])|(?<![\w_])__(?=\S)(.+?)(?<=\S)__(?![\w_])",
    re.DOTALL,
)
_EM_RE = re.compile(
    r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])|(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])",
    re.DOTALL,
)
_STRIKE_RE = re.compile(r"(?<!~)~~(?=\S)(.+?)(?<=\S)~~(?!~)", re.DOTALL)
_INLINE_TRIGGER_RE = re.compile(r"[`\\<>\[\]*_~&]")
_HARD_BREAK_RE = re.compile(r"\\(?=\r?\n)")

# --- HTML patterns -----------------------------------------------------------------------------

_HTML_TOKEN_RE = re.compile(
    r"(?P<comment><!--.*?(?:-->|\Z))"
    r"|(?P<raw><(?P<rawtag>script|style|head|template|noscript|pre|code|svg)\b[^>]*>.*?(?:</(?P=rawtag)\s*>|\Z))"
    r"|(?P<decl><![^>]*>|<\?.*?\?>)"
    r"|(?P<tag></?(?P<name>[A-Za-z][\w:-]*)(?:\s+(?:\"[^\"]*\"|'[^']*'|[^'\">])*)?/?>)"
    r"|(?P<entity>&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)",
    re.DOTALL | re.IGNORECASE,
)
_HTML_BLOCK_TAGS = frozenset(
    re.findall(
        r"\w+",
        "p div br hr li ul ol dl dt dd tr td th table thead tbody tfoot caption blockquote section article "
        "header footer main nav aside figure figcaption form address h1 h2 h3 h4 h5 h6 body html title "
        "fieldset legend details summary center",
    )
)
_HTML_KINDS = {
    **{f"h{i}": "heading" for i in range(1, 7)},
    "li": "list_item",
    "dt": "list_item",
    "dd": "list_item",
    "blockquote": "quote",
    "tr": "table_row",
    "td": "table_row",
    "th": "table_row",
    "caption": "paragraph",
}


def detect_markup(text: str, path: str | None = None) -> str:
    """ "markdown", "html" or "text": from the file suffix when known, else from the content.

    Content without HTML structure is Markdown, since plain text parses fine as Markdown.
    """
    if path:
        suffix = os.path.splitext(path)[1].lower()
        if suffix in _SUFFIXES:
            return _SUFFIXES[suffix]
    head = text.lstrip("\ufeff")
    if _HTML_START_RE.match(head) and not head.lstrip().startswith("<!--"):
        return "html"
    if len(_HTML_BLOCK_TAG_RE.findall(text, 0, 20000)) >= 2 and re.search(
        r"</(?:p|h[1-6]|div|li)>", text, re.I
    ):
        return "html"
    return "markdown"


def _unescape(entity: str) -> str:
    """`html.unescape`, imported on first use: its entity table is slow to import."""
    from html import unescape

    return unescape(entity)


class _Prose:
    """A mutable same-length copy of the text where markup is blanked, plus excluded ranges."""

    def __init__(self, text: str) -> None:
        self.chars = list(text)
        self.excluded: list[tuple[int, int]] = []

    def blank(self, start: int, end: int) -> None:
        chars = self.chars
        for i in range(start, end):
            if chars[i] not in "\n\r":
                chars[i] = " "

    def exclude(self, start: int, end: int) -> None:
        if start < end:
            self.blank(start, end)
            self.excluded.append((start, end))

    def put_entity(self, start: int, end: int, entity: str) -> None:
        """Write a decoded entity at its first position, spaces after: lengths never change."""
        decoded = _unescape(entity)
        if len(decoded) > end - start:
            decoded = decoded[: end - start]
        self.blank(start, end)
        for i, ch in enumerate(decoded):
            self.chars[start + i] = ch

    def view(self, start: int = 0, end: int | None = None) -> str:
        return "".join(self.chars[start:end])

    def merged_excluded(self) -> list[tuple[int, int]]:
        merged: list[tuple[int, int]] = []
        for start, end in sorted(self.excluded):
            if merged and start <= merged[-1][1]:
                if end > merged[-1][1]:
                    merged[-1] = (merged[-1][0], end)
            else:
                merged.append((start, end))
        return merged


# --- inline processing -------------------------------------------------------------------------


def _blank_urls(prose: _Prose, start: int, end: int) -> None:
    """Exclude bare URLs and e-mail addresses: they are not prose and hold no claim."""
    view = prose.view(start, end)
    if "@" not in view and "://" not in view and "www." not in view.lower():
        return
    for m in _URL_RE.finditer(view):
        url_end = m.end()
        while url_end > m.start() and view[url_end - 1] in _URL_TRAILING:
            if view[url_end - 1] == ")" and view.count("(", m.start(), url_end) >= view.count(
                ")", m.start(), url_end
            ):
                break
            url_end -= 1
        prose.exclude(start + m.start(), start + url_end)
    view = prose.view(start, end)
    for m in _EMAIL_RE.finditer(view):
        prose.exclude(start + m.start(), start + m.end())


def _decode_entities(prose: _Prose, start: int, end: int) -> None:
    view = prose.view(start, end)
    for m in _ENTITY_RE.finditer(view):
        if _unescape(m.group(0)) != m.group(0):
            prose.put_entity(start + m.start(), start + m.end(), m.group(0))


def _markdown_inline(prose: _Prose, start: int, end: int) -> None:
    """Blank inline Markdown in [start, end): code, HTML, links, URLs, escapes, emphasis."""
    view = prose.view(start, end)
    if not _INLINE_TRIGGER_RE.search(view):
        _blank_urls(prose, start, end)
        return
    for m in _CODE_SPAN_RE.finditer(view):
        prose.exclude(start + m.start(), start + m.end())
    view = prose.view(start, end)
    # Escaped characters are literal: blank the backslash, hide the character from later patterns.
    protected: list[int] = []
    for m in _ESCAPE_RE.finditer(view):
        prose.blank(start + m.start(), start + m.start() + 1)
        protected.append(start + m.start(1))
    for m in _HARD_BREAK_RE.finditer(view):
        prose.blank(start + m.start(), start + m.end())

    def scan() -> str:
        chars = prose.chars[start:end]
        for pos in protected:
            chars[pos - start] = "\x00"
        return "".join(chars)

    view = scan()
    for m in _AUTOLINK_RE.finditer(view):
        prose.exclude(start + m.start(), start + m.end())
    view = scan()
    for m in _HTML_TAG_RE.finditer(view):
        prose.blank(start + m.start(), start + m.end())
    view = scan()
    for m in _IMAGE_RE.finditer(view):
        prose.exclude(start + m.start(), start + m.end())
    view = scan()
    for m in _FOOTNOTE_RE.finditer(view):
        prose.blank(start + m.start(), start + m.end())
    view = scan()
    for m in _LINK_RE.finditer(view):
        prose.blank(start + m.start(), start + m.start() + 1)  # "["
        prose.blank(start + m.end(1), start + m.end(1) + 1)  # "]"
        target_start, target_end = start + m.start(2), start + m.end(2)
        if m.group(2).startswith("("):
            prose.exclude(target_start, target_end)
        else:
            prose.blank(target_start, target_end)
    _blank_urls(prose, start, end)
    for pattern, width in ((_STRONG_RE, 2), (_EM_RE, 1), (_STRIKE_RE, 2)):
        view = scan()
        for m in pattern.finditer(view):
            prose.blank(start + m.start(), start + m.start() + width)
            prose.blank(start + m.end() - width, start + m.end())
    _decode_entities(prose, start, end)


# --- Markdown and plain-text blocks ------------------------------------------------------------


class _Pending:
    __slots__ = ("end", "kind", "start")

    def __init__(self, kind: str, start: int, end: int) -> None:
        self.kind = kind
        self.start = start
        self.end = end


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, end excluding the newline and a trailing carriage return."""
    out: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        if nl < 0:
            nl = n
        end = nl - 1 if nl > pos and text[nl - 1] == "\r" else nl
        out.append((pos, end))
        pos = nl + 1
    return out


def _front_matter_end(text: str) -> int:
    """End offset of a YAML front matter block at the very top, or 0 when there is none."""
    offset = 1 if text.startswith("\ufeff") else 0
    m = re.match(r"---[ \t]*\r?\n", text[offset:])
    if not m:
        return 0
    close = _FRONT_MATTER_CLOSE_RE.search(text, offset + m.end())
    if not close:
        return 0
    body = text[offset + m.end() : close.start()]
    if not _FRONT_MATTER_KEY_RE.search(body):
        return 0
    return close.end()


def _starts_table(cur: str, lines: list[tuple[int, int]], i: int) -> bool:
    """A pipe line followed by a delimiter row (`|---|---|`) opens a GFM table."""
    if i + 1 >= len(lines):
        return False
    ns, ne = lines[i + 1]
    return "-" in cur[ns:ne] and "|" in cur[ns:ne] and _TABLE_DELIM_RE.match(cur[ns:ne]) is not None


def _indent(line: str) -> int:
    width = 0
    for ch in line:
        if ch == " ":
            width += 1
        elif ch == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def _parse_lines(text: str, prose: _Prose, *, markdown: bool) -> list[Block]:
    """Find blocks line by line and blank block-level markup (markers, fences, front matter)."""
    blocks: list[Block] = []
    body_start = _front_matter_end(text)
    if body_start:
        prose.exclude(0, body_start)
    elif text.startswith("\ufeff"):
        prose.blank(0, 1)

    lines = _lines(text)
    first = 0
    while first < len(lines) and lines[first][1] <= body_start and body_start:
        first += 1

    # Fenced code and HTML comments first: their content must not be read as structure.
    in_code = [False] * len(lines)
    if markdown:
        i = first
        while i < len(lines):
            ls, le = lines[i]
            fence = _FENCE_RE.match(text, ls, le)
            if not fence:
                i += 1
                continue
            marker = fence.group(1)
            j = i + 1
            while j < len(lines):
                close = _FENCE_RE.match(text, lines[j][0], lines[j][1])
                if close and close.group(1)[0] == marker[0] and len(close.group(1)) >= len(marker):
                    break
                j += 1
            last = min(j, len(lines) - 1)
            for k in range(i, last + 1):
                in_code[k] = True
            prose.exclude(ls, lines[last][1])
            blocks.append(Block("code", ls, lines[last][1]))
            i = last + 1
        fenced = [(b.start, b.end) for b in blocks]
        for m in _COMMENT_RE.finditer(text, body_start):
            if not any(s <= m.start() < e for s, e in fenced):
                prose.exclude(m.start(), m.end())

    cur = prose.view()
    pending: _Pending | None = None
    prev_blank = True
    list_context = False
    subject_allowed = True
    in_table = False

    def flush() -> None:
        nonlocal pending, list_context
        if pending is not None:
            blocks.append(Block(pending.kind, pending.start, pending.end))
            list_context = pending.kind == "list_item" or (list_context and pending.kind == "paragraph")
            pending = None

    def start(kind: str, s: int, e: int) -> None:
        nonlocal pending
        flush()
        pending = _Pending(kind, s, e)

    i = first
    while i < len(lines):
        ls, le = lines[i]
        line = cur[ls:le]
        if in_code[i]:
            flush()
            list_context = False
            prev_blank = False
            i += 1
            continue
        if not line.strip():
            flush()
            in_table = False
            prev_blank = True
            i += 1
            continue

        if subject_allowed:
            subject_allowed = False
            subject = _SUBJECT_RE.match(line) or _REPLY_SUBJECT_RE.match(line)
            if subject and line[subject.end() :].strip():
                flush()
                prose.blank(ls, ls + subject.end())
                tail = line.rstrip()
                end = ls + len(tail)
                bold_end = _BOLD_END_RE.search(tail, subject.end()) if markdown else None
                if bold_end:  # "**Objet : Nos chiffres**": the closing marker is markup
                    end = ls + bold_end.start()
                    prose.blank(end, ls + len(tail))
                blocks.append(Block("subject", ls + subject.end(), end))
                prev_blank = False
                i += 1
                continue

        indent = _indent(line)

        # Indented code: only after a blank line and outside a list, so list continuations survive.
        if markdown and indent >= 4 and pending is None and prev_blank and not list_context:
            flush()
            j = i
            last = i
            while j < len(lines):
                text_j = cur[lines[j][0] : lines[j][1]]
                if text_j.strip() and _indent(text_j) < 4:
                    break
                if text_j.strip():
                    last = j
                j += 1
            prose.exclude(ls, lines[last][1])
            blocks.append(Block("code", ls, lines[last][1]))
            prev_blank = False
            i = last + 1
            continue

        separator = (_SEPARATOR_RE if markdown else _TEXT_SEPARATOR_RE).match(line)
        setext = _SETEXT_RE.match(line) if markdown else None
        if setext and pending is not None and pending.kind == "paragraph" and not prev_blank:
            pending.kind = "heading"
            prose.blank(ls, le)
            flush()
            prev_blank = False
            i += 1
            continue
        if separator:
            flush()
            prose.blank(ls, le)
            blocks.append(Block("separator", ls, le))
            subject_allowed = True
            list_context = False
            prev_blank = True
            i += 1
            continue

        if markdown:
            if _LINK_DEF_RE.match(line):
                flush()
                prose.exclude(ls, le)
                prev_blank = False
                i += 1
                continue
            atx = _ATX_RE.match(line)
            if atx:
                prose.blank(ls, ls + atx.end())
                closing = _ATX_CLOSE_RE.search(line, atx.end())
                end = ls + (closing.start() if closing else len(line))
                if closing:
                    prose.blank(end, le)
                start("heading", ls + atx.end(), end)
                flush()
                list_context = False
                prev_blank = False
                i += 1
                continue
            if "|" in line and (in_table or line.lstrip().startswith("|") or _starts_table(cur, lines, i)):
                flush()
                if _TABLE_DELIM_RE.match(line) and "-" in line:
                    prose.blank(ls, le)
                else:
                    for k, ch in enumerate(line):
                        if ch == "|" and (k == 0 or line[k - 1] != "\\"):
                            prose.blank(ls + k, ls + k + 1)
                    blocks.append(Block("table_row", ls, le))
                in_table = True
                list_context = False
                prev_blank = False
                i += 1
                continue
            in_table = False
            quote = _QUOTE_RE.match(line)
            if quote:
                prose.blank(ls, ls + quote.end())
                inner = _LIST_RE.match(line[quote.end() :])
                if inner and inner.group(2) in "-*+":
                    prose.blank(ls + quote.end(), ls + inner.end())
                if pending is not None and pending.kind == "quote" and not prev_blank:
                    pending.end = le
                else:
                    start("quote", ls + quote.end(), le)
                prev_blank = False
                i += 1
                continue

        item = _LIST_RE.match(line)
        if item and line[item.end() :].strip():
            marker = item.group(2)
            ordered = marker[0].isdigit()
            interrupts = (
                pending is None
                or prev_blank
                or list_context
                or (pending.kind == "list_item")
                or not ordered
                or marker[:-1] == "1"
            )
            if interrupts:
                prose.blank(ls + len(item.group(1)), ls + item.end())
                start("list_item", ls + item.end(), le)
                list_context = True
                prev_blank = False
                i += 1
                continue

        if markdown and _BOLD_LINE_RE.match(line):
            start("heading", ls, le)
            flush()
            list_context = False
            prev_blank = False
            i += 1
            continue

        if pending is not None and not prev_blank and pending.kind in ("paragraph", "list_item", "quote"):
            pending.end = le
        else:
            if not (list_context and prev_blank and indent >= 2):
                list_context = False
            start("paragraph", ls, le)
        prev_blank = False
        i += 1
    flush()
    return blocks


def _parse_markdown(text: str, *, markdown: bool) -> tuple[_Prose, list[Block]]:
    prose = _Prose(text)
    blocks = _parse_lines(text, prose, markdown=markdown)
    for block in blocks:
        if block.kind in ("code", "separator"):
            continue
        if markdown:
            _markdown_inline(prose, block.start, block.end)
        else:
            _blank_urls(prose, block.start, block.end)
    return prose, blocks


# --- HTML --------------------------------------------------------------------------------------


def _parse_html(text: str) -> tuple[_Prose, list[Block]]:
    """Blank tags, comments and raw elements; block tags end blocks; entities keep their length."""
    prose = _Prose(text)
    blocks: list[Block] = []
    stack: list[str] = []
    block_start = -1
    block_end = -1
    block_kind = "paragraph"

    def current_kind() -> str:
        for name in reversed(stack):
            kind = _HTML_KINDS.get(name)
            if kind is not None:
                return kind
        return "paragraph"

    def content(start: int, end: int) -> None:
        nonlocal block_start, block_end, block_kind
        segment = text[start:end]
        stripped = segment.strip()
        if not stripped:
            return
        first = start + (len(segment) - len(segment.lstrip()))
        if block_start < 0:
            block_start = first
            block_kind = current_kind()
        block_end = start + len(segment.rstrip())

    def end_block() -> None:
        nonlocal block_start, block_end
        if block_start >= 0:
            blocks.append(Block(block_kind, block_start, block_end))
        block_start = block_end = -1

    pos = 0
    for m in _HTML_TOKEN_RE.finditer(text):
        content(pos, m.start())
        pos = m.end()
        if m.group("entity"):
            if _unescape(m.group(0)) != m.group(0):
                prose.put_entity(m.start(), m.end(), m.group(0))
            content(m.start(), m.end())
            continue
        if m.group("comment") or m.group("raw"):
            prose.exclude(m.start(), m.end())
            name = (m.group("rawtag") or "").lower()
            if name in ("pre", "head"):
                end_block()
            continue
        prose.blank(m.start(), m.end())
        name = (m.group("name") or "").lower()
        if not name or name not in _HTML_BLOCK_TAGS:
            continue
        end_block()
        tag = m.group(0)
        if tag.startswith("</"):
            if name in stack:
                while stack and stack.pop() != name:
                    pass
        elif name == "hr":
            blocks.append(Block("separator", m.start(), m.end()))
        elif name != "br" and not tag.endswith("/>"):
            stack.append(name)
    content(pos, len(text))
    end_block()
    for block in blocks:
        if block.kind != "separator":
            _blank_urls(prose, block.start, block.end)
    return prose, blocks


# --- document ----------------------------------------------------------------------------------


def _trimmed(prose: str, block: Block) -> Block | None:
    start, end = block.start, block.end
    while start < end and prose[start].isspace():
        start += 1
    while end > start and prose[end - 1].isspace():
        end -= 1
    if start >= end and block.kind not in ("code", "separator"):
        return None
    return Block(block.kind, start, end) if (start, end) != (block.start, block.end) else block


def parse_document(
    text: str,
    markup: str | None = None,
    *,
    path: str | None = None,
    languages: tuple[str, ...] = ("fr", "en"),
    language: str | None = None,
) -> Document:
    """Parse a draft or a source into prose, blocks and sentences, all offsets into `text`."""
    kind = _MARKUP_ALIASES.get((markup or "").lower(), markup) if markup else detect_markup(text, path)
    if kind == "html":
        prose_buf, raw_blocks = _parse_html(text)
    elif kind == "text":
        prose_buf, raw_blocks = _parse_markdown(text, markdown=False)
    else:
        kind = "markdown"
        prose_buf, raw_blocks = _parse_markdown(text, markdown=True)
    prose = "".join(prose_buf.chars)

    blocks: list[Block] = []
    for block in sorted(raw_blocks, key=lambda b: (b.start, b.end)):
        trimmed = block if block.kind in ("code", "separator") else _trimmed(prose, block)
        if trimmed is not None:
            blocks.append(trimmed)

    default = languages[0] if languages else "fr"
    lang = language or detect_language(prose, languages, default)

    sentences: list[Sentence] = []
    line_breaks = kind != "html"
    for index, block in enumerate(blocks):
        if block.kind in ("code", "separator"):
            continue
        if block.kind == "subject":
            spans = [(block.start, block.end)]
        else:
            spans = split_sentences(prose, block.start, block.end, lang, line_breaks=line_breaks)
        for start, end in spans:
            sentences.append(Sentence(start, end, prose[start:end], index, block.kind))

    return Document(
        text=text,
        prose=prose,
        markup=kind,
        language=lang,
        blocks=blocks,
        sentences=sentences,
        excluded=prose_buf.merged_excluded(),
    )
