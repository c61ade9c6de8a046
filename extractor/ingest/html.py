"""HTML pages -> Source: pages saved from web portals and legal databases, Word's "Save as Web
Page" (.htm beside a _files folder), XHTML, and .mht/.mhtml archives (MIME, read with the email
package).

Charset: the BOM, else the MIME part's or the page's <meta> declaration, checked against the text:
a declared charset that leaves UTF-8 as mojibake, or whose reading is clearly less Vietnamese than
that of Windows-1258, Windows-1252 or UTF-8, is overridden, with a warning. TCVN3 / VNI font text
is converted as in a DOCX.

Parsing: lxml.html; html5lib (the browsers' algorithm) when libxml2 reports the markup broken or
the page goes on past its </html>, unless it is nested deeper than html5lib reads in reasonable
time; XHTML as XML when it is well-formed. Scripts, styles, form
controls, hidden elements, Word's notes and comments, and a site's chrome (nav, header, footer,
aside, and class/id words of rules/html.yaml) are dropped; on a portal page the document is the
element that holds most of the text. Pages written by Word or LibreOffice are read whole.

Blocks, as the DOCX reader makes them: a paragraph, heading or line after <br> is a block; list
items carry the numbering a browser prints (nested decimal lists as "1.2.") or Word's own label
(its mso-list:Ignore span); a data table gives row blocks (a cell spanning rows repeated in each,
as Word's merged cells are); the header, Kính gửi and Nơi nhận | signature tables give left and
right column blocks, a cell whose lines run together laid out as the Markdown reader does.
"""

from __future__ import annotations

import codecs
import email
import email.policy
import re
import unicodedata
from email.message import Message
from email.parser import BytesHeaderParser
from functools import lru_cache

import lxml.html
from lxml import etree

from ..layout import KINH_GUI, NOI_NHAN, QUOC_HIEU
from ..record import Block, Source
from ..rules import rules
from ..text import normalize
from . import legacy
from .docx import format_number, is_data_table, line_blocks
from .lines import MARKER
from .txt import IngestError, cell_lines

_MIME_TYPES = {"multipart/related", "multipart/alternative", "multipart/mixed", "text/html"}

# dropped with everything inside: not the document's text
_DROP = {
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
    "canvas",
    "audio",
    "video",
    "map",
    "head",
    "title",
    "button",
    "select",
    "input",
    "textarea",
    "option",
    "datalist",
    "dialog",
    "frameset",
    "frame",
    "noframes",
}
_CHROME_TAGS = {"nav", "header", "footer", "aside", "menu"}
_CHROME_ATTR_TAGS = {"div", "section", "ul", "ol", "dl", "table", "p", "span"}  # class/id words are looked at on these
_BLOCKS = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "dt",
    "dd",
    "dl",
    "blockquote",
    "address",
    "center",
    "section",
    "article",
    "main",
    "figure",
    "figcaption",
    "caption",
    "hr",
    "pre",
    "form",
    "fieldset",
    "legend",
    "tr",
    "td",
    "th",
    "tbody",
    "thead",
    "tfoot",
    "body",
    "html",
}
_DESCEND = {"div", "section", "article", "main", "center", "form", "td", "th", "font", "span", "body"}
# Word's and LibreOffice's notes and comments, and the references to them: a DOCX's are not read either
_WORD_NOTES = ("footnote-list", "endnote-list", "comment-list")
_NOTE_REFERENCES = ("#_ftn", "#_edn", "#_msocom", "#sdfootnote", "#sdendnote")
_OL_TYPES = {
    "1": "decimal",
    "a": "lowerLetter",
    "A": "upperLetter",
    "i": "lowerRoman",
    "I": "upperRoman",
    "decimal": "decimal",
    "lower-alpha": "lowerLetter",
    "lower-latin": "lowerLetter",
    "upper-alpha": "upperLetter",
    "upper-latin": "upperLetter",
    "lower-roman": "lowerRoman",
    "upper-roman": "upperRoman",
    "decimal-leading-zero": "decimalZero",
}
_DOCX_BULLETS = ("-", "+", "–", "*", "•")  # bullets the DOCX reader keeps; any other is "-"
_MAX_DEPTH = 200  # deeper elements are read as plain text
_HTML5LIB_DEPTH = 256  # html5lib takes minutes on markup nested deeper; libxml2's tree is kept then
_MAX_COLUMNS = 200  # a table's cells past this column are dropped (a hostile colspan/rowspan)
NAMES = {"utf-8": "UTF-8", "cp1258": "Windows-1258", "cp1252": "Windows-1252", "utf-16": "UTF-16"}


# --- format -----------------------------------------------------------------------------------


def sniff(data: bytes, suffix: str) -> str | None:
    """ "mht" for a MIME archive, "html" for a page (by its doctype or <html>, or any markup under
    an HTML name), None for anything else."""
    if _is_mime(data):
        return "mht"
    head = _head(data)
    while head.startswith(("<!--", "<?")):  # a leading comment ("saved from url"), the XML declaration
        close = "-->" if head.startswith("<!--") else "?>"
        end = head.find(close)
        if end < 0:
            return None
        head = head[end + len(close) :].lstrip()
    if head.startswith(("<!doctype html", "<html")):
        return "html"
    return "html" if suffix in (".html", ".htm", ".xhtml") and head[:1] == "<" and head[1:2].isalpha() else None


def _head(data: bytes) -> str:
    """The first characters, lower case, for sniffing."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data[:4096].decode("utf-16", "ignore").lstrip().lower()
    if data[:3] == b"\xef\xbb\xbf":
        data = data[3:]
    return data[:4096].replace(b"\x00", b"").decode("latin-1").lstrip().lower()


def _is_mime(data: bytes) -> bool:
    """A MIME message (MHT, an e-mail) holding a page: headers with MIME-Version and a multipart or
    HTML content type."""
    if not data[:1].isalpha():
        return False
    headers = BytesHeaderParser(policy=email.policy.default).parsebytes(data[:16384])
    return "mime-version" in headers and headers.get_content_type() in _MIME_TYPES


# --- charset ----------------------------------------------------------------------------------


def _codec(name: str | None) -> str | None:
    """A declared charset as a Python codec; Latin-1 and ASCII mean Windows-1252 (the HTML
    standard's reading), None for a charset Python does not know."""
    try:
        codec = codecs.lookup(name.strip()).name
    except (LookupError, AttributeError, ValueError):
        return None
    return {"iso8859-1": "cp1252", "ascii": "cp1252"}.get(codec, codec)


def _declared(data: bytes) -> str | None:
    """The charset the page's <meta> declares (charset= or http-equiv Content-Type), as written."""
    try:
        root = lxml.html.document_fromstring(data[:65536], parser=lxml.html.HTMLParser(encoding="iso-8859-1"))
    except (etree.ParserError, ValueError):
        return None
    for meta in root.iter("meta"):
        if meta.get("charset"):
            return meta.get("charset").strip()
        if (meta.get("http-equiv") or "").strip().lower() == "content-type":
            header = Message()
            header["content-type"] = meta.get("content") or ""
            charset = header.get_param("charset")
            if isinstance(charset, str) and charset.strip():
                return charset.strip()
    return None


def _visible_text(text: str) -> str:
    """The text a browser shows of a page (no scripts, styles or comments), to judge a charset by."""
    root = _lxml_parse(text)[0]
    if root is None:
        return ""
    return " ".join(root.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]"))


def _best_reading(data: bytes, codec: str | None) -> str:
    """Of the declared codec, Windows-1258, Windows-1252 and UTF-8, the one whose reading of the
    page's text is clearly the most Vietnamese (after a TCVN3 / VNI conversion); the declared one
    (else Windows-1258) unless another is clearly better."""
    order = [codec] if codec else []
    order += [c for c in ("cp1258", "cp1252", "utf-8") if c not in order]
    readings = {}
    for c in order:
        try:
            readings[c] = legacy.convert(_visible_text(data[:262144].decode(c, "replace")))[0]
        except LookupError:  # a declared codec Python knows the name of but cannot decode with
            continue
    return legacy.best_reading(readings)


def decode(data: bytes, declared: str | None = None) -> tuple[str, str, list[str]]:
    """(text, codec, warnings): the BOM, else the declared charset (`declared`, from a MIME part, or
    the page's <meta>) unless the text says otherwise."""
    if data[:3] == b"\xef\xbb\xbf":
        return data[3:].decode("utf-8", "replace"), "utf-8", []
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", "replace"), "utf-16", []
    if data.count(b"\x00") > len(data) // 4:  # UTF-16 without a BOM: ASCII's high bytes are zero
        codec = "utf-16-le" if data[1::2].count(b"\x00") > data[0::2].count(b"\x00") else "utf-16-be"
        return data.decode(codec, "replace"), codec, []
    written = declared or _declared(data)
    codec = _codec(written)
    if codec and codec.startswith("utf-16"):
        codec = "utf-8"  # a UTF-16 declaration in a page that is not UTF-16 means UTF-8 (the HTML standard)
    if data.isascii():
        return data.decode("ascii"), codec or "utf-8", []
    try:
        text, chosen = data.decode("utf-8"), "utf-8"  # non-ASCII bytes that all form UTF-8: UTF-8, whatever is declared
    except UnicodeDecodeError:
        chosen = _best_reading(data, codec)
        text = data.decode(chosen, "replace")
    warnings = []
    if codec and chosen != codec:
        warnings.append(
            f"the page declares the charset {written}, which reads its text as mojibake; "
            f"read as {NAMES.get(chosen, chosen)}"
        )
    return text, chosen, warnings


# --- parsing ----------------------------------------------------------------------------------


def _lxml_parse(text: str):
    """(root or None, whether libxml2 reported broken markup)."""
    parser = lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, huge_tree=True
    )  # else libxml2 drops all after 256 levels of nesting
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError):
        return None, True
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        raise IngestError(
            "the page's markup is nested too deeply to read (over 2048 levels)",
            "not read, to protect the machine; open it in a browser and save it again",
        )
    return root, len(parser.error_log) > 0


def _goes_on_past_end(text: str) -> bool:
    """Markup after the page's last </html> (libxml2 leaves it out, browsers show it)."""
    low = text.lower()
    end = low.rfind("</html")
    if end < 0:
        return False
    close = low.find(">", end)
    return close >= 0 and bool(low[close + 1 :].strip())


def _xhtml(text: str):
    """An XHTML page parsed as XML, its namespace removed; None when it is not well-formed XML."""
    parser = lxml.html.XHTMLParser(resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(text.encode("utf-8", "replace"), parser)
    except etree.XMLSyntaxError:
        return None
    lxml.html.xhtml_to_html(root)
    return root if root.tag == "html" else None


def _depth(root) -> int:
    depth = deepest = 0
    if root is not None:
        for event, _ in etree.iterwalk(root, events=("start", "end")):
            depth += 1 if event == "start" else -1
            deepest = max(deepest, depth)
    return deepest


def parse(text: str):
    """The page's element tree."""
    root = None
    if 'xmlns="http://www.w3.org/1999/xhtml"' in text[:4096]:
        root = _xhtml(text)
    if root is None:
        root, broken = _lxml_parse(text)
        if (broken or _goes_on_past_end(text)) and _depth(root) <= _HTML5LIB_DEPTH:
            from lxml.html import html5parser

            root = html5parser.document_fromstring(text, parser=html5parser.HTMLParser(namespaceHTMLElements=False))
    return root


# --- cleaning and the main content ------------------------------------------------------------


def _style(el) -> dict[str, str]:
    out = {}
    for decl in (el.get("style") or "").split(";"):
        name, _, value = decl.partition(":")
        if value:
            out[name.strip().lower()] = value.strip().lower()
    return out


@lru_cache(maxsize=1)
def _chrome_words() -> tuple[str, ...]:
    return tuple(w.replace("-", "").lower() for w in rules()["html"]["chrome"])


def _chrome_attr(el) -> bool:
    """Class or id words of a site's chrome (rules/html.yaml)."""
    words = _chrome_words()
    for token in f"{el.get('class') or ''} {el.get('id') or ''}".lower().split():
        flat = token.replace("-", "").replace("_", "")
        if any(flat.startswith(w) or flat.endswith(w) for w in words):
            return True
    return False


def _hidden(el) -> bool:
    style = _style(el)
    return (
        el.get("hidden") is not None
        or style.get("display") == "none"
        or style.get("visibility") == "hidden"
        or style.get("mso-hide") == "all"
        or style.get("mso-element") in _WORD_NOTES
        or el.tag == "a"
        and (el.get("href") or "").startswith(_NOTE_REFERENCES)
        or (el.get("id") or "").startswith(("sdfootnote", "sdendnote"))
    )


def _tag(el) -> str | None:
    return el.tag.lower() if isinstance(el.tag, str) else None


def _sizes(root) -> dict:
    """Element -> (characters of text in it, characters of it inside links)."""
    sizes = {}
    for _, el in etree.iterwalk(root, events=("end",)):
        if not isinstance(el.tag, str):
            continue
        text = len((el.text or "").strip())
        link = 0
        for child in el:
            text += len((child.tail or "").strip())
            t, k = sizes.get(child, (0, 0))
            text, link = text + t, link + k
        sizes[el] = (text, text if el.tag == "a" else link)
    return sizes


def _office(root) -> bool:
    """Written by Word or LibreOffice: the whole page is the document."""
    for meta in root.iter("meta"):
        if (meta.get("name") or "").lower() in ("generator", "progid") and re.search(
            r"word|libreoffice|openoffice", meta.get("content") or "", re.I
        ):
            return True
    return any(re.match(r"(?:Word)?Section\d", c or "") for c in root.xpath("//body/div/@class"))


def _anchor(body):
    """The element whose own text is the quốc hiệu (or the party's): where the document is."""
    for el in body.iter():
        if isinstance(el.tag, str) and QUOC_HIEU.search(el.text or ""):
            return el
    return None


def _clean(root, body, office: bool) -> None:
    """Drop what is not the document's text; a chrome element holding the document (its quốc hiệu,
    or half the page's text) stays."""
    sizes = _sizes(root)
    total = sizes[body][0]
    anchor = _anchor(body)
    holding = set(anchor.iterancestors()) | {anchor} if anchor is not None else set()
    doomed = []
    for el in root.iter():
        tag = _tag(el)
        if tag is None:
            continue
        if tag in _DROP or _hidden(el):
            doomed.append(el)
        elif (
            not office
            and (tag in _CHROME_TAGS or tag in _CHROME_ATTR_TAGS and _chrome_attr(el))
            and el not in holding
            and sizes[el][0] < total / 2
        ):
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            _drop(el)


def _drop(el) -> None:
    """Remove an element and what it holds; its tail, text outside it, stays (html5lib's tree has
    plain lxml elements, without lxml.html's drop_tree)."""
    parent, before = el.getparent(), el.getprevious()
    if el.tail:
        if before is not None:
            before.tail = (before.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _content(sizes, el) -> int:
    text, link = sizes.get(el, (0, 0))
    return text - link


def main_content(body):
    """The element of a portal page that holds the document: going down from <body> (or <main>)
    while one child holds 60% of the text outside links, and the quốc hiệu; through a layout
    table, into its cell that does."""
    sizes = _sizes(body)
    anchor = _anchor(body)
    holding = set(anchor.iterancestors()) | {anchor} if anchor is not None else None
    node = body
    for main in body.xpath(".//main | .//*[@role='main']"):
        if holding is None or main in holding:
            node = main
            break
    while True:
        kids = [c for c in node if _tag(c) in _DESCEND or _tag(c) == "table"]
        if not kids:
            return node
        best = max(kids, key=lambda c: _content(sizes, c))
        if best.tag == "table":
            cells = best.xpath("./tr/td | ./*/tr/td | ./tr/th | ./*/tr/th")
            if not cells:
                return node
            best = max(cells, key=lambda c: _content(sizes, c))
        if _content(sizes, best) < 0.6 * _content(sizes, node) or (holding is not None and best not in holding):
            return node
        node = best


# --- blocks -----------------------------------------------------------------------------------

_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML's white space; a no-break space is not
_WRAP = re.compile(r"[ \t]*[\r\n][ \t\r\n]*")  # where an office program wrapped its HTML's lines
_SIGNATURE_PREFIX = re.compile(r"(?:TM|T/M|KT|TL|TUQ|Q)\.\s")


def _int(value: str | None, default: int, top: int = 10000) -> int:
    try:
        return min(max(int(str(value).strip()), 1), top)
    except (TypeError, ValueError):
        return default


def _word_label(span) -> str:
    """Word's list label (its mso-list:Ignore span): a number as printed, a bullet as the DOCX
    reader gives it (Symbol's "·", Wingdings' "§", Courier's "o" as "-")."""
    label = normalize("".join(span.itertext())).strip()
    return "-" if len(label) == 1 and not label.isdigit() and label not in _DOCX_BULLETS else label


def _grid(table) -> list[list[tuple]]:
    """The table's rows: each its cells in order, (cell, False), with (cell, True) where a cell of
    a row above spans into it."""
    out, carry = [], {}  # grid column -> (cell, rows still to span, columns wide)
    for tr in table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr"):
        pending = [c for c in tr if _tag(c) in ("td", "th")]
        row, col, below = [], 0, {}
        while (pending or any(c >= col for c in carry)) and col < _MAX_COLUMNS:
            if col in carry:
                cell, left, width = carry.pop(col)
                row.append((cell, True))
                if left > 1:
                    below[col] = (cell, left - 1, width)
                col += width
            elif pending:
                cell = pending.pop(0)
                width, height = _int(cell.get("colspan"), 1, 100), _int(cell.get("rowspan"), 1, 1000)
                row.append((cell, False))
                if height > 1:
                    below[col] = (cell, height - 1, width)
                col += width
            else:
                col = min(c for c in carry if c >= col)
        carry = below
        if row:
            out.append(row)
    return out


def _frame_line(line: str) -> bool:
    """A line of the header, Kính gửi or Nơi nhận | signature tables."""
    return bool(
        QUOC_HIEU.search(line)
        or KINH_GUI.match(line)
        or NOI_NHAN.match(line)
        or _SIGNATURE_PREFIX.match(line)
        or re.match(r"Số\s*:", line)
        or re.search(r",\s*ngày\b", line)
    )


class _Flow:
    """An element's lines and table rows in document order: ("line", text, column) and ("row", cells),
    each line converted from `legacy` (TCVN3 / VNI, as the DOCX reader converts a paragraph: before
    normalising, which drops TCVN3's soft-hyphen "ư") and normalised.
    `office`: the page is a Word or LibreOffice export, whose tabs and runs of spaces are the
    document's (a header laid out with them, as the DOCX reader reads it); only its line wraps fold."""

    def __init__(self, office: bool = False, legacy_encoding: str | None = None):
        self.office, self.legacy = office, legacy_encoding
        self.items: list[tuple] = []
        self.buf: list[str] = []
        self.marker: str | None = None  # a list item's number, for its first line
        self.lists: list[tuple[str, int]] = []  # the enclosing lists' formats ("bullet" for <ul>) and item numbers

    def text(self, s: str | None) -> None:
        if s:
            self.buf.append(_WRAP.sub(" ", s) if self.office else _SPACE.sub(" ", s))

    def end_line(self) -> None:
        line = "".join(self.buf)
        self.buf = []
        line = normalize(legacy.to_unicode(line, self.legacy) if self.legacy else line).strip(" \t")
        if not line.strip():
            return
        if self.marker:
            if not MARKER.match(line):
                line = f"{self.marker} {line}"
            self.marker = None
        self.items.append(("line", line, None))

    def walk(self, el, depth: int = 0) -> None:
        tag = _tag(el)
        if tag is None:
            return
        if depth > _MAX_DEPTH:
            self.text("".join(el.itertext()))
            return
        if tag == "br":
            self.end_line()
        elif tag in ("ul", "ol"):
            self.end_line()
            self.list(el, depth)
        elif tag == "table":
            self.end_line()
            self.table(el, depth)
        elif tag == "pre":
            self.end_line()
            for line in "".join(el.itertext()).split("\n"):
                self.buf.append(line)
                self.end_line()
        else:
            style = _style(el) if el.get("style") else {}
            if style.get("mso-list") == "ignore":
                self.buf.append(_word_label(el) + " ")
            elif "mso-tab-count" in style:
                self.buf.append("\t")
            else:
                block = tag in _BLOCKS
                if block:
                    self.end_line()
                self.children(el, depth)
                if block:
                    self.end_line()

    def children(self, el, depth: int) -> None:
        self.text(el.text)
        for child in el:
            self.walk(child, depth + 1)
            tail = child.tail
            if tail and tail[0] in "\r\n" and self._floating_in_word(child):
                tail = tail.lstrip()  # LibreOffice breaks its line after a shape it anchored inside a word
            self.text(tail)

    def _floating_in_word(self, el) -> bool:
        """A floating image (a drawn rule under the issuer) right after a letter or tone mark."""
        last = self.buf[-1][-1:] if self.buf else ""
        return (
            _tag(el) == "img"
            and (el.get("align") or "").lower() in ("left", "right")
            and (last.isalpha() or bool(last) and unicodedata.combining(last) > 0)
        )

    def number(self, fmt: str, n: int) -> str:
        """An ordered item's marker; a decimal list inside decimal items numbered from them ("2.1.")."""
        parts = [format_number(fmt, n)]
        for outer, k in reversed(self.lists):
            if fmt != "decimal" or outer != "decimal":
                break
            parts.insert(0, str(k))
        return ".".join(parts) + "."

    def list(self, el, depth: int) -> None:
        ordered = el.tag == "ol"
        kind = _style(el).get("list-style-type") or el.get("type") or "1"
        fmt = _OL_TYPES.get(kind, "decimal") if ordered else "bullet"
        n = _int(el.get("start"), 1)
        bullets = 1 + sum(f == "bullet" for f, _ in self.lists)
        for li in el:
            if _tag(li) != "li":
                self.walk(li, depth + 1)
                self.text(li.tail)
                continue
            n = _int(li.get("value"), n)
            if kind == "none":
                marker = None
            elif ordered:
                marker = self.number(fmt, n)
            else:
                marker = "-" if bullets == 1 else "+" if bullets == 2 else "•"
            self.end_line()
            self.marker = marker
            self.lists.append((fmt, n))
            self.children(li, depth + 1)
            self.end_line()
            self.marker = None
            self.lists.pop()
            self.text(li.tail)
            n += 1

    def cell(self, td, depth: int) -> list[str]:
        """A cell's lines (a nested table's rows as lines)."""
        sub = _Flow(self.office, self.legacy)
        sub.walk(td, depth + 1)
        sub.end_line()
        lines = [i[1] if i[0] == "line" else " ".join(i[1]) for i in sub.items]
        return [x for x in (x.strip() for x in lines) if x]

    def table(self, el, depth: int) -> None:
        grid = _grid(el)
        if not grid:
            return
        if max(len(row) for row in grid) == 1:  # a box around text: its content flows
            for row in grid:
                for td, carried in row:
                    if not carried:
                        self.walk(td, depth + 1)
            self.end_line()
            return
        lines = {td: self.cell(td, depth) for row in grid for td, carried in row if not carried}
        first = " ".join("\n".join(lines[td]) for td, carried in grid[0] if not carried)
        # an office export's other tables are layout, as in a DOCX; a portal's need the header's,
        # Kính gửi's or signature's words (a site's own two-column tables are data)
        frame = not is_data_table(first, max(len(row) for row in grid)) and (
            self.office or any(_frame_line(x) for cell in lines.values() for x in cell)
        )
        if frame:
            for row in grid:
                cells = [td for td, carried in row if not carried]
                footer = bool(cells and lines[cells[0]] and NOI_NHAN.match(lines[cells[0]][0]))
                for i, td in enumerate(cells):  # rules ("-------") dropped, lines run together cut apart
                    laid_out = (
                        cell_lines(lines[td][0], signature=footer and i > 0)
                        if len(lines[td]) == 1
                        else [x for line in lines[td] for x in cell_lines(line)]
                    )
                    self.items += [("line", x, "left" if i == 0 else "right") for x in laid_out]
        else:
            for row in grid:
                self.items.append(("row", ["\n".join(lines[td]) for td, _ in row]))


def _blocks(items: list[tuple]) -> list[Block]:
    blocks: list[Block] = []
    for item in items:
        if item[0] == "line":
            blocks += line_blocks(item[1], item[2])
            continue
        cells = [re.sub(r"[ \t]+", " ", c).strip() for c in item[1]]
        if any(cells):
            blocks.append(Block("\t".join(c.replace("\n", " ") for c in cells), kind="row", cells=cells))
    return blocks


# --- loading ----------------------------------------------------------------------------------


def load_html(path: str, data: bytes, declared: str | None = None) -> Source:
    """A page's bytes -> Source; `declared` is a charset the transport gave (an MHT part's)."""
    text, _, warnings = decode(data, declared)
    root = parse(unicodedata.normalize("NFC", text))  # Windows-1258's tones are combining marks
    body = root.find("body") if root is not None else None
    if body is None:
        raise IngestError(
            "no document in the page (empty, or a frameset of other pages)",
            "open the page in a browser and save the frame that shows the document",
        )
    office = _office(root)
    _clean(root, body, office)
    node = body if office else main_content(body)
    raw = "".join(node.itertext())
    encoding = legacy.convert(raw)[1] if legacy.looks_legacy(raw) else None  # the DOCX reader's test
    flow = _Flow(office, encoding)
    flow.walk(node)
    flow.end_line()
    blocks = _blocks(flow.items)
    if not blocks:
        raise IngestError("no text in the page", "the page shows no document text (only images, scripts or links)")
    if encoding:
        warnings.append(f"text in the legacy {legacy.NAMES[encoding]} encoding, converted to Unicode")
    return Source(path, blocks, pages=1, warnings=warnings).finalize()


def load_mht(path: str, data: bytes) -> Source:
    """An MHT / MHTML archive (or an e-mail): its page, in the charset its MIME part declares."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    pages = [p for p in message.walk() if p.get_content_type() == "text/html"]
    start = message.get_param("start") if message.is_multipart() else None
    page = next(
        (p for p in pages if start and (p.get("content-id") or "").strip() == str(start).strip()),
        pages[0] if pages else None,
    )
    if page is None:
        raise IngestError(
            "a MIME archive (MHT) with no HTML page in it", "open it in a browser and save the page as HTML"
        )
    payload = page.get_payload(decode=True) or b""
    if not payload.strip():
        raise IngestError("the MHT archive's page is empty", "the archive is truncated or damaged")
    return load_html(path, payload, page.get_content_charset())
