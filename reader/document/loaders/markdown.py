"""Markdown → :class:`RawDocument`, using markdown-it-py's token stream.

What a listener needs from Markdown: headings with their levels, prose
without markup (links read as their text, emphasis dropped, inline code kept
as words), list items one by one, quotes, and code blocks kept apart so they
are not read as prose. Tables become one paragraph per row; images become
"Image: <alt text>" (badges and images without alt text are skipped).
"""

from __future__ import annotations

import re
from typing import Final

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from reader.document.loaders import article_language, take_title
from reader.document.model import Block, BlockKind, RawDocument
from reader.tomlfile import TOMLDecodeError, parse_toml

_BADGE_RE: Final = re.compile(r"shields\.io|badge|/workflows/|travis-ci|codecov|coveralls", re.I)
_SPACE_RE: Final = re.compile(r"\s+")
_HIDDEN_OPEN_RE: Final = re.compile(r"<(script|style)\b", re.I)
_HIDDEN_CLOSE_RE: Final = re.compile(r"</(script|style)\s*>", re.I)
_TOML_FRONT_MATTER_RE: Final = re.compile(r"\A\ufeff?\+\+\+[ \t]*\r?\n(.*?)\r?\n\+\+\+[ \t]*(?:\r?\n|\Z)", re.S)
_FENCE_RE: Final = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SHORTCODE_RE: Final = re.compile(
    r"^[ \t]*(?:\{\{<\s*highlight\s+([\w+-]*)[^>]*>\}\}|\{%-?\s*highlight\s+([\w+-]*)[^%]*-?%\})[ \t]*$"
)
_CODE_SHORTCODE_END_RE: Final = re.compile(r"^[ \t]*(?:\{\{<\s*/highlight\s*>\}\}|\{%-?\s*endhighlight\s*-?%\})[ \t]*$")
_FIGURE_SHORTCODE_RE: Final = re.compile(r"\{\{<\s*figure\b([^>]*)>\}\}")
_TEMPLATE_TAG_RE: Final = re.compile(r"\{\{[<%].*?[%>]\}\}|\{%-?.*?-?%\}|\{\{-?[^{}]*-?\}\}")
_HEADING_ATTRS_RE: Final = re.compile(r"\s*\{\s*[#.][^{}]*\}\s*$")
_TASK_RE: Final = re.compile(r"^\[[ xX]\]\s+")
_ALERT_RE: Final = re.compile(r"^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*", re.I)


MAX_NESTING: Final = 100_000
"""markdown-it's nesting limit, set out of the way: at its default it stops
parsing at the 10th nested list level or 20th quote and drops the rest of the
document without a word. Depth is bounded by :func:`_tokens` instead."""

_BLOCK_PREFIX_RE: Final = re.compile(r"^(?:[ \t]*>)+[ \t]?|^[ \t]+")
_MARK_RE: Final = re.compile(r"[!-/:-@\[-`{-~]")
"""ASCII punctuation: any of it may be escaped with a backslash in CommonMark, and then is only text."""


def _parser() -> MarkdownIt:
    return (
        MarkdownIt("commonmark", {"maxNesting": MAX_NESTING})
        .enable(["table", "strikethrough"])
        .use(front_matter_plugin)
        .use(footnote_plugin)
    )


def _tokens(text: str) -> list[Token]:
    """markdown-it's tokens of ``text``; a document nested too deep for its
    recursive parser (hundreds of list or quote levels) is parsed again with
    its lines unindented and unquoted, and then, if it still nests too deep
    (thousands of ``[``, or of list markers on one line: ``+ + + …``), with
    every mark escaped, as plain paragraphs: every word is still read, flat."""
    try:
        return _parser().parse(text)
    except RecursionError:
        pass
    lines = text.splitlines()
    flat = "\n".join(_BLOCK_PREFIX_RE.sub("", line) for line in lines)
    if flat != "\n".join(lines):  # unindenting changed something: parse again (else it fails again, as deep)
        try:
            return _parser().parse(flat)
        except RecursionError:
            pass
    return _parser().parse(_MARK_RE.sub(r"\\\g<0>", flat))


def parse(text: str, *, keep_all: bool = False) -> RawDocument:
    """Parse Markdown ``text`` into blocks plus title/author/language.

    ``keep_all`` is accepted for symmetry with the other loaders: Markdown is
    written, not scraped, so nothing in it is judged page chrome anyway.
    """
    meta: dict[str, str] = {}
    toml = _TOML_FRONT_MATTER_RE.match(text)
    if toml:
        meta = parse_toml_front_matter(toml.group(1))
        text = text[toml.end() :]
    tokens = _tokens(replace_template_tags(text))
    if tokens and tokens[0].type == "front_matter":
        meta = parse_front_matter(tokens[0].content)
    blocks = _BlockCollector().collect(tokens)
    title = meta.get("title") or None
    blocks, title = take_title(blocks, title)
    return RawDocument(
        title=title,
        blocks=tuple(blocks),
        author=meta.get("author") or None,
        language=article_language(meta.get("lang") or meta.get("language") or meta.get("languagecode"), blocks, title),
    )


def parse_toml_front_matter(content: str) -> dict[str, str]:
    """Hugo's ``+++`` front matter: ``title``, ``author``/``authors`` (a name,
    a list or an ``[author]`` table with ``name``) and the language."""
    try:
        data = parse_toml(content)
    except TOMLDecodeError:
        return {}
    out: dict[str, str] = {}
    for key, value in data.items():
        key = key.lower()
        if key == "authors":
            key = "author"
        if isinstance(value, dict):
            value = value.get("name")
        elif isinstance(value, list):
            names = [v.get("name") if isinstance(v, dict) else v for v in value]
            value = ", ".join(str(n) for n in names if isinstance(n, str) and n.strip())
        if isinstance(value, str) and value.strip() and key not in out:
            out[key] = value.strip()
    return out


def replace_template_tags(text: str) -> str:
    """Turn static-site template tags into Markdown a listener can use.

    Hugo/Jekyll ``highlight`` shortcodes become fenced code, a Hugo
    ``figure`` becomes an image (read as its alt text or caption), and other
    shortcodes and Liquid tags (``{{< youtube … >}}``, ``{% include … %}``,
    ``{{ site.url }}``) are removed, keeping any text between a pair.
    Fenced code is left alone.
    """
    out: list[str] = []
    fence: str | None = None
    in_shortcode_code = False
    for line in text.split("\n"):
        opening = _FENCE_RE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            out.append(line)
            continue
        if in_shortcode_code:
            if _CODE_SHORTCODE_END_RE.match(line):
                out.append("```")
                in_shortcode_code = False
            else:
                out.append(line)
            continue
        if opening:
            fence = opening.group(1)
            out.append(line)
            continue
        code = _CODE_SHORTCODE_RE.match(line)
        if code:
            out.append("```" + (code.group(1) or code.group(2) or ""))
            in_shortcode_code = True
            continue
        line = _FIGURE_SHORTCODE_RE.sub(_figure_image, line)
        out.append(_TEMPLATE_TAG_RE.sub("", line) if "{" in line else line)
    if in_shortcode_code:
        out.append("```")
    return "\n".join(out)


def _figure_image(match: re.Match[str]) -> str:
    attrs = dict(re.findall(r'(\w+)\s*=\s*"([^"]*)"', match.group(1)))
    alt = (attrs.get("alt") or attrs.get("caption") or attrs.get("title") or "").replace("]", ")")
    return f"![{alt}]({attrs.get('src', '')})" if alt else ""


# --------------------------------------------------------------------------- front matter


def parse_front_matter(content: str) -> dict[str, str]:
    """Read the simple YAML most front matter uses: ``key: value`` lines,
    quoted values, ``[a, b]`` flow lists and ``- item`` block lists.

    A tiny parser instead of PyYAML: we need three keys, and front matter must
    never execute or explode on odd input. Lists are joined with ", ";
    nested mappings (``author: {name: …}`` or an indented ``name:``) give
    their ``name`` value.
    """
    result: dict[str, str] = {}
    key: str | None = None
    items: list[str] = []

    def finish() -> None:
        if key is not None and items and not result.get(key):
            result[key] = ", ".join(items)

    for line in content.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        top = re.match(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$", line)
        if top:
            finish()
            key, items = top.group(1).lower(), []
            result[key] = _scalar(top.group(2))
            continue
        item = re.match(r"^\s+-\s*(.*)$", line)
        nested = re.match(r"^\s+(?:-\s*)?name\s*:\s*(.*)$", line)
        if key is not None and nested:
            items.append(_scalar(nested.group(1)))
        elif key is not None and item:
            items.append(_scalar(item.group(1)))
    finish()
    return {k: v for k, v in result.items() if v}


def _scalar(value: str) -> str:
    value = value.strip()
    if value.startswith("[") and value.endswith("]"):
        return ", ".join(_scalar(v) for v in value[1:-1].split(",") if v.strip())
    if value.startswith("{") and value.endswith("}"):
        name = re.search(r"name\s*:\s*([^,}]+)", value)
        return _scalar(name.group(1)) if name else ""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1].replace("\\" + value[0], value[0]).replace("''", "'")
    return re.sub(r"\s+#.*$", "", value)  # trailing comment


# --------------------------------------------------------------------------- blocks


class _BlockCollector:
    """Walks the token stream keeping track of list and quote nesting."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.quote_depth = 0
        self.items: list[list[str]] = []  # pending text of each open list item
        self.row: list[str] | None = None
        self.quote_start = False  # the next paragraph opens a quote (may be a GitHub alert)
        self.in_footnotes = False

    def collect(self, tokens: list[Token]) -> list[Block]:
        i = 0
        while i < len(tokens):
            i = self._handle(tokens, i)
        return self.blocks

    def _emit(self, kind: BlockKind, text: str, level: int = 0) -> None:
        text = _SPACE_RE.sub(" ", text).strip() if kind != "code" else text.rstrip("\n")
        if text:
            self.blocks.append(Block(kind, text, level))

    def _flush_item(self) -> None:
        if self.items and self.items[-1]:
            self._emit("list_item", " ".join(self.items[-1]))
            self.items[-1] = []

    def _handle(self, tokens: list[Token], i: int) -> int:
        tok = tokens[i]
        kind = tok.type
        if kind == "heading_open":
            self._flush_item()
            self._emit("heading", _HEADING_ATTRS_RE.sub("", inline_text(tokens[i + 1])), int(tok.tag[1]))
            return i + 3
        if kind == "paragraph_open":
            self._paragraph(tokens[i + 1])
            return i + 3
        if kind == "list_item_open":
            self._flush_item()
            self.items.append([])
        elif kind == "list_item_close":
            self._flush_item()
            self.items.pop()
        elif kind == "blockquote_open":
            self._flush_item()
            self.quote_depth += 1
            self.quote_start = True
        elif kind == "footnote_block_open":
            self._flush_item()
            self._emit("heading", "Footnotes", self._section_level())
            self.in_footnotes = True
        elif kind == "footnote_block_close":
            self.in_footnotes = False
        elif kind == "blockquote_close":
            self.quote_depth -= 1
        elif kind in ("fence", "code_block"):
            self._flush_item()
            self._emit("code", tok.content)
        elif kind == "html_block":
            self._flush_item()
            self._html(tok.content)
        elif kind == "tr_open":
            self.row = []
        elif kind == "inline" and self.row is not None:
            self.row.append(inline_text(tok))
        elif kind == "tr_close" and self.row is not None:
            cells = [c for c in self.row if c]
            self.row = None
            if cells:
                self._emit("table_row", ", ".join(cells))
        return i + 1

    def _section_level(self) -> int:
        """The level of the document's sections (for the Footnotes heading):
        its highest heading level, not counting a lone h1 title."""
        levels = [b.level for b in self.blocks if b.kind == "heading"]
        if levels.count(1) == 1 and levels[0] == 1:
            levels = levels[1:]
        return min(levels, default=2)

    def _paragraph(self, inline: Token) -> None:
        images = _lone_images(inline)
        if images is not None:
            texts = [f"Image: {alt}" for alt in images]
        else:
            texts = [inline_text(inline)]
            if self.quote_start:
                # GitHub alert: "> [!NOTE]" → "Note: …"
                texts[0] = _ALERT_RE.sub(lambda m: m.group(1).capitalize() + ": ", texts[0])
            if self.items and not self.in_footnotes:
                texts[0] = _TASK_RE.sub("", texts[0])
        self.quote_start = False
        for text in texts:
            if self.in_footnotes:
                self._emit("list_item", text)
            elif self.items and images is None:
                self.items[-1].append(text)
            elif self.quote_depth:
                self._emit("quote", text)
            else:
                self._emit("paragraph", text)

    def _html(self, html: str) -> None:
        from reader.document.loaders.html import blocks_from_fragment

        for block in blocks_from_fragment(html):
            if self.quote_depth and block.kind == "paragraph":
                block = Block("quote", block.text)
            self.blocks.append(block)


def inline_text(token: Token) -> str:
    """The words of an inline token: markup dropped, links as their text,
    inline code kept, images as their alt text."""
    parts: list[str] = []
    hidden = 0  # inside inline <script>/<style>
    for child in token.children or ():
        if child.type == "html_inline" and _HIDDEN_OPEN_RE.match(child.content):
            hidden += 1
        elif child.type == "html_inline" and _HIDDEN_CLOSE_RE.match(child.content):
            hidden = max(hidden - 1, 0)
        elif hidden:
            continue
        elif child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            if not _is_badge(child):
                parts.append(child.content)
        elif child.type == "html_inline" and re.match(r"<br\b", child.content, re.I):
            parts.append(" ")
    return _SPACE_RE.sub(" ", "".join(parts)).strip()


def _lone_images(token: Token) -> list[str] | None:
    """Alt texts if the paragraph holds only images (optionally linked);
    ``None`` if it has real text."""
    alts: list[str] = []
    for child in token.children or ():
        if child.type == "image":
            if child.content.strip() and not _is_badge(child):
                alts.append(_SPACE_RE.sub(" ", child.content).strip())
        elif child.type in ("link_open", "link_close", "softbreak", "hardbreak"):
            continue
        elif child.type == "text" and not child.content.strip():
            continue
        else:
            return None
    return alts


def _is_badge(image: Token) -> bool:
    return bool(_BADGE_RE.search(str(image.attrGet("src") or "")))
