"""Directive items -> Tasks (annotation-guide.md): the body's list tree with unit headings and
lead-ins as context, directive paragraphs, and the rows of task tables."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from .deadlines import find_deadline, parse_column
from .pos import pos_tags
from .record import Block, Deadline, Task
from .references import Citations
from .rules import alternation, rules
from .segment import is_caps, title_kind
from .text import squash, upper_first
from .units import (
    HEAD,
    STOP,
    assigned_units,
    co_units,
    heading_units,
    names_end,
    sets_apart,
    split_collectives,
    split_units,
    starts_with_unit,
    unknown_verb,
)

_D = rules()["directives"]
VERB = re.compile(
    r"^(?:" + "|".join(re.escape(v) for v in sorted(_D["verbs"], key=len, reverse=True)) + r")(?![\w])", re.I
)
_NARRATIVE = re.compile(
    r"^(?:" + "|".join(re.escape(v) for v in sorted(_D["narrative"], key=len, reverse=True)) + r")(?![\w])", re.I
)
_CLOSING = re.compile("|".join(re.escape(v) for v in _D["closing"]), re.I)
# "... để các đơn vị biết và thực hiện.": a closing word only at the end of a short text
_CLOSING_END = re.compile(rf"(?:{alternation(_D['closing_at_end'])})(?!\w)(?=(?:\W+\w+){{0,4}}\W*$)", re.I)
# a section that assigns no work ("I. MỤC ĐÍCH, YÊU CẦU"); "Yêu cầu Giám đốc các sở ...:" is a request
NON_TASK = re.compile(
    r"^(?:\W*)(?:" + "|".join(re.escape(v) for v in _D["non_task_sections"] + _D["criteria_sections"]) + r")", re.I
)
_CRITERIA = re.compile(r"^(?:\W*)(?:" + "|".join(re.escape(v) for v in _D["criteria_sections"]) + r")", re.I)
_TASK_SECTION = re.compile(r"\W*(?:" + "|".join(re.escape(v) for v in _D["task_sections"]) + r")", re.I)
_BULLETS = {"-", "–", "+", "*", "•", "●", "○", "▪", "■", "◦", "·", "o"}


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# Section label lines ("Đơn vị chủ trì: A; Đơn vị phối hợp: B, C", "Thời gian hoàn thành: Quý II/2026",
# "Lãnh đạo phụ trách: ..."): rules/directives.yaml, section_labels.
_SL = _D["section_labels"]
_HOLDERS = rf"(?:{_alt(_SL['holders'])})(?:\s*[/,]\s*(?:{_alt(_SL['holders'])}))*"
_SECTION_LABEL = re.compile(
    rf"(?:(?P<holder>{_HOLDERS})\s+)?(?P<role>{_alt(_SL['lead_roles'] + _SL['co_roles'])})"
    rf"(?:\s+(?:{_alt(_SL['qualifiers'])}))?\s*:"
    rf"|(?P<deadline>{_alt(_SL['deadline'])})\s*:"
    rf"|(?P<supervisor>(?:{_alt(_SL['supervisor_heads'])})(?:\s+[\wÀ-ỹ]+){{0,3}}?\s+(?:{_alt(_SL['supervisor_roles'])}))\s*:",
    re.I,
)
_CO_ROLES = {r.lower() for r in _SL["co_roles"]}
_NEEDS_HOLDER = {r.lower() for r in _SL["needs_holder"]}
_LABEL_SEP = re.compile(r"[;.,]\s*")
_LABEL_KINDS = ("para", "dash", "plus", "star")  # numbered items are fields of their own item, not section labels


def marker_type(marker: str | None) -> str:
    if not marker:
        return "para"
    if marker in ("-", "–"):
        return "dash"
    if marker == "+":
        return "plus"
    if marker in _BULLETS:
        return "star"
    if marker.startswith("Điều"):
        return "article"
    if re.fullmatch(r"[IVX]+\.", marker):
        return "roman"
    if re.fullmatch(r"[a-zđ][.)/]", marker):
        return "letter" + marker[-1].replace("/", ".")  # "a/" is written for "a."
    if re.fullmatch(r"\([ivx]+\)\.?", marker):
        return "letter)"  # "(i)", "(ii)." stand where "a)", "b)" would
    depth = marker.rstrip(".)/").count(".")
    return f"num{depth}{marker[-1] if marker[-1] == ')' else ''}"


@dataclass
class Node:
    block: Block
    kind: str
    text: str  # without the marker
    children: list["Node"] = field(default_factory=list)
    parent: "Node | None" = None


# The levels of NĐ 30/2020's numbering, highest first: an item never nests under a lower level
# ("II." after "3." closes the "3." and its parents up to the "I.").
_RANK = {
    "article": 0,
    "roman": 1,
    "num0": 2,
    "num1": 3,
    "num2": 4,
    "num3": 5,
    "letter.": 6,
    "letter)": 6,
    "num0)": 6,
    "dash": 7,
    "plus": 8,
    "star": 9,
}


def build_tree(blocks: list[Block]) -> Node:
    root = Node(Block(""), "root", "")
    stack: list[Node] = [root]
    note: tuple[Node, str, Node] | None = None  # a paragraph that broke a run of bullets under a lead-in
    for b in blocks:
        kind = marker_type(b.marker)
        text = b.text[len(b.marker) :].strip() if b.marker else b.text.strip()
        node = Node(b, kind, text)
        if note is not None and kind == note[1] and stack[-1] is note[0]:
            # "...như sau: - Đồng ý ... | Chương trình buổi lễ ... được bổ sung ... . | - Giao Sở Nội vụ ...":
            # a note between the bullets of a lead-in; it and the bullets after it go on under the lead-in
            para, _, lead = note
            para.parent.children.remove(para)
            para.parent = lead
            lead.children.append(para)
            stack = [lead]
            while stack[0].parent is not None:
                stack.insert(0, stack[0].parent)
        note = None
        if kind == "para":
            run = stack[-1] if stack[-1].kind in ("dash", "plus", "star") else None
            while len(stack) > 1 and (stack[-1].kind == "para" or stack[-1].kind in ("dash", "plus", "star")):
                stack.pop()
            lead = run.parent if run is not None else None
            if lead is not None and lead.kind == "para" and lead.text.rstrip().endswith(":") and text[-1:] in ".;":
                note = (node, run.kind, lead)
        else:
            kinds = [n.kind for n in stack]
            if kind in kinds:
                while stack[-1].kind != kind:
                    stack.pop()
                stack.pop()
            else:
                rank = _RANK.get(kind, len(_RANK))
                while len(stack) > 1 and _RANK.get(stack[-1].kind, -1) > rank:
                    stack.pop()
        node.parent = stack[-1]
        stack[-1].children.append(node)
        stack.append(node)
    return root


def _is_article_title(node: Node) -> bool:
    """An article's title ("Điều 5. Tổ chức thực hiện", "Điều 3. Nhiệm vụ và quyền hạn của Đoàn kiểm
    tra"): short, unpunctuated, assigning no unit; its content follows it."""
    t = node.text.strip()
    return (
        node.kind == "article"
        and 0 < len(t.split()) <= 15
        and not re.search(r"[.;:!?]$", t)
        and not assigned_units(t)[0]
    )


def _addresses_anew(item: Node, child: Node) -> bool:
    """A paragraph the tree hangs under a finished item that names its unit ("3. Phòng ... kiểm tra."
    then "Nhận được công văn này, yêu cầu ông (bà) Hiệu trưởng ... báo cáo ..."), asking work of units
    of its own: the document speaking again, not the item's content."""
    return (
        child.kind == "para"
        and bool(re.search(r"[.;!?]$", item.text.rstrip()))
        and bool(assigned_units(item.text)[0])
        and assigned_units(child.text, with_form=True)[2] in ("giao", "request")
    )


def _under_criteria(node: Node) -> bool:
    """Is the node inside a section of criteria (rules/directives.yaml, criteria_sections)?"""
    up = node.parent
    while up is not None:
        if up.text and _CRITERIA.match(up.text):
            return True
        up = up.parent
    return False


def is_heading(node: Node) -> bool:
    """A heading over the items after it; the document's closing paragraph ("Yêu cầu các đơn vị
    nghiêm túc triển khai thực hiện./."), which the tree hangs under the last item, makes none."""
    t = node.text.rstrip()
    if node.kind == "article":
        return _is_article_title(node)
    if t.endswith(":"):
        return True
    if any(not is_closing(c.text) and not _addresses_anew(node, c) for c in node.children):
        if not re.search(r"[.;!?]$|\./\.$", t) and len(t) < 300:
            return True
        if not VERB.match(t) and not assigned_units(t)[0] and len(t) < 300:
            return True  # a topic heading ("Về công tác ...")
        if heading_units(t) and len(t) < 150:
            return True
    return False


_REQUESTS = _D["assign_words"] + _D["request_words"]
_NE = _D["narrative_exceptions"]
_NOT_NARRATIVE = re.compile(
    rf"(?:{alternation(_NE['periods'])})\s+\d"
    rf"|(?:{alternation(_NE['purposes'] + _NE['summaries'])})(?:\s[^.;:]{{0,320}}?)?,\s*(?:[^,.;]{{0,60}}?\s)?"
    rf"(?:{alternation(_REQUESTS)})\s",
    re.I,
)
_REQUEST = re.compile(_alt(_REQUESTS), re.I)
_PAST = re.compile(rf"\s(?:{_alt(_D['past_words'])})\s")


_DUTY_AFTER_NAME = re.compile(rf"[^.;:]{{0,80}}?\s(?:{alternation(_NE['duties'])})(?!\w)", re.I)


def _duty_after_opener(text: str) -> bool:
    """After the opening clause, a unit with words of duty: "Tuy nhiên, ..., cơ sở ... phải: ..."."""
    first = re.split(r"[.;]\s", text, maxsplit=1)[0]
    for comma in re.finditer(r",\s+", first):
        head = HEAD.match(first, comma.end())
        if head and _DUTY_AFTER_NAME.match(first, head.end()):
            return True
    return False


@lru_cache(maxsize=8192)
def is_narrative(text: str) -> bool:
    if _NARRATIVE.match(text):
        return not _NOT_NARRATIVE.match(text) and not _duty_after_opener(text)
    head = text[:80]
    return bool(_PAST.search(head)) and not _REQUEST.search(text)


_CS = {k: f"(?:{alternation(v)})" for k, v in _D["closing_sentences"].items()}
_CARRY_OUT_THIS = re.compile(
    rf"{_CS['carry_out']}[^.;]{{0,50}}{_CS['documents']}\s+{_CS['pointers']}"
    rf"(?:\s*,?\s*{_CS['manners']}){{0,3}}\s*\.?/?\.?$"
    rf"|{_CS['requests']}[^.;]{{0,80}}{_CS['cares']}[^.;]{{0,40}}{_CS['considers']}",
    re.I,
)


_OVERSEES = re.compile(rf"(?<!\w){_CS['oversees']}(?!\w)", re.I)
_DIFFICULTY = re.compile(
    rf"{_CS['conditions']}\s+{_CS['troubles']}"
    rf"|{_CS['reports_troubles']}(?:\s+(?:về|với|cho)\s+[^.;()]{{0,80}}?)?\s+(?:những|các)\s+{_CS['troubles']}"
    rf"[^.;()]{{0,120}}\(\s*{_CS['conditions']}\s*\)\s*[.;]?\s*$",
    re.I,
)
_CONTACT = re.compile(
    rf"(?<!\w){_CS['contacts']}(?!\w)[^.;]{{0,150}}{_CS['contact_purposes']}"
    rf"|^(?:[^.;]{{0,60}},\s*)?{_CS['inquiries']}(?!\w)[^.;]{{0,60}}{_CS['contacts']}(?!\w)",
    re.I,
)
_SERIOUSLY = re.compile(rf"{_CS['seriously']}[^.;]{{0,30}}{_CS['carry_out_seriously']}\s*[^.;]{{0,40}}[.;/]*$", re.I)


def _carries_out(text: str) -> bool:
    """ "... triển khai thực hiện Chỉ thị này.": carry out this document, and oversee nothing."""
    carry = _CARRY_OUT_THIS.search(text)
    return bool(carry) and len(text) < 400 and not _OVERSEES.search(text[: carry.start()])


def _closing_sentence(text: str) -> bool:
    """One sentence of a closing formula: carry out this document (seriously), report any difficulty, or
    whom to contact."""
    text = text.strip()
    short = len(text) < 300
    return bool(
        _carries_out(text) or _DIFFICULTY.search(text) or (_SERIOUSLY.search(text) or _CONTACT.search(text)) and short
    )


_CLOSING_WORDS = re.compile(_alt(_D["closing_words"]), re.I)


@lru_cache(maxsize=8192)
def is_closing(text: str) -> bool:
    """Closing formulas that only ask to carry out the document ("Yêu cầu Thủ trưởng các sở ...
    nghiêm túc triển khai thực hiện Chỉ thị này./.", "... Trong quá trình thực hiện, nếu có khó khăn,
    vướng mắc, kịp thời báo cáo ..."), whoever they name: every sentence is one."""
    if _carries_out(text.strip()):
        return True
    sentences = [x for x in re.split(r"(?<=[.;])\s+(?=[A-ZĐ])", text.strip()) if x.strip()]
    if sentences and all(_closing_sentence(x) for x in sentences):
        return True
    if not (_CLOSING.search(text) or len(text) < 160 and _CLOSING_END.search(text)):
        return False
    units, _ = assigned_units(text)
    return not units or len(text) < 220 and _CLOSING_WORDS.search(text) is not None


# a heading's closing clause that only gathers its children: "Trong đó chú ý một số nội dung sau:", "; trong
# đó lưu ý:", "Cụ thể như sau:"
_GATHERING = re.compile(r"[.;]\s+(?:[Tt]rong\s+đó|[Cc]ụ\s+thể)[^.;:]{0,60}:\s*$")


def _acts_before_gathering(text: str) -> bool:
    """A heading that carries its own action besides announcing its children (GUIDE-NOTES §4): a
    directive sentence, ended or dated, then a clause that gathers the items below ("... hoàn thiện dự
    thảo Đề án, trình Thủ tướng Chính phủ trước ngày 20/10/2024. Trong đó chú ý một số nội dung sau:")."""
    m = _GATHERING.search(text)
    if not m or not (text[m.start()] == "." or find_deadline(text[: m.start()], None).type != "none"):
        return False  # "...; trong đó lưu ý một số nội dung sau:" goes on gathering in the same sentence
    own = text[: m.start()]
    return len(own.split()) >= 8 and not is_narrative(own) and (bool(VERB.match(own)) or bool(assigned_units(own)[0]))


# a request that names no unit, its verb right after it: "Đối với các mô hình đang thực hiện, đề nghị đánh
# giá ...", "..., yêu cầu thực hiện ..." (the units are the lead-in's)
_BARE_REQUEST = re.compile(rf"(?:^|[,;]\s+)(?:{alternation(_D['request_words'])})\s+", re.I)


def _is_directive_para(text: str) -> bool:
    if is_narrative(text) or text.rstrip().endswith(":"):
        return False
    if VERB.match(text):
        return True
    units, _ = assigned_units(text)
    return bool(units) or any(_verb_led(text[m.end() :]) for m in _BARE_REQUEST.finditer(text[:200]))


def _context_units(node: Node, stop: Node | None = None) -> tuple[list[str], list[str]]:
    """Units (and co-units) a node inherits: its nearest unit heading, assigning parent, or lead-in
    that directs them ("... đề nghị Thủ trưởng các cơ quan, đơn vị nghiêm túc thực hiện ... sau:").
    With `stop`, only the parents below that node count. Section label lines are skipped."""
    p = node.parent
    while p is not None and p.kind != "root" and p is not stop:
        if is_section_label(p):
            p = p.parent
            continue
        heading = is_heading(p)
        text = p.text
        lead_in = p.kind == "para" and text.endswith(":")
        if lead_in:  # a lead-in: its last sentence names the addressees
            text = _last_sentence(text)
        units, _, form = assigned_units(text, with_form=True)
        if units and (form in ("giao", "request") or p.kind != "para" or _actor_lead_in(text, form)):
            return units, (co_units(p.text) if heading else [])
        directed = _directed_units(text) if lead_in else []
        if directed:
            return directed, []
        hu = heading_units(p.text) if heading and p.kind != "para" else None
        if hu:
            return hu
        p = p.parent
    return [], []


def _last_sentence(text: str) -> str:
    """A lead-in's last sentence, the one that names its addressees."""
    return re.split(r"(?<=[.;])\s+(?=[A-ZĐ])", text)[-1]


_DIRECTING = re.compile(rf"(?:^|[\s,])(?:{_alt(_D['lead_in_directing_verbs'])})\s+(?=\S)")


def _directed_units(text: str) -> list[str]:
    """The units a lead-in's issuer directs in its last clause ("..., Bộ GDĐT hướng dẫn các cơ sở đào
    tạo triển khai ... như sau:" -> "Các cơ sở đào tạo")."""
    clause = re.split(r";\s+", text)[-1]
    for m in _DIRECTING.finditer(clause):
        if HEAD.match(clause, m.end()):
            return split_collectives(split_units(clause[m.end() : names_end(clause, m.end())]))
    return []


_ACTOR_VERB = re.compile(rf"[\s,]*(?:{_alt(_D['lead_in_actor_verbs'])})(?!\w)")


def _actor_lead_in(text: str, form: str | None) -> bool:
    """A lead-in ("...:") opened by the unit that does the items ("Đoàn kiểm tra thực hiện ...:"),
    not by the issuer speaking ("Ủy ban nhân dân tỉnh tổ chức họp ..., cụ thể như sau:")."""
    if form != "subject" or not text.rstrip().endswith(":"):
        return False
    head = HEAD.match(text)
    stop = STOP.search(text, head.end() if head else 0)  # "Đoàn kiểm tra": the head word never stops
    return stop is not None and bool(_ACTOR_VERB.match(text, stop.start()))


def _label_at(text: str, pos: int) -> re.Match | None:
    m = _SECTION_LABEL.match(text, pos)
    if m and m.group("role") and m.group("role").lower() in _NEEDS_HOLDER and not m.group("holder"):
        return None  # "Thực hiện: ..." alone is no unit label; "Đơn vị thực hiện: ..." is
    return m


@lru_cache(maxsize=4096)
def section_label(text: str) -> tuple[tuple[str, ...], tuple[str, ...], str | None] | None:
    """A section label line -> (units, co-units, deadline text); None when the line is no label line.

    "Đơn vị chủ trì: A; Đơn vị phối hợp: B, C" -> ((A,), (B, C), None); "Thời gian hoàn thành: Quý II/2026"
    -> ((), (), "Quý II/2026"); "Lãnh đạo phụ trách: ..." -> ((), (), None), a person, not a unit.
    Several labels on one line follow each other after ";", "." or ",".
    """
    text = text.strip()
    first = _label_at(text, 0)
    if not first:
        return None
    labels = [first]
    for sep in _LABEL_SEP.finditer(text, first.end()):
        if sep.end() < labels[-1].end():
            continue
        m = _label_at(text, sep.end())
        if m:
            labels.append(m)
    units: list[str] = []
    co: list[str] = []
    deadline = None
    for k, m in enumerate(labels):
        end = labels[k + 1].start() if k + 1 < len(labels) else len(text)
        value = text[m.end() : end].strip(" \t;,.")
        if not value:
            continue
        if m.group("deadline"):
            deadline = deadline or value
        elif m.group("role"):
            if not m.group("holder") and not starts_with_unit(value):
                continue  # a bare "Chủ trì:" may name a person ("Chủ trì: Đồng chí ..., Phó Chủ tịch")
            if m.group("role").lower() in _CO_ROLES:
                co.extend(n for n in split_units(re.sub(r"\s*\([^()]*\)", "", value)) if n not in units + co)
            else:
                names, partners = lead_value(value)
                units.extend(n for n in names if n not in units + co)
                co.extend(n for n in partners if n not in units + co)
    return tuple(units), tuple(co), deadline


def lead_value(value: str) -> tuple[list[str], list[str]]:
    """A lead field's value -> (units, co-units): a list of names ("Các sở, ban, ngành; UBND các huyện"),
    or a sentence that names the lead and its partners ("Sở Lao động - Thương binh và Xã hội chủ trì, phối
    hợp với Liên đoàn Lao động tỉnh; các sở, ngành liên quan", "Sở X đôn đốc, hướng dẫn các đơn vị ...")."""
    value = re.sub(r"\s*\([^()]*\)", "", value)
    units, _, form = assigned_units(value, with_form=True)
    if units and form in ("subject", "giao") and VERB.match(value[names_end(value) :].lstrip(" ,")):
        return units, co_units(value)
    return split_units(value), []


def is_section_label(node: "Node") -> bool:
    return node.kind in _LABEL_KINDS and section_label(node.text) is not None


@dataclass
class Section:
    """What a section's label lines give the items they cover."""

    units: list[str]
    co: list[str]
    deadline: Deadline | None
    root: "Node"  # the node whose children hold the labels: a unit heading below it is nearer than they are
    column: bool = False  # the deadline stands as a deadline column (a record's field): it wins over the item's


_RF = _D["record_fields"]
_FIELD = re.compile(
    rf"^\W*(?P<name>(?:{_alt(sum(_RF.values(), []))})(?:\s*(?:,|và)\s*(?:{_alt(sum(_RF.values(), []))}))*)"
    rf"\s*(?::\s*(?P<value>.*))?$",
    re.I,
)
_FIELD_ROLE = {w.lower(): role for role, words in _RF.items() for w in words}


def _field(node: "Node") -> tuple[set[str], str] | None:
    """A record field item -> (its roles, its value on the line); None for any other item."""
    m = _FIELD.match(node.text.strip())
    if not m:
        return None
    names = re.split(r"(?i)\s*(?:,|\bvà\b)\s*", m.group("name").strip())
    return {_FIELD_ROLE[n.lower()] for n in names}, (m.group("value") or "").strip(" .;")


def record(node: "Node", year: int | None) -> tuple["Node", Section] | None:
    """A heading whose children are a record's fields -> (its content field, the section its items
    get); None when the children are no record (no content field, or nothing it would give)."""
    content, units, co, when = None, [], [], None
    for child in node.children:
        found = _field(child)
        if not found:
            continue
        roles, value = found
        if "content" in roles and content is None and not value:
            content = child
            continue
        parts = [(roles, value, child)] if value or not (roles & {"lead", "co"}) or len(roles) == 1 else []
        parts += [(_field(g)[0], _field(g)[1], g) for g in child.children if _field(g)] if not parts else []
        for r, v, holder in parts:
            values = [v] if v else [g.text for g in holder.children]
            if "deadline" in r:
                when = when or (v or None)
            elif "co" in r:
                co += [u for x in values for u in split_units(re.sub(r"\s*\([^()]*\)", "", x))]
            elif "lead" in r:
                for x in values:
                    lead, more = lead_value(x)
                    units += lead
                    co += more
    if content is None or not (units or co or when):
        return None
    dedup = lambda xs: [x for k, x in enumerate(xs) if x not in xs[:k]]  # noqa: E731
    return content, Section(dedup(units), dedup(co), _label_deadline(when, year), content, column=True)


def _own_label(node: "Node") -> tuple[list[str], list[str], str | None] | None:
    """A label line an item holds as its own field ("- Cơ quan chủ trì: A", "- Thời gian: Quý II/2026")
    -> (units, co-units, deadline text); None for any other line."""
    if node.kind not in _LABEL_KINDS or node.children:
        return None
    found = section_label(node.text)
    if found is not None:
        return list(found[0]), list(found[1]), found[2]
    field_ = _field(node)
    if field_ is not None and field_[0] == {"other"}:
        return [], [], None  # "Sản phẩm: ...": part of the item, gives it nothing
    if field_ is None or field_[0] != {"deadline"} or not field_[1]:
        return None  # a bare "Thời gian:" only counts among an item's fields
    return [], [], field_[1]


def split_inline_labels(text: str) -> tuple[str, str] | None:
    """An item that carries its own label fields after its text ("Xây dựng kho dữ liệu; Cơ quan chủ trì:
    Sở A; Thời gian: Quý II/2026") -> (its text, the labels); None when no label follows the text."""
    for sep in _INLINE_SEP.finditer(text):
        head = text[: sep.start()].strip()
        if len(head.split()) >= 3 and _label_at(text, sep.end()) and section_label(text[sep.end() :]):
            return head, text[sep.end() :]
    return None


_INLINE_SEP = re.compile(r"[;.]\s+(?:[-–+]\s*)?|\s+[-–]\s+")


# words of obligation ("phải", "có trách nhiệm", ...), one group: the checklist test here, the task
# decision's features (ml/decision.py) by the word found
OBLIGATION = re.compile(
    rf"(?i)(?<!\w)(?!(?:{alternation(_D['obligation_compounds'])})(?!\w))"
    rf"({'|'.join(re.escape(w) for w in _D['obligation_words'])})(?!\w)"
)
_NOUN_TAGS = ("N", "Nc", "Ny", "Np")


def _carries_no_action(node: "Node") -> bool:
    """A checklist entry: a short noun phrase ("+ Giấy phép xây dựng;"), no verb, unit or obligation."""
    text = node.text
    bare = re.sub(r"\([^()]*\)", "", text)  # "Danh mục thuốc ... (cung ứng cho ...)": the note aside
    if node.children or len(bare.split()) > 15 or VERB.match(text) or OBLIGATION.search(text):
        return False
    if assigned_units(text)[0] or starts_with_unit(text):
        return False
    tags = pos_tags(text, 1)
    return bool(tags) and tags[0][1] in _NOUN_TAGS


def _sentence_after_name(text: str) -> bool:
    """A sentence, not a name: its names end at a verb the stop words lack ("Sinh viên đăng ký học
    phần theo đúng thời gian quy định.")."""
    return unknown_verb(text, 0) < len(text)


# a lead-in that names the kind of thing listed after it: "..., trong đó lưu ý các dấu hiệu sau đây:"
_LISTS_KINDS = re.compile(
    rf"(?i)(?:các|những|một\s+số)\s+(?:{alternation(_D['listed_kinds'])})(?:\s+[^\s:;,.]+){{0,4}}?"
    r"\s+(?:sau(?:\s+đây)?|như\s+sau|dưới\s+đây)\s*:$"
)


def _describes(node: "Node") -> bool:
    """An entry of a listed kind ("+ Các doanh nghiệp có giao dịch qua ngân hàng đáng ngờ."): no
    duty, request or assignment of its own, and no list under it."""
    text = node.text
    return (
        not node.children
        and not OBLIGATION.search(text)
        and assigned_units(text, with_form=True)[2] not in ("giao", "request", "colon")
        and not VERB.match(text)
    )


def is_checklist(node: "Node") -> bool:
    """An item that carries an action and ends on a list of what it acts on ("Giao A kiểm tra hồ sơ,
    tài liệu: + Giấy phép ...; + Giấy chứng nhận ...") or of a kind it names ("..., trong đó lưu ý các
    dấu hiệu sau đây: + Các doanh nghiệp ..."): the lowest item that carries an action, one task with
    its checklist (annotation guide: one task per lowest-level item carrying an action)."""
    kids = [c for c in node.children if c.text]
    text = node.text.rstrip()
    entry = _describes if _LISTS_KINDS.search(text) else _carries_no_action
    if len(kids) < 2 or not text.endswith(":") or not all(map(entry, kids)):
        return False
    units, _, form = assigned_units(text, with_form=True)
    if units:
        rest = text[text.find(units[-1]) + len(units[-1]) :].strip(" ,")
        return form in ("giao", "request") or _verb_led(rest)
    return _verb_led(text)


def _verb_led(text: str) -> bool:
    """Opens on an action verb: one the rules list, or one the part-of-speech tagger sees ("Kết hợp")."""
    if VERB.match(text):
        return True
    tags = pos_tags(text, 1)
    return bool(tags) and tags[0][1] == "V"


@dataclass
class Candidate:
    """A list item, paragraph, merged heading or task-table row that the task decision looks at,
    with what the rules know of it: the units it inherits, its section, and the rules' own decision."""

    node: "Node"
    inherited: tuple[list[str], list[str]]
    section: Section | None
    rule_task: bool  # the rules make it a task
    heading: bool  # the rules take it for a heading over the items below it
    in_task_section: bool  # not under a section whose items are no tasks (MỤC ĐÍCH, YÊU CẦU ...)
    lead_in: bool = False  # an item under a childless "Giao <units> ...:" lead-in
    merged: bool = False  # a heading and its one paragraph, read as one item
    fields: bool = False  # an item read with its own label fields ("- Cơ quan chủ trì: A"), which are no items
    row: "TableRow | None" = None  # for a task-table row: its table and the task it gives


@dataclass
class TableRow:
    """What a task-table row candidate knows of its table: the header cells, the line that titles
    the table ("DANH MỤC ...", "KẾ HOẠCH TRIỂN KHAI"), and the task the row gives."""

    header: tuple[str, ...]
    title: str
    tasks: list[Task]


def _label_deadline(value: str | None, year: int | None) -> Deadline | None:
    """A label's deadline value, read as a deadline column ("Quý II/2026"); a bare period ("năm 2026",
    "tháng 6/2026") is due at its end."""
    if not value:
        return None
    dl = parse_column(value, year)
    if dl.type == "none" and re.match(r"(?i)(?:năm|tháng|quý)\s+\S", value):
        period = parse_column("trong " + value, year)
        if period.type != "none":
            period.text = value
            return period
    return dl


def _inherit(node: Node, section: Section | None) -> tuple[list[str], list[str]]:
    """Units and co-units for an item without its own: a unit heading or lead-in inside its section,
    else the section's label lines, else the headings and lead-ins above."""
    if section is None or not (section.units or section.co):
        return _context_units(node)
    near = _context_units(node, stop=section.root)
    if near[0]:
        return near
    if section.units:
        return list(section.units), list(section.co)
    units, co = _context_units(node)
    return units, list(section.co) or co


_SENTENCE_SPLIT = re.compile(rf"(?<=[.;])\s+(?=(?:{_alt([upper_first(w) for w in _REQUESTS])})\s)")


_NEXT_SENTENCE = re.compile(r"(?<=\.)\s+(?=[A-ZĐ])")  # after a full stop, a capital opens the next sentence
_NEXT_CLAUSE = re.compile(r"(?<=\.)\s+(?=[A-ZĐ])|(?<=;)\s+(?=\S)")  # ... and after ";", any clause


def _split_sentences(text: str, clauses: bool = True) -> list[str]:
    """A paragraph with several "Giao <unit> ..." sentences for different units -> one text each; so
    does a sentence or a clause after ";" whose subject is another unit, after one that names its own
    ("Giao trưởng các khoa ... nghỉ lễ. Phòng Đào tạo phối hợp với ... theo dõi ...", "Trưởng các đơn
    vị có trách nhiệm quán triệt ...; Trung tâm Dịch vụ có trách nhiệm giám sát ..."), or that sets
    its subject apart ("Các Cục Thuế tập trung ... . Riêng Cục Thuế các tỉnh Tây Nguyên tập trung ...")."""
    out: list[str] = []
    for part in (p for p in _SENTENCE_SPLIT.split(text) if p.strip()):
        pieces = (_NEXT_CLAUSE if clauses else _NEXT_SENTENCE).split(part)
        out.append(pieces[0])
        for piece in pieces[1:]:
            own, _, form = assigned_units(piece, with_form=True)
            before, _, assigned = assigned_units(out[-1], with_form=True)
            if (
                form == "subject"
                and ((before and clauses) or assigned in ("giao", "request") or sets_apart(piece))
                and not _same_units(own, before)
                and not (out[-1].rstrip().endswith(";") and _names_only(out[-1]))
            ):
                out.append(piece)
            else:
                out[-1] += " " + piece
    return out


_LAST_REQUEST = re.compile(rf"(?:{_alt(_REQUESTS + [upper_first(w) for w in _REQUESTS])})\s+")


def _names_only(clause: str) -> bool:
    """Does the clause end in names with no action after them ("UBND tỉnh yêu cầu Thủ trưởng các sở,
    ban, ngành;"), so that the names after its ";" go on the same list?"""
    tail = ([m.end() for m in _LAST_REQUEST.finditer(clause)] or [0])[-1]
    head = HEAD.match(clause, tail)
    return bool(head) and not STOP.search(clause.rstrip(" ;"), head.end())


def _same_units(a: list[str], b: list[str]) -> bool:
    """Do two sentences name the same units (case aside)?"""
    return {u.lower() for u in a} == {u.lower() for u in b}


def _later_request(text: str) -> list[str]:
    """The units a later sentence asks work of, when the first names none ("Thực hiện nghi thức Quốc
    tang ... . UBND xã đề nghị các đơn vị thôn, hiệu trưởng các trường ... treo cờ rủ ...")."""
    for m in _NEXT_SENTENCE.finditer(text):
        units, _, form = assigned_units(text[m.end() :], with_form=True)
        if units and form in ("giao", "request"):
            return units
    return []


# Items numbered inside a sentence after its frame: "... phải: (1) đáp ứng ...; (2) thực hiện ...", "a) ...; b) ..."
_INLINE_MARK = re.compile(r"(?:^|(?<=[;:])\s*)\s*\((\d{1,2})\)\s+|(?:^|(?<=[;:])\s*)\s*([a-zđ])\)\s+")


def _inline_items(action: str) -> list[str]:
    """An action that is a run of inline numbered items ("(1) A; (2) B") -> one action each; else itself."""
    marks = list(_INLINE_MARK.finditer(action))
    if len(marks) < 2 or marks[0].start() != 0:
        return [action]
    labels = [m.group(1) or m.group(2) for m in marks]
    numbered = bool(marks[0].group(1))
    if labels != [str(k + 1) if numbered else chr(ord("a") + k) for k in range(len(marks))]:
        return [action]
    ends = [m.start() for m in marks[1:]] + [len(action)]
    return [action[m.end() : e].strip().rstrip(";").strip() for m, e in zip(marks, ends)]


_SLOGAN = re.compile(r"!\s*$")


class TaskBuilder:
    """Walks a document's body into Candidates for the task decision, in document order."""

    def __init__(self, citations: Citations, year: int | None, issuer: str | None = None):
        self.citations = citations
        self.year = year
        self.issuer = issuer
        self.tasks: list[Task] = []
        self.entries: list[Candidate] = []
        self.last_table: tuple[dict[str, int], tuple[str, ...], int] | None = None  # columns, header, last page
        self.addressees: list[str] = []  # the units a lead-in of the body directs, for the items after it

    def candidate(
        self,
        node: Node,
        inherited,
        section: Section | None,
        rule_task: bool,
        heading: bool,
        in_task_section: bool,
        **kw,
    ) -> None:
        if _SLOGAN.search(node.text) and not node.children:
            return  # a slogan ("Bầu cử để chọn người có tâm, có tầm!"): no work for anyone
        if not inherited[0] and self.addressees:
            inherited = (list(self.addressees), inherited[1])
        self.entries.append(Candidate(node, inherited, section, rule_task, heading, in_task_section, **kw))

    def build(self, c: Candidate) -> list[Task]:
        """The tasks candidate c gives when it is decided to be a task."""
        if c.row is not None:
            return list(c.row.tasks)
        saved, self.tasks = self.tasks, []
        try:
            self.item(c.node, c.inherited, c.section, split=not c.merged)
            return self.tasks
        finally:
            self.tasks = saved

    def _refs(self, block: Block, text: str) -> tuple[list[str], list[tuple[int, int]]]:
        mentions = self.citations.scan(text)
        keys = []
        for m in mentions:
            if m.key not in keys:
                keys.append(m.key)
        return keys, [(m.start, m.end) for m in mentions]

    def add(
        self,
        block: Block,
        text: str,
        units: list[str],
        co: list[str],
        source: str,
        deadline: Deadline | None = None,
        action: str | None = None,
        refs_text: str | None = None,
        fallback: Deadline | None = None,
    ) -> None:
        refs, masked = self._refs(block, refs_text or text)
        if deadline is None:
            _, masked_text = self._refs(block, text)
            deadline = find_deadline(text, self.year, masked_text)
        if fallback is not None and deadline.type == "none" and not deadline.text:
            deadline = replace(fallback)  # the section's "Thời gian hoàn thành: ..." for an item without its own
        action = squash(action if action is not None else text).rstrip(";.").rstrip()
        action = re.sub(r"\s*\./\.?$", "", action)
        if not action:
            return
        self.tasks.append(
            Task(
                units=units,
                co_units=co,
                action=upper_first(action) if source != "frame" else action,
                deadline=deadline,
                references=refs,
                span=[block.start, block.end],
                page=block.page,
                source=source,
            )
        )

    def item(
        self, node: Node, inherited: tuple[list[str], list[str]], section: Section | None = None, split: bool = True
    ) -> None:
        """The tasks of one item; `split`: a clause or sentence for another unit is a task of its own (an
        item merged with what it gathers splits only at another "Giao"/"Đề nghị" or "Riêng" sentence)."""
        fallback = section.deadline if section else None
        column = section.deadline if section and section.column else None
        for text in _split_sentences(node.text, clauses=split):
            if is_closing(text):
                continue  # "... triển khai thực hiện Chỉ thị này." before "Giao <unit> theo dõi, đôn đốc ..."
            units, frame_end = assigned_units(text)
            if not units and not inherited[0]:
                units = _later_request(text)
            co = co_units(text)
            source = "list" if node.kind != "para" else "paragraph"
            when = replace(column) if column else None
            if units:
                action = text[frame_end:] if frame_end else text
                pieces = _inline_items(action)
                for piece in pieces:
                    self.add(
                        node.block,
                        piece if len(pieces) > 1 else text,
                        units,
                        co,
                        source,
                        deadline=when,
                        action=piece,
                        fallback=fallback,
                    )
            else:
                inh_units, inh_co = inherited
                self.add(
                    node.block, text, list(inh_units), co or list(inh_co), source, deadline=when, fallback=fallback
                )

    def sections(self, node: Node, outer: Section | None) -> list[Section | None]:
        """The section each child of `node` belongs to, from the label lines among the children.

        Consecutive label lines form one group (a label that holds items closes it). A group covers
        the items it holds, and then: when the node's children open with labels, the siblings after
        it up to the next group (lead-in); otherwise the siblings since the previous group (trailer,
        "Đơn vị chủ trì: ..." closing the section). A group that covers nothing completes the one
        before it."""
        children = node.children
        is_label = [is_section_label(c) for c in children]
        out: list[Section | None] = [outer] * len(children)
        if not any(is_label):
            return out
        groups: list[tuple[int, int]] = []
        i = 0
        while i < len(children):
            if not is_label[i]:
                i += 1
                continue
            j = i
            while j < len(children) and is_label[j]:
                j += 1
                if children[j - 1].children:
                    break
            groups.append((i, j))
            i = j
        lead = is_label[next((k for k, c in enumerate(children) if c.text), 0)]
        prev: Section | None = None
        assigned = [False] * len(children)
        for g, (i, j) in enumerate(groups):
            units: list[str] = []
            co: list[str] = []
            when = None
            for c in children[i:j]:
                u, c_, d = section_label(c.text)
                units += [x for x in u if x not in units]
                co += [x for x in c_ if x not in co]
                when = when or d
            deadline = _label_deadline(when, self.year)
            if not units and not co and deadline is None:
                continue  # "Lãnh đạo phụ trách: ..." alone
            if units:
                sec = Section(units, co, deadline or (outer.deadline if outer else None), node)
            elif outer:
                sec = Section(
                    list(outer.units), co or list(outer.co), deadline or outer.deadline, node if co else outer.root
                )
            else:
                sec = Section([], co, deadline, node)
            start = groups[g - 1][1] if g else 0
            if node.kind == "root":  # no heading encloses the labels: the section opens at a heading sibling
                opening = next((k for k in range(i - 1, start - 1, -1) if is_heading(children[k])), None)
                start = i if opening is None else opening
            end = groups[g + 1][0] if g + 1 < len(groups) else len(children)
            end = next(
                (k for k in range(j, end) if children[k].kind not in _LABEL_KINDS and is_heading(children[k])), end
            )  # a lead-in's labels stop at the next numbered heading
            before = [k for k in range(start, i) if not assigned[k]]
            after = list(range(j, end))
            held = [k for k in range(i, j) if children[k].children]
            if lead:
                scope = held + (after or ([] if held else before))
            else:
                scope = held + (before or ([] if held or node.kind == "root" else after))
            if not scope and prev is not None:  # completes the group before it
                prev.units = prev.units or sec.units
                prev.co = prev.co or sec.co
                prev.deadline = prev.deadline or sec.deadline
                continue
            for k in scope:
                out[k] = sec
                assigned[k] = True
            prev = sec
        return out

    def walk(self, node: Node, in_task_section: bool = True, section: Section | None = None) -> None:
        """Every child of `node` that could be a task becomes a Candidate, with the rules' decision."""
        carried: tuple[list[str], list[str]] | None = None  # units of a childless lead-in ("...sau:")
        rec = record(node, self.year)
        trailer = self.trailer(node, section)
        for child, sec in zip(node.children, self.sections(node, section)):
            if trailer is not None and child.kind == trailer[0] and sec is section:
                sec = trailer[1]
            text = child.text
            if not text:
                continue
            if rec is not None:  # a record's content field holds the tasks; its other fields give them context
                if child is rec[0]:
                    self.walk(child, in_task_section, rec[1])
                if child is rec[0] or _field(child):
                    continue
            if is_section_label(child):  # "Đơn vị chủ trì: ...": no task, context for its section's items
                if child.children:
                    self.walk(child, in_task_section, sec)
                continue
            if text.endswith(":") and not child.children and node.kind == "root" and child.kind == "para":
                # "..., Bộ GDĐT hướng dẫn các cơ sở đào tạo triển khai ... như sau:" over the body's parts
                self.addressees = self.addressees or _directed_units(_last_sentence(text))
            if text.endswith(":") and not child.children:
                units, _, form = assigned_units(text, with_form=True)
                if units and form in ("giao", "request"):
                    carried = (units, co_units(text))
                    self.candidate(child, carried, sec, False, True, in_task_section)
                    continue
            if carried and child.kind != "para" and not assigned_units(text)[0] and not child.children:
                self.candidate(
                    child, carried, sec, in_task_section and self._is_task(child), False, in_task_section, lead_in=True
                )
                continue
            heading = is_heading(child)
            section_ok = in_task_section
            if child.kind in ("roman", "num0", "num1") or (heading and child.kind != "para"):
                if (
                    NON_TASK.match(text)
                    and assigned_units(text, with_form=True)[2] != "request"
                    and not _basis_opens_directive(text)  # "1. Căn cứ Kế hoạch này, các xã ..."
                ):
                    section_ok = False
                elif (
                    heading
                    and (_TASK_SECTION.match(text) or heading_units(text) is not None)
                    and not _under_criteria(child)
                ):
                    section_ok = True  # a task section, or a unit's heading ("2. Đối với Khoa")
            own = self.own_fields(child, sec)
            if own is not None:  # an item with its own label fields: a task with their units and deadline
                node, own_sec = own
                if trailer is not None and child.kind == trailer[0]:
                    own_sec = replace(own_sec, column=False)  # the fields close the list: its own deadline first
                rule = section_ok and self._is_task(node)
                self.candidate(node, _inherit(node, own_sec), own_sec, rule, False, section_ok, fields=True)
                continue
            if section_ok and is_checklist(child):
                kids = " ".join(k.text for k in child.children if k.text)
                merged = Node(child.block, child.kind, text + " " + kids, parent=child.parent)
                self.candidate(merged, _inherit(merged, sec), sec, True, False, section_ok, merged=True)
                continue
            if heading:
                single = (
                    len(child.children) == 1 and not child.children[0].children and child.children[0].kind == "para"
                )
                if (
                    section_ok
                    and single
                    and child.text.endswith(":")
                    and not heading_units(text)
                    and not assigned_units(text)[0]
                    and child.kind not in ("roman",)
                    and not is_label(text)
                ):
                    merged = Node(child.block, child.kind, text + " " + child.children[0].text, parent=child.parent)
                    self.candidate(merged, _inherit(merged, sec), sec, True, False, section_ok, merged=True)
                    continue
                acts = section_ok and _acts_before_gathering(text)  # "... trước ngày 20/10. Trong đó chú ý ... sau:"
                self.candidate(child, _inherit(child, sec), sec, acts, True, section_ok)
                self.walk(child, section_ok, sec)
                continue
            self.candidate(child, _inherit(child, sec), sec, section_ok and self._is_task(child), False, section_ok)
            if child.children:
                self.walk(child, section_ok, sec)

    def trailer(self, node: Node, outer: Section | None) -> tuple[str, Section] | None:
        """Label fields under the last of several items when no other item has its own ("a) ...
        b) ... - Đơn vị chủ trì: A - Thời gian hoàn thành: Quý II/2026") close the list: every item gets
        them, the deadline filling those without one -> (the items' kind, their section)."""
        kids = [c for c in node.children if c.text]
        if len(kids) < 2 or not kids[-1].children or kids[-2].kind != kids[-1].kind:
            return None
        if any(c.children and self.own_fields(c, None) for c in kids[:-1] if c.kind == kids[-1].kind):
            return None
        own = self.own_fields(kids[-1], outer)
        if own is None or split_inline_labels(kids[-1].text):
            return None
        return kids[-1].kind, replace(own[1], root=node, column=False)

    def own_fields(self, node: Node, outer: Section | None) -> tuple[Node, Section] | None:
        """An item whose only children are its label fields ("1. Xây dựng kho dữ liệu. - Cơ quan chủ trì:
        A - Cơ quan phối hợp: B - Thời gian: Quý II/2026"), or whose text carries them after a ";" ->
        (the item without them, the section they give it); None for any other item."""
        kids = [c for c in node.children if c.text]
        labels = [_own_label(c) for c in kids]
        if not all(labels):
            return None  # it holds items of its own: labels among them are a section's (sections())
        text = node.text
        inline = split_inline_labels(text)
        if inline:
            text = inline[0]
            found = section_label(inline[1])
            labels.append((list(found[0]), list(found[1]), found[2]))
        units = [u for lab in labels for u in lab[0]]
        co = [u for lab in labels for u in lab[1]]
        deadline = _label_deadline(next((lab[2] for lab in labels if lab[2]), None), self.year)
        if not units and not co and deadline is None:
            return None
        found = _field(Node(node.block, node.kind, text))
        if found and found[0] == {"content"} and found[1]:
            text = _FIELD.match(text.strip()).group("value").strip()  # "Nội dung: Xây dựng ..." -> "Xây dựng ..."
        item = node if text == node.text else Node(node.block, node.kind, text, parent=node.parent)
        when = deadline or (outer.deadline if outer else None)
        return item, Section(units, co, when, node.parent or node, column=deadline is not None)

    def _is_task(self, node: Node) -> bool:
        text = node.text
        if (
            is_closing(text)
            or is_label(text)
            or is_caps(text)
            or section_label(text) is not None
            or _is_article_title(node)
        ):
            return False
        if (
            starts_with_unit(text)
            and len(text) < 120
            and not STOP.search(text)
            and not co_units(text)
            and not _sentence_after_name(text)
        ):
            return False  # a list of names ("1. Công ty Cổ phần Đông Nam Á Lào Cai"), not a directive
        if _is_permission(text) or _is_approval(text) or _own_intention(text, self.issuer) or _is_provision(node):
            return False
        if node.kind == "para":
            return _is_directive_para(text)
        if is_narrative(text) and not assigned_units(text)[0]:
            return False
        return len(text.split()) >= 3

    def table(self, rows: list[Block], title: str = "", between: list[Block] = ()) -> None:
        """Task tables: a header row naming the content, deadline and unit columns; each row under it
        is a candidate with the task it gives. `title` is the text that stands before the table,
        `between` the blocks between it and the table before (a page's running title, its number,
        rows an OCR'd page lost the grid of)."""
        cols: dict[str, int] = {}
        header: tuple[str, ...] = ()
        last = self.last_table
        first = (rows[0].cells or [""])[0].strip() if rows else ""
        # numbered, unnumbered, or a number OCR misread ("Ú6", "2I", "22 _"): no other header
        data_row = re.fullmatch(r"\W*\d*\W*", first) is not None or len(re.sub(r"\W", "", first)) <= 2
        if (
            last
            and rows
            and len(rows[0].cells or []) == len(last[1])
            and data_row
            and rows[0].page - last[2] <= 1
            and len(between) <= 8
            and not any(b.marker and b.marker not in _BULLETS for b in between)  # a numbered heading starts a new part
        ):
            cols, header = last[0], last[1]  # a task table that goes on, headerless, past a page break
        headers = [task_table_columns([c.lower() for c in r.cells or []]) for r in rows]
        heads = [k for k, h in enumerate(headers) if h is not None]
        if not cols and not heads:
            cols = infer_task_columns([r.cells or [] for r in rows])  # a header OCR garbled, or none printed
        inferred_deadline = {}
        if heads and "deadline" not in headers[heads[0]]:
            # a header whose deadline cell OCR garbled ("Th 51 gian"): the column whose cells give times
            guess = infer_task_columns([r.cells or [] for r in rows[heads[0] + 1 :]])
            if guess.get("deadline") is not None and guess["deadline"] not in headers[heads[0]].values():
                inferred_deadline = {"deadline": guess["deadline"]}
        for row, found in zip(rows, headers):
            cells = row.cells or []
            if found is not None:
                cols, header = found | inferred_deadline, tuple(c.lower() for c in cells)
                continue
            saved, self.tasks = self.tasks, []
            try:
                content = self._row(row, cols)
                tasks = self.tasks
            finally:
                self.tasks = saved
            if cols:
                self.last_table = (cols, header, row.page)
            if tasks:
                node = Node(row, "row", content)
                self.entries.append(
                    Candidate(
                        node,
                        (tasks[0].units, tasks[0].co_units),
                        None,
                        True,
                        False,
                        True,
                        row=TableRow(header, title, tasks),
                    )
                )

    def _row(self, row: Block, cols: dict[str, int]) -> str:
        """The task of one row under a task-table header (added to self.tasks); its content, "" for
        a row that gives none (no header yet, too short, a group row)."""
        cells = row.cells or []
        if "content" not in cols or cols["content"] >= len(cells):
            return ""
        content = cells[cols["content"]]
        if not content or len(content.split()) < 3:
            return ""
        if re.fullmatch(r"[IVX]+|[A-Z]", cells[0].strip()) and not any(
            cells[k].strip() for k in (cols.get("deadline"), cols.get("unit")) if k is not None and k < len(cells)
        ):
            return ""  # a group row ("I | Nhóm nhiệm vụ ...")
        content = re.sub(r"^\s*[-–+•]\s*", "", content).replace("\n", " ")
        note = cells[cols["note"]].strip() if "note" in cols and cols["note"] < len(cells) else ""
        if note:  # the whole row is the task: its Ghi chú says how or when (GUIDE-NOTES §10)
            content = f"{content.rstrip(' .;')}. {note}"
        dl_cell = cells[cols["deadline"]] if "deadline" in cols and cols["deadline"] < len(cells) else ""
        deadline = parse_column(dl_cell, self.year) if dl_cell else None
        units = split_units(cells[cols["unit"]]) if "unit" in cols and cols["unit"] < len(cells) else []
        if "unit" not in cols:  # no unit column: the unit the content itself names ("Khoa nhận hồ sơ ...")
            units = assigned_units(content)[0]
        co = split_units(cells[cols["co"]]) if "co" in cols and cols["co"] < len(cells) else []
        co = co or co_units(content)
        self.add(row, content, units, co, "table", deadline=deadline, refs_text=" ".join(cells))
        return content


class _Terms:
    """Header words of one column kind: a cell names it when it holds every word of one of the
    terms, so that an OCR'd header with a stray mark inside ("Nội A2 dung công s việc") still does."""

    def __init__(self, terms: list[str]):
        self.terms = [tuple(t.split()) for t in terms]

    def search(self, cell: str) -> bool:
        words = set(re.findall(r"\w+", cell))
        return any(all(w in words for w in t) for t in self.terms)


_TT = {k: _Terms(v) for k, v in _D["task_table"].items() if k != "deadline_start"}
_DEADLINE_START = re.compile(rf"(?:{alternation(_D['task_table']['deadline_start'])})(?!\w)")


def _is_deadline_header(cell: str) -> bool:
    return _TT["deadline"].search(cell) or bool(_DEADLINE_START.match(cell))


def task_table_columns(header: list[str]) -> dict[str, int] | None:
    """A task table's header row (lower case cells) -> the column of its content, co-units, deadline
    and units; None for any other row, a catalogue's or a price list's header included."""
    if len(header) < 3 or any(len(h) >= 80 for h in header) or re.fullmatch(r"\d+\.?", header[0].strip()):
        return None
    if not any(_TT["content"].search(h) for h in header):
        return None
    has_deadline = any(_is_deadline_header(h) for h in header)
    catalogue = any(_TT["catalogue"].search(h) for h in header)
    if catalogue and not has_deadline or not (has_deadline or any(_TT["unit"].search(h) for h in header)):
        return None
    cols: dict[str, int] = {}
    for k, h in enumerate(header):
        if _TT["content"].search(h) and "content" not in cols:
            cols["content"] = k
        elif _TT["co"].search(h):
            cols["co"] = k
        elif _is_deadline_header(h) and "deadline" not in cols and not _TT["product"].search(h):
            cols["deadline"] = k
        elif _TT["unit"].search(h) and not _TT["catalogue"].search(h) and "unit" not in cols and "content" in cols:
            cols["unit"] = k
        elif _TT["note"].search(h) and "note" not in cols:
            cols["note"] = k
    return cols


def infer_task_columns(rows: list[list[str]]) -> dict[str, int]:
    """The columns of a task table whose header cannot be read, from its cells: most rows of the same
    width name a unit in one column, and give a time in another or a number first, and one more column
    holds the longest text, the action. {} when the rows are not such a table."""
    width = max(set(map(len, rows)), key=[len(r) for r in rows].count, default=0)
    rows = [r for r in rows if len(r) == width]
    if width < 3 or len(rows) < 3:
        return {}

    def share(k: int, test) -> float:
        cells = [r[k].strip() for r in rows if r[k].strip()]
        return sum(bool(test(c)) for c in cells) / len(cells) if len(cells) >= len(rows) / 2 else 0.0

    unit = max(range(width), key=lambda k: share(k, starts_with_unit))
    if share(unit, starts_with_unit) < 0.6:
        return {}
    timed = [k for k in range(width) if k != unit and share(k, _time_cell) >= 0.6]
    numbered = share(0, lambda c: re.fullmatch(r"\W*\w{0,2}\d\w?\W*", c) is not None) >= 0.5
    words = {k: sum(len(r[k].split()) for r in rows) / len(rows) for k in range(width) if k != unit and k not in timed}
    content = max(words, key=words.get, default=None)
    if content is None or words[content] < 3 or not (timed or numbered):
        return {}
    return {"content": content, "unit": unit} | ({"deadline": timed[0]} if timed else {})


# a deadline cell's signs: a date, a span, a count of days, a month, quarter or year ("2022 _" as OCR
# reads it, "Trong năm học", "Hằng năm"), or no limit ("Thường xuyên")
_TIME_CELL = re.compile(r"(?i)\d{1,2}\s*/\s*\d{1,2}|\bngày\b|\btháng\b|\bquý\b|\bnăm\b|^\W*\d{4}\b|thường xuyên")


def _time_cell(cell: str) -> bool:
    """A short cell with a sign of time: a deadline column's, not an action's that names a year."""
    return len(cell.split()) <= 12 and _TIME_CELL.search(cell) is not None


_FORM_LABEL = re.compile(rf"(?:{alternation(_D['form_labels'])})\s*(?:[,\w\s]{{0,30}})?:", re.I)
_CB = _D["cited_bases"]
_CITED_BASIS = re.compile(rf"(?:{alternation(_CB['openers'])})\s+(?:{alternation(_CB['documents'])})")


# After the cited document, the main clause of a directive: "Căn cứ Kế hoạch này, các phòng ... xây
# dựng ...", "Căn cứ Kế hoạch này để tổng hợp, bố trí vốn ..."
_AFTER_BASIS = re.compile(r"[^,;:]{3,200}?(?:,\s+|\s+để\s+)")


def _basis_opens_directive(text: str) -> bool:
    """Does a "Căn cứ <document>" opening go on into a directive: a subject unit or an action verb?"""
    m = _AFTER_BASIS.match(text) if _CITED_BASIS.match(text) else None
    if not m:
        return False
    rest = text[m.end() :]
    return bool(VERB.match(rest) or (HEAD.match(rest) and assigned_units(rest)[0]))


@lru_cache(maxsize=8192)
def is_label(text: str) -> bool:
    """Form lines ("Thời gian: ...", "Lưu: VT"), and legal bases listed in the body ("Căn cứ Luật ...")
    that go on into no directive (rules/directives.yaml: form_labels, cited_bases)."""
    return bool(_FORM_LABEL.match(text) or (_CITED_BASIS.match(text) and not _basis_opens_directive(text)))


NO_TASK_KINDS = {"Báo cáo", "Tờ trình"}  # they report or propose upward; guide: tasks []
ONLY_ASSIGNMENTS = {"Quyết định", "Giấy phép"}  # the decision itself is no task; its "giao ..." are


_CLOSING_ARTICLE = re.compile(_alt(_D["closing_articles"]), re.I)
_GIAO = re.compile(rf"\b(?:{alternation(_D['assign_words'], capital=True)})\b")


_ISSUED_KINDS = set(_D["issued_kinds"])


def _decision_body(blocks: list[Block]) -> list[Block]:
    """A Quyết định/Giấy phép's articles that assign work: drop Điều 1 (the decision itself) and the
    closing articles (entry into force, "chịu trách nhiệm thi hành"); keep what it issues, attached
    after the signature."""
    keep, current = [], None
    for k, b in enumerate(blocks):
        if b.label == "appendix" and (k == 0 or blocks[k - 1].label != "appendix"):
            current = None  # what the decision issues (a Kế hoạch after the signature) is no article of it
        elif current is not None and not b.marker and title_kind(b.text) in _ISSUED_KINDS:
            current = None  # the issued plan's own title ("KẾ HOẠCH") after the articles, no signature between
        if b.marker and b.marker.startswith("Điều"):
            current = b
        if current is None:
            keep.append(b)
            continue
        head = current.text
        if re.match(r"Điều\s+1\.", head):
            continue
        if _CLOSING_ARTICLE.search(head):
            duty = _duty_in_closing(b) if b is current else None
            if duty is not None:
                keep.append(duty)
            continue
        keep.append(b)
    return keep


def _duty_in_closing(b: Block) -> Block | None:
    """A closing article that also assigns work keeps it: "Điều 2. Quyết định này có hiệu lực ... .
    Các đơn vị thuộc Bộ ban hành Quy chế ..." -> the sentences after the closing ones, up to the
    next closing one, when they name who does it."""
    parts, at = [], 0
    for m in list(_NEXT_SENTENCE.finditer(b.text)) + [None]:
        end = m.start() if m else len(b.text)
        parts.append((at, b.text[at:end]))
        at = m.end() if m else at
    run = []
    for at, text in parts:
        if _CLOSING_ARTICLE.search(text) or re.fullmatch(r"Điều\s+\d+\.?", text.strip()):
            if run:
                break
            continue
        run.append((at, text))
    if not run:
        return None
    start, end = run[0][0], run[-1][0] + len(run[-1][1])
    text = b.text[start:end]
    if not assigned_units(text)[0]:
        return None
    return replace(b, text=text, start=b.start + start, end=b.start + end, marker=None)


@dataclass
class TaskPlan:
    """A document's task candidates in document order, before the decision."""

    builder: TaskBuilder
    blocks: list[Block]
    kind: str | None

    def candidates(self) -> list[Candidate]:
        return self.builder.entries

    def tasks(self, keep: list[bool] | None = None) -> list[Task]:
        """The tasks of the candidates kept (`keep`, one flag per candidate in order; the rules' own
        decision when None)."""
        cands = self.candidates()
        keep = [c.rule_task for c in cands] if keep is None else keep
        kept = {id(c) for c, k in zip(cands, keep) if k}
        out: list[Task] = []
        for e in self.builder.entries:
            if id(e) in kept:
                out += self.builder.build(e)
        if self.kind == "Giấy phép":  # a licence's conditions bind the licensee; only its "Giao ..." are tasks
            out = [t for t in out if _GIAO.search(_block_text(self.blocks, t))]
        return out


_PERMITTED = re.compile(rf"\sđược\s+(?!(?:{alternation(_D['assigned_words'])})\b)")


_APPROVAL = re.compile(rf"^(?:{alternation(_D['approval_words'])})\b")
# "giao Bộ ...", "đề nghị các bộ ...", not the noun ("như đề nghị của Bộ ...", "đề nghị tại văn bản ...")
_HANDS_ON = re.compile(
    rf"\b(?:{alternation(_D['assign_words'] + _D['request_words'], capital=True)})\b(?!\s+(?:của|tại)\b)"
)


_ENTITLED = re.compile(rf"\W*[Đđ]ược\s+(?!(?:{alternation(_D['assigned_words'])})\b)")
_CASE = re.compile(r"\W*[Tt]rường\s+hợp\s")


def _is_provision(node: Node) -> bool:
    """A rule the text states, no work given: what one is entitled to ("Được quỹ BHYT chi trả ...",
    "Được hưởng chế độ ..."), or a case with its consequence that names no one to act ("Trường hợp thẻ
    BHYT chưa được gia hạn ... thì ..."), with no unit of its own or above it and no word of duty."""
    text = node.text
    if _ENTITLED.match(text):
        return True
    return bool(
        _CASE.match(text)
        and not OBLIGATION.search(text)
        and not assigned_units(text)[0]
        and not _context_units(node)[0]
    )


def _own_intention(text: str, issuer: str | None) -> bool:
    """What the issuer itself will do ("Trường Đại học Việt Nhật sẽ thông báo ...", "Bộ Y tế sẽ phối hợp
    kiểm tra ..."): its own intention, no task (GUIDE-NOTES §10.4); another unit's "sẽ" stays one."""
    if not issuer:
        return False
    units, _, form = assigned_units(text, with_form=True)
    if form != "subject" or len(units) != 1 or not re.match(r"\s*sẽ\s", text[names_end(text) :]):
        return False
    unit, own = units[0].casefold(), issuer.casefold()  # "Sở Y tế" for "Sở Y tế tỉnh Kiên Giang"
    short, long = sorted((unit, own), key=len)
    return long == short or long.startswith(short + " ") or long.endswith(" " + short)


def _is_approval(text: str) -> bool:
    """ "Đồng ý về chủ trương ...", "Chấp thuận đề xuất của Bộ ...": the issuer grants what was asked;
    no task unless it also hands work on ("..., giao Bộ Tài chính ...")."""
    return bool(_APPROVAL.match(text)) and not _HANDS_ON.search(text)


def _is_permission(text: str) -> bool:
    """ "Công chức, viên chức ... được nghỉ Tết 05 ngày": what the units may do or get, no work; "Các tổ
    chức được cấp giấy phép ... có trách nhiệm ..." names who, then their duty."""
    if assigned_units(text, with_form=True)[2] != "subject":
        return False
    m = _PERMITTED.search(text, 0, names_end(text) + 30)  # "... thuộc Sở được nghỉ"
    return bool(m) and not OBLIGATION.search(text, m.end())


# Where a basis statement's main clause begins, when the issuer asks for work in it: "Căn cứ ..., Sở Y tế
# đề nghị các đơn vị báo cáo ...", "Căn cứ .... Để có cơ sở ..., Ủy ban Dân tộc đề nghị ...", "Thực hiện
# Luật ...; Công văn số ...; Bộ Y tế đề nghị ..."
_BASIS_THEN_REQUEST = re.compile(
    rf"[,.;]\s+(?=(?:[A-ZĐ][^,;.]{{0,80}}?\s)?(?:{alternation(_REQUESTS, capital=True)})\s)"
)


def _basis_directive(b: Block) -> Block | None:
    """A basis block whose main clause assigns or requests work from named units -> that clause as a
    body block (its basis statement stays the frame's); None for a plain basis statement."""
    for m in _BASIS_THEN_REQUEST.finditer(b.text):
        rest = b.text[m.end() :]
        if assigned_units(rest)[0]:
            return replace(b, text=rest, start=b.start + m.end(), label="body")
    return None


def plan_tasks(
    blocks: list[Block], citations: Citations, year: int | None, kind: str | None = None, issuer: str | None = None
) -> TaskPlan:
    """The body's list tree, paragraphs and task tables -> a TaskPlan (no candidates for the kinds
    that report or propose upward). `issuer`: the document's, whose own intentions are no tasks."""
    builder = TaskBuilder(citations, year, issuer)
    plan = TaskPlan(builder, blocks, kind)
    if kind in NO_TASK_KINDS:
        return plan
    body = []
    for b in blocks:
        if b.label == "basis":
            if b.text.rstrip().endswith(":"):  # "Thực hiện ...; nhằm ..., Bộ GDĐT hướng dẫn các cơ sở ... như sau:"
                builder.addressees = builder.addressees or _directed_units(b.text.rstrip())
            b = _basis_directive(b) or b  # "Căn cứ ..., Sở Y tế đề nghị ...": its request is body
        if b.label in ("body", "appendix") and b.kind != "footnote":
            body.append(b)
    if kind in ONLY_ASSIGNMENTS:
        body = _decision_body(body)
    run: list[Block] = []
    paras: list[Block] = []

    def flush_paras():
        if paras:
            builder.walk(build_tree(paras))
            paras.clear()

    def flush_rows():
        if run:
            at = next(k for k, x in enumerate(body) if x is run[0])
            title = next((x.text for x in reversed(body[:at]) if x.kind != "row"), "")
            gap = next((k for k, x in enumerate(reversed(body[:at])) if x.kind == "row"), at)
            builder.table(run, title, body[at - gap : at])
            run.clear()

    for b in body:
        if paras and b.label != paras[-1].label:
            flush_paras()  # what follows the signature (an attached plan) is a list tree of its own
        if b.kind == "row":
            flush_paras()
            run.append(b)
        else:
            flush_rows()
            paras.append(b)
    flush_paras()
    flush_rows()
    return plan


def extract_tasks(
    blocks: list[Block], citations: Citations, year: int | None, kind: str | None = None, issuer: str | None = None
) -> list[Task]:
    """The tasks as the rules decide them."""
    return plan_tasks(blocks, citations, year, kind, issuer).tasks()


def _block_text(blocks: list[Block], task: Task) -> str:
    return next((b.text for b in blocks if [b.start, b.end] == task.span), "")
