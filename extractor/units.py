"""Assigned units and coordinating units inside a directive's text.

"Giao phòng Xây dựng, Nông nghiệp và Môi trường; phòng Văn hóa - Xã hội ..." -> two units: a ";"
always splits, a "," or "và" splits only where a new unit head word (rules/units.yaml) follows.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .pos import tagged
from .rules import alternation, rules
from .text import squash, upper_first

_U = rules()["units"]
_HEADS = sorted(_U["heads"], key=len, reverse=True)


def _head(h: str) -> str:
    """A head word as a pattern, with the syllables after which it is no unit (units.yaml)."""
    after = _U["head_exclusions"].get(h)
    return re.escape(h) + (r"(?!\s+(?:" + "|".join(map(re.escape, after)) + r")(?![\w]))" if after else "")


# A head word that is only the first syllable of another word is no unit: "Báo cáo", "Ban hành",
# "Trường hợp", "Đội ngũ", "Hội nghị", "Vụ việc" (units.yaml: any_head_exclusions).
HEAD = re.compile(
    # "Các đồng chí Phó Chủ tịch UBND huyện", "Ông (Bà) Hiệu trưởng các trường"
    r"(?:(?:các\s+)?(?:đồng\s+chí|đ/c)\s+|ông\s*(?:\(\s*bà\s*\)|/\s*bà)\s+)?"
    r"(?:(?:tất\s+cả\s+)?các\s+|(?:Tất\s+cả\s+)?Các\s+|Quý\s+|[Tt]oàn\s+thể\s+|[Mm]ỗi\s+)?"
    r"(?:(?:[Pp]hó\s+)?(?:" + "|".join(_head(h) for h in _HEADS) + r")(?![\w])"  # a deputy: "Phó Trưởng phòng"
    # "P.ĐTĐH": a short head, the initials right after it
    r"|(?-i:(?:" + "|".join(map(re.escape, _U["abbreviated_heads"])) + r")(?=[A-ZĐ]{2,}(?![a-zà-ỹđ]))))"
    # "Ban hành", "BAN HÀNH", but "Phòng Hành chính": a capitalised syllable goes on with the name
    r"(?!\s+(?-i:"
    + "|".join(re.escape(f(w)) for w in _U["any_head_exclusions"] for f in (str, str.upper))
    + r")(?![\w]))",
    re.I,
)
_VERB_STOPS = [v for v in rules()["directives"]["verbs"] if v not in _U["name_verbs"]]
_STOPS = sorted(set(_U["stop_words"]) | set(_VERB_STOPS) | set(_U["name_end_verbs"]), key=len, reverse=True)
# Verbs are written in lower case; the same words capitalised belong to a name ("Phòng Xây dựng").
_COMPOUNDS = "|".join(re.escape(c) for c in _U["name_compounds"])


def _stop(word: str) -> str:
    """A stop word, unless it ends a compound of a name ("Phòng không nhân dân": "phòng không")."""
    before = [c[: -len(word)] for c in _U["name_compounds"] if c.endswith(" " + word)]
    return "".join(f"(?<![{b[0].upper()}{b[0]}]{re.escape(b[1:])})" for b in before) + re.escape(word)


_BAN_WORKS = [c[4:] for c in _U["name_compounds"] if c.startswith("ban ")]  # "Ban chỉ đạo", "ban tổ chức"
_NOT_BAN_WORK = rf"(?!(?<=[Bb]an\s)(?:{alternation(_BAN_WORKS)})(?!\w))"
STOP = re.compile(
    r"(?<!các)(?<!những)(?:,\s*|\s+)(?!(?:"
    + _COMPOUNDS
    + r")(?![\w]))"
    + _NOT_BAN_WORK
    + r"(?:"
    + "|".join(_stop(s) for s in _STOPS)
    + r")(?![\w])"
    r"|(?<![Dd]ịch vụ)\s+tổng hợp(?![\w])"
)  # "Trung tâm Dịch vụ tổng hợp" is a name
# Where a list of coordinating units ends: the verb of the directive, or punctuation.
CO_STOP = re.compile(
    r"(?<!các)(?<!những)(?:,\s*|\s+)"
    + _NOT_BAN_WORK
    + r"(?:"
    + "|".join(re.escape(w) for w in _U["co_unit_stop_words"])
    + r")(?![\w])"
    + rf"(?!(?<=trong)\s+(?:{alternation(_U['member_of'])})(?!\w))"  # "các thành viên trong tiểu ban": one name
    r"|\(|\.(?!\d)|:(?!\s*[A-ZĐ][\wÀ-ỹ]*(?:\s[A-ZĐ][\wÀ-ỹ]*)?\s*,)|$"
    r"|(?<![Dd]ịch vụ)\s+tổng hợp(?![\w])"  # as in STOP: "Trung tâm Dịch vụ tổng hợp" is a name
    r"|(?<=liên quan)\s+(?!(?:và|các|của|trên|thuộc|tại|ở)\b)(?=[a-zà-ỹđ])"  # "các cơ quan liên quan <verb>"
)
_HEAD_ALT = "|".join(re.escape(h) for h in _HEADS)
# A new unit starts after "," / "và" where a head word is followed by a capitalised name ("phòng Văn hóa")
# or is itself capitalised ("Trung tâm ..."); "các Phòng, ban chuyên môn" stays one.
_NEXT_UNIT = (
    r"(?=(?:(?:[Tt]ất\s+cả\s+)?[Cc]ác\s+)?(?:(?:"
    + _HEAD_ALT
    + r")\b|(?i:"
    + _HEAD_ALT
    + r")\s+[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈÍÌÓÒÚÙ]"
    r"|(?i:" + _HEAD_ALT + r")\s+các\s"  # "..., hiệu trưởng các trường"
    r"|[Cc]ác\s+(?i:" + _HEAD_ALT + r")\b"  # "SYT, Các cơ sở y tế", "Sở Y tế, các bệnh viện"
    r"|(?:" + "|".join(map(re.escape, _U["abbreviated_heads"])) + r")[A-ZĐ]{2}))"  # "P.CTSV, P.KHTC"
)
# "các xã: An Thái, An Thọ, Mỹ Đức" — a colon that opens a list of names, not a frame
ENUMERATION = re.compile(r"\s*:?\s*[A-ZĐ][\wÀ-ỹ]*(?:\s[A-ZĐ][\wÀ-ỹ]*)?\s*,\s*[A-ZĐ]")
_PRONOUN = re.compile(rf"^(?:{alternation(_U['addressees'])})(?!\w)", re.I)
# "chủ trì, phối hợp (chặt chẽ) với ...", "cùng với ..."
_CO_OPENER = re.compile(rf"(?:{alternation(_U['co_roles'] + _U['co_joiners'])})\s+", re.I)
_LEAD_ROLE = re.compile(rf"\s*,?\s*(?:{alternation(_U['lead_roles'])})?\s*,?\s*", re.I)
_CO_ROLE = re.compile(rf"(?:{alternation(_U['co_roles'])})\s+", re.I)


def starts_with_unit(text: str) -> bool:
    return bool(HEAD.match(text.strip()))


def clean_unit(text: str) -> str:
    text = squash(text).strip(" ,;:.-–")
    text = re.sub(r"^(?:và|cùng)\s+", "", text)  # "C. Ý, T. Hà và 4 SV nam" split after the comma
    text = re.sub(r"\s*\((?:t/h|b/c|thực hiện|báo cáo|để\s.*)\)$", "", text, flags=re.I)
    text = re.sub(r"\s*\((?:theo|tại|xem|kèm theo)\s[^()]*\)$", "", text, flags=re.I)  # "(theo Phụ lục II)"
    text = re.sub(r"\s*\((?:sau|dưới) đây gọi(?: tắt)? là\s[^()]*\)$", "", text, flags=re.I)  # the short name it gets
    text = re.sub(r"^(?:cho|với|đối với)\s+", "", text, flags=re.I)
    return upper_first(text)


def split_units(text: str) -> list[str]:
    """A run of unit names -> the names."""
    out: list[str] = []
    # ";" and a line always split, and so does a bullet after punctuation ("...cộng đồng: - Các cơ quan")
    for part in re.split(r"\s*[;\n]\s*|(?<=[:.,])\s*[-–+]\s+(?=[A-ZĐ])", text):
        shared = _SHARED_HEAD.match(part) or _SHARED_PLURAL.match(part)
        if shared and _SHARED_PLURAL.match(part) and any(HEAD.match(n.strip()) for n in shared.group(2).split(",")):
            shared = None  # "các Sở Y tế, UBND các huyện": names of their own after the first
        if shared:  # "các Sở: Tài chính, Kế hoạch và Đầu tư" -> "Sở Tài chính", "Sở Kế hoạch và Đầu tư"
            head = upper_first(shared.group(1))
            out += [f"{head} {clean_unit(n)}" for n in shared.group(2).split(",") if clean_unit(n)]
            continue
        pieces = re.split(
            r"(,\s*)"
            + _NEXT_UNIT
            + r"|\s+(?:và|cùng)\s+"
            + _NEXT_UNIT
            + r"|\s*/\s*"
            + _NEXT_UNIT
            + r"|\s+và\s+(?=(?:tất\s+cả\s+)?các\s)",
            part,
        )
        joined: list[str] = []
        for raw, comma in zip(pieces[::2], [None] + pieces[1::2]):
            p = clean_unit(raw)
            if comma and joined and _bare_collective(joined[-1]) and not _PLURAL.match(p) and _bare_heads(p):
                joined[-1] += ", " + squash(raw).strip(" ,;:.-–")
            elif comma and joined and _bare_head(joined[-1]) and not _has_place(joined[-1]) and _located(p):
                joined[-1] += ", " + squash(raw).strip(" ,;:.-–")  # "HĐND, UBND các tỉnh": one locality's pair
            elif comma is None and joined and _JOINT_OFFICE.match(joined[-1]) and _JOINT_BODY.match(p):
                joined[-1] += " và " + p  # "Văn phòng Đoàn ĐBQH và HĐND tỉnh": one office of two bodies
            elif p and len(p.split()) <= 25:
                joined.append(p)
        out += joined
    return out


_PLACES = set(_U["place_words"])
_JOINT_OFFICE = re.compile(
    rf"^(?:{alternation(_U['joint_offices']['heads'])})\s+(?:{alternation(_U['joint_offices']['bodies'])})$", re.I
)
_JOINT_BODY = re.compile(rf"^(?:{alternation(_U['joint_offices']['bodies'])})(?!\w)(?!\s+(?:các|những)\s)")
# One head word shared by the names listed after a colon, each capitalised: "các Sở: Tài chính, Xây dựng",
# "Các Bộ: Công Thương, Giao thông vận tải"; a locality's list ("UBND các xã: A, B") stays one name
_SHARED_HEAD = re.compile(
    rf"^\s*(?:[Cc]ác\s+)?({alternation(_U['shared_heads'])})\s*:\s*"
    r"((?:[A-ZĐ][^\W\d]*(?:\s+(?:[^\W\d]+|[-–&]))*\s*,\s*)+[A-ZĐ][^\W\d]*(?:\s+(?:[^\W\d]+|[-–&]))*)\s*$"
)
# ... and after a plural, without the colon: "Các Bộ Tài nguyên và Môi trường, Nông nghiệp và Phát triển
# nông thôn, Tư pháp" -> "Bộ Tài nguyên và Môi trường", "Bộ Nông nghiệp và Phát triển nông thôn", "Bộ Tư pháp"
_SHARED_PLURAL = re.compile(
    _SHARED_HEAD.pattern.replace(r"(?:[Cc]ác\s+)?", r"[Cc]ác\s+", 1).replace(r"\s*:\s*", r"\s+", 1)
)


def _bare_head(piece: str) -> bool:
    """A head word with no name after it ("Viện", "Ban", "phòng ban", "ngành"): lower-case words
    only, none a place ("Công an tỉnh" is a named unit) nor a plural of its own."""
    head = HEAD.match(piece)
    if not head or _PLURAL.match(piece):
        return False
    rest = re.sub(r"\s+(?:trực\s+)?thuộc\s.*$", "", piece[head.end() :]).split()  # "Viện thuộc Bộ"
    if rest and piece[:1].isupper():
        return False  # "Chi bộ khu dân cư" after "các cơ quan, đơn vị": a capitalised head with its name
    return all(w.islower() and w not in _PLACES and w not in ("các", "những") for w in rest)


def _located(piece: str) -> bool:
    """A head whose name is its locality ("UBND các tỉnh, thành phố", "Ủy ban nhân dân huyện"): the
    modifier that a bare head before it shares."""
    head = HEAD.match(piece)
    rest = piece[head.end() :] if head else ""
    return bool(re.match(rf"\s+(?:các\s+)?(?:{alternation(sorted(_PLACES, key=len, reverse=True))})\b", rest))


def _has_place(piece: str) -> bool:
    """ "Trưởng thôn": a head that names its own locality, which shares no modifier."""
    return any(w in _PLACES for w in piece.lower().split())


def _bare_collective(piece: str) -> bool:
    """ "Các Khoa", "Các Cục, Vụ": a plural of bare head words, which the bare heads after it join
    ("Các Khoa, Viện, Bộ môn" is one collective, as "Các sở, ban, ngành" is)."""
    return bool(_PLURAL.match(piece)) and _bare_heads(piece)


_PLURAL = re.compile(r"(?i)^các\s+")


def _bare_heads(piece: str) -> bool:
    """Is every comma-separated part of the piece, its "các" aside, a bare head ("Các Vụ", "Viện")?"""
    return all(_bare_head(_PLURAL.sub("", part)) for part in piece.split(", "))


def _until_stop(text: str, start: int) -> tuple[str, int]:
    """The unit names from `start` up to the verb that follows them."""
    head = HEAD.match(text, start)
    search_from = head.end() if head else start  # "Ban quản lý ...": the head word itself never stops
    m = STOP.search(text, search_from)
    while m and ENUMERATION.match(text, m.start()):
        m = STOP.search(text, m.end())
    end = m.start() if m else unknown_verb(text, search_from)
    end = _verb_series(text, search_from, end)
    colon = _NAMES_COLON.search(text, search_from, end)
    if colon:
        end = colon.start()  # "Đề nghị Ủy ban nhân dân các xã, phường: Tổ chức ...": the names end at the colon
    if m:
        scope = _SCOPE.search(text, search_from, end)
        if scope:
            end = scope.start()  # "các Ban HĐND Thành phố theo lĩnh vực phụ trách tiếp tục ..."
    described = _DESCRIBED.search(text, search_from, end)
    if described:
        end = described.start()  # "Các Ban QLDA trên địa bàn thành phố là chủ đầu tư ...": what they are
    return text[start:end], end


# a colon before the action's verb, capitalised ("...: Tổ chức triển khai"); not one before names
_NAMES_COLON = re.compile(rf"\s*:\s+(?=(?i:{alternation(rules()['directives']['verbs'])})(?![\w]))(?=[A-ZĐ])")
_SCOPE = re.compile(rf"\s+(?:{alternation(_U['scope_words'])})\s")
_DESCRIBES = (
    "".join(f"(?<!{re.escape(w)})" for w in _U["not_describing"]) + rf"\s+(?:{alternation(_U['describes'])})\s"
)  # "Các Ban QLDA ... là chủ đầu tư ...:": what it is
_DESCRIBED = re.compile(_DESCRIBES)


def _verb_series(text: str, start: int, end: int) -> int:
    """Where names end at a series of verbs ("Sở Y tế đánh giá, tổng hợp ...", "Chủ tịch UBND cấp xã
    đánh giá, quyết định xếp loại ..."): at a lower-case verb (pyvi's tags) that a comma follows and
    then the stop word found or another lower-case verb, no unit name holding them; else `end`."""
    if end <= start or "," not in text[start : end + 1]:
        return end
    tags = tagged(text[start : min(len(text), end + 40)])
    at = start
    for i, (word, pos) in enumerate(tags[:-2]):
        at = text.find(word.split("_")[0], at)
        if at < 0 or at >= end:
            break
        after = tags[i + 2][0]
        verb_next = tags[i + 2][1] == "V" and after[:1].islower() and after.replace("_", " ") not in _NAME_WORDS
        stop_next = text[at + len(word) : end + 1].strip() == ","  # the stop word found comes next
        if (
            pos == "V"
            and word[:1].islower()
            and tags[i + 1][0] == ","
            and (stop_next or verb_next)
            and word.replace("_", " ") not in _NAME_WORDS
            and text[at - 1 : at].isspace()
        ):
            return at
    return end


def names_end(text: str, start: int = 0) -> int:
    """Where the unit names that open `text` at `start` end: at the verb that follows them."""
    return _until_stop(text, start)[1]


_NAME_WORDS = {w.lower() for w in _U["name_verbs"] + _U["name_compounds"]}


def unknown_verb(text: str, start: int) -> int:
    """Where a sentence's names end when no stop word follows them: at the first lower-case verb
    (pyvi's tags) that no unit name holds ("Sinh viên đăng ký học phần ..."); the text's end in a
    line that is no sentence (a list of names) or has no such verb."""
    if not re.search(r"\.\s*$", text):
        return len(text)
    for word, pos in tagged(text):
        if pos == "V" and word[:1].islower() and word.replace("_", " ") not in _NAME_WORDS:
            at = text.find(" " + word.replace("_", " "), start)
            if at >= 0:
                return at
    return len(text)


def split_collectives(units: list[str]) -> list[str]:
    """ "Cục Quản lý thị trường tỉnh, các sở, ban ngành" -> a named unit and a collective: a ", các"
    after a unit that is not itself a collective opens a new one."""
    out = []
    for u in units:
        collective = re.match(r"(?i)(?:(?:thủ\s+trưởng|chủ\s+tịch|người\s+đứng\s+đầu)\s+)?các\s", u)
        # a collective's own list stays one ("Các sở, ban, ngành"); a second "các" opens another
        # ("Các Bộ, ngành, các địa phương")
        parts = re.split(r",\s+(?=các\s)", u) if not collective or collective.end() < len(u) else [u]
        out += [clean_unit(p) for p in parts if p.strip()]
    return out


def heading_units(text: str) -> tuple[list[str], list[str]] | None:
    """A unit heading ("2.1. Đội Thuế liên huyện khu vực V", "1. Văn phòng huyện:", "Phòng X chủ trì,
    phối hợp với Y thực hiện:") -> (units, co_units); None when the heading names no unit."""
    found = _heading_units(text)
    return (list(found[0]), list(found[1])) if found else None


def co_units(text: str) -> list[str]:
    """Units after "phối hợp (với)" / "cùng với"."""
    return list(_co_units(text))


@lru_cache(maxsize=4096)
def _co_units(text: str) -> list[str]:
    """co_units, cached."""
    out: list[str] = []
    for m in _CO_OPENER.finditer(text):
        rest = text[m.end() :]
        if not HEAD.match(rest) and not _PRONOUN.match(rest) and not re.match(r"(?:các|những)\s", rest, re.I):
            continue
        stop = CO_STOP.search(rest)
        chunk = rest[: stop.start()] if stop else rest
        found = [p for u in split_units(chunk) for p in re.split(r",\s+(?=các\s)", u)]  # one "các" per collective
        out.extend(clean_unit(u) for u in found if clean_unit(u) not in out)
    return out


def assigned_units(text: str, with_form: bool = False):
    """Units a directive assigns and where the frame that names them ends (0 when none).

    Forms: "giao" ("Giao <units> (chủ trì) ..."), "request" ("Đề nghị/Yêu cầu <units> <verb> ..."),
    "colon" ("<units>: ..."), "subject" ("<units> <verb> ..." with the units opening the sentence).
    With `with_form`, returns (units, frame end, form).
    """
    units, end, form = _assigned(text)
    return (list(units), end, form) if with_form else (list(units), end)


_HANDED = re.compile(r"\s+giao(?:\s+cho)?\s+")  # inside a subject's names: the issuer hands work on
_STEP = re.compile(rf"\s*(?:{alternation(_U['step_words'])})\s+\d+\s*[:.)]\s*")
_ASIDE = re.compile(rf"\s*(?:{alternation(_U['aside_openers'])})\s+(?=[A-ZĐ]|các\s)")


def sets_apart(text: str) -> bool:
    """Does the sentence open by setting its subject apart ("Riêng Cục Thuế các tỉnh Tây Nguyên ...")?"""
    return bool(_ASIDE.match(text))


_TOPIC = re.compile(rf"\s*(?:{alternation(_U['topic_openers'])})\s+[^:;.]{{3,100}}?:\s+(?=[A-ZĐ])")
_DD = rules()["directives"]
# "giao", "Giao", "GIAO"; "đề nghị", "Đề nghị" (rules/directives.yaml)
_ASSIGN_WORDS = [f(w) for w in _DD["assign_words"] for f in (str, upper_first, str.upper)]
_GIAO = re.compile(rf"\s*(?:[^,.;:]{{0,60}}?,\s*)?(?:{alternation(_ASSIGN_WORDS)})\s+(?:cho\s+)?")
_REQUEST_WORDS = _DD["request_words"] + [upper_first(w) for w in _DD["request_words"]]
_REQUEST = re.compile(rf"\s*(?:[^.;:]{{0,320}}?\s)??(?:{alternation(_REQUEST_WORDS)})\s+")  # the first request word
_ROLE_SPLIT = re.compile(r"\s+(?:" + "|".join(map(re.escape, _U["lead_roles"] + _U["co_roles"])) + ")|" + _DESCRIBES)
# A subject up to its words of duty, 16 words at most, no clause mark inside (rules/units.yaml,
# subject_ends); one that holds a verb taking a unit ("Sở X hướng dẫn các đơn vị có trách nhiệm"), a
# request, or a verb joined by "và" is a clause, no name
_ROLE_SUBJECT = re.compile(rf"\s*((?:[^\W\d]|[\s&/-])+?)\s+(?:{alternation(_U['subject_ends'])})\s")
_ROLE_NOT_NAME = re.compile(
    rf"(?:\s(?:{alternation(_ASSIGN_WORDS + _REQUEST_WORDS + _U['lead_roles'] + _U['co_roles'])}"
    r"|hướng\s+dẫn|chỉ\s+đạo|đôn\s+đốc|phân\s+công)\s|\s(?:và|đồng\s+thời)$|^(?:\S+\s+){16})"
)
# A team member's line: "Ông. Hoàng Văn Thuân - Trưởng đoàn: ...", "Bà Lê Thị Hoa, Thư ký: ..."
_PERSON_ROLE = re.compile(
    r"\s*(?:[Bb]à|[Ôô]ng|[Đđ]ồng\s+chí|[Đđ]/c)\.?\s+(?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*\s+){1,4}?[A-ZĐÀ-Ỹ][\wÀ-ỹ]*"
    r"\s*[-–,]\s*(?P<role>[^:;.,]{2,60}?)\s*:\s+(?=\S)"
)
_NOT_SUBJECT = re.compile(r"\s*(?:" + "|".join(map(re.escape, _U["not_subjects"])) + ")")


@lru_cache(maxsize=4096)
def _assigned(s: str) -> tuple[list[str], int, str | None]:
    step = _STEP.match(s)
    if step:  # "Bước 3: Tập thể cán bộ ... họp ...": the step's label, then the sentence
        units, end, form = _assigned(s[step.end() :])
        return units, (step.end() + end if end else 0), form
    aside = _ASIDE.match(s)
    if aside:  # "Riêng Cục Thuế các tỉnh Tây Nguyên tập trung ...": the word, then the sentence
        units, end, form = _assigned(s[aside.end() :])
        if units:
            return units, (aside.end() + end if end else 0), form
    topic = _TOPIC.match(s)
    if topic:  # "Về công tác ...: UBND thành phố khẩn trương ...": the topic, then the sentence
        units, end, form = _assigned(s[topic.end() :])
        if units:
            return units, (topic.end() + end if end else 0), form
    m = _GIAO.match(s)
    if m and (HEAD.match(s[m.end() :]) or _PRONOUN.match(s[m.end() :])):
        chunk, end = _until_stop(s, m.end())
        units = split_collectives(split_units(chunk))
        if units:
            return units, _frame_end(s, end), "giao"
    m = _REQUEST.match(s)
    if m and re.search(rf"\bhoặc\s+(?:{alternation(_REQUEST_WORDS)})$", s[: m.end()].rstrip()):
        m = None  # "xử lý theo thẩm quyền hoặc đề nghị cơ quan có thẩm quyền ...": an action's option
    if m and _LETTER_REQUEST.search(s[: m.end()]):
        m = None  # "BHXH các tỉnh có văn bản đề nghị các cơ sở ...": the request is in the letter the subject writes
    if m and (HEAD.match(s[m.end() :]) or _PRONOUN.match(s[m.end() :])):
        chunk, end = _until_stop(s, m.end())
        more = _AND_REQUEST_NEXT.match(s, end) if re.search(r"(?:,|\s+và)\s*$", chunk) else None
        if more:  # "... các sở, UBND các huyện và đề nghị <units> ...": the first list ends before "và"
            chunk = re.sub(r"(?:,|\s+và)\s*$", "", chunk)
        units = split_units(chunk)
        if units and more and HEAD.match(s, more.end()):
            units += split_units(_until_stop(s, more.end())[0])
        if units:
            return _requested_before(s[: m.end()]) + units, 0, "request"
    person = _PERSON_ROLE.match(s)
    if person:  # "Ông. Hoàng Văn Thuân - Trưởng đoàn: Phụ trách chung ...": the role is the unit
        return [upper_first(person.group("role").strip())], person.end(), "colon"
    colon = re.match(r"\s*([^:;.]{3,160}?)\s*:\s+(?=\S)", s)
    if (
        colon
        and (HEAD.match(colon.group(1)) or _looks_like_name(colon.group(1)))
        and not _is_label(colon.group(1))
        and not ENUMERATION.match(s[colon.end() :])
    ):
        units = split_units(_DUTY_END.sub("", _ROLE_SPLIT.split(colon.group(1))[0]))  # "Cơ sở ... phải: (1) ..."
        if units:
            return units, _frame_end(s, colon.end()), "colon"
    if HEAD.match(s.strip()) and not _NOT_SUBJECT.match(s):
        chunk, end = _until_stop(s, 0)
        letter = _LETTER_START.search(chunk)
        if letter:  # "BHXH các tỉnh có văn bản đề nghị ...": the names end at the letter they write
            chunk = chunk[: letter.start()]
        role = _ROLE_SUBJECT.match(s)
        if role and not _ROLE_NOT_NAME.search(role.group(1)):
            return split_collectives(split_units(role.group(1))), 0, "subject"
        handed = _HANDED.search(chunk)
        if handed and chunk[handed.end() :][:1].isupper() and HEAD.match(chunk, handed.end()):
            # "Chủ tịch UBND tỉnh giao Sở Thông tin và Truyền thông chủ trì ...": the one handed the work
            units = split_collectives(split_units(chunk[handed.end() :]))
            if units:
                return units, _frame_end(s, end), "giao"
        if end < len(s) and len(chunk.split()) <= 40:
            units = split_collectives(split_units(chunk))
            if units:
                return units, 0, "subject"
    openers = [_OPENER.match(s)]
    if _CLAUSE_OPENER.match(s):
        openers += [
            m
            for m in _CLAUSE_SUBJECT.finditer(s, 0, 110)
            if not re.search(r"[.;:]", s[: m.start()]) and (s[m.end()].isupper() or _LOWER_SUBJECT.match(s, m.end()))
        ]
    for opener in openers:
        if opener and HEAD.match(s, opener.end()) and _no_verb_first(s[: opener.end()]):
            # "Trong thời gian nghỉ lễ, các đơn vị phải ...", "Khi nhận GCN, thí sinh xuất trình ..."
            rest = s[opener.end() :]
            units, end, form = _assigned(rest)
            if form == "subject" and not _REPORTED.match(rest, names_end(rest)):
                return units, 0, form
            if form == "colon" and _DUTY_END.search(rest[: rest.find(":")]):
                return units, opener.end() + end, form  # "Tuy nhiên, ..., cơ sở ... phải: (1) ...; (2) ..."
    return [], 0, None


_LETTER = rf"\s(?:{alternation(_U['letter_verbs'])})\s+(?:{alternation(_U['letters'])})"  # "có văn bản", "gửi công văn"
_LETTER_REQUEST = re.compile(rf"{_LETTER}\s+(?:{alternation(_REQUEST_WORDS)})\s+$")
_LETTER_START = re.compile(rf"{_LETTER}(?!\w)")
_DUTY_END = re.compile(rf"\s+(?:{alternation(_DD['narrative_exceptions']['duties'])})$")
_AND_REQUEST = re.compile(rf"(?:,|\s+và)\s+(?:{alternation(_REQUEST_WORDS)})\s+$")
_AND_REQUEST_NEXT = re.compile(rf"\s*(?:{alternation(_REQUEST_WORDS)})\s+")


def _requested_before(prefix: str) -> list[str]:
    """ "Thủ trưởng các cơ quan, Chủ tịch UBND các xã và đề nghị ...": the units asked first, before a
    request word that asks those the issuer does not direct."""
    tail = _AND_REQUEST.search(prefix)
    if not tail:
        return []
    head = prefix[: tail.start()]  # the first request word is the tail's: _REQUEST matches the earliest
    if not HEAD.match(head) or STOP.search(head):
        return []
    return split_units(head)


# A clause before the subject: when or about what ("Trong thời gian nghỉ lễ, ...", "Lịch giảng dạy của
# các ngày nghỉ nói trên, ..."), opening with no verb; the subject after it must have one.
_OPENER = re.compile(r"\s*[A-ZĐ][^,.;:]{3,80}?,\s+(?=(?:[Cc]ác|[Tt]ất|[Tt]oàn)\s)")
# Openers of a clause of time, condition or basis that the tagger may read as verbs ("Kể từ ngày
# 03/10/2016, Phòng ...", "Thực hiện Kế hoạch số 12/KH-UBND, Sở ..."): rules/units.yaml, clause_openers
_CLAUSE_OPENER = re.compile(rf"\s*(?:{alternation(_U['clause_openers'])})[\s,]", re.I)
# ... after such a clause any unit may be the subject, a person even in lower case ("Kể từ ngày
# 03/10/2016, Phòng ...", "Khi nhận GCN, thí sinh xuất trình ...")
_CLAUSE_SUBJECT = re.compile(r",\s+(?=\w)")
_LOWER_SUBJECT = re.compile(rf"(?:{alternation(_U['lower_subjects'] + ['các', 'tất cả các', 'toàn thể'])})\s")
_REPORTED = re.compile(r"\s*(?:đã|vừa)\s")  # "Trong tuần, UBND thành phố đã triển khai ...": a report, no directive


def _no_verb_first(clause: str) -> bool:
    """Does the clause open with no verb (pyvi's tags)? "Phối hợp cùng các phòng, ..." is the directive
    itself, its list running on after the comma."""
    if _CO_OPENER.search(clause):  # "Thường xuyên phối hợp với ..."
        return False
    if _CLAUSE_OPENER.match(clause):
        return True
    tags = tagged(clause.strip())
    return bool(tags) and tags[0][1] != "V"


def _looks_like_name(text: str) -> bool:
    """Capitalised words before a colon; a step, floor or round ("Bước 3", "Tầng 2", "1/ Nhân lực")
    is no name."""
    words = text.split()
    return (
        1 <= len(words) <= 8
        and all(w[:1].isupper() or not w[:1].isalpha() for w in words[:2])
        and not re.search(r"\d", text)
    )


_FIELD_LABEL = re.compile("|".join(map(re.escape, _U["field_labels"])), re.I)


def _is_label(text: str) -> bool:
    """Is the text before a colon a field name ("Thời gian: ...") rather than a unit ("Sở X: ...")?"""
    return bool(_FIELD_LABEL.match(text))


def _frame_end(text: str, pos: int) -> int:
    """After the unit names, skip "chủ trì, phối hợp với <units>," so the action starts at its verb."""
    m = _LEAD_ROLE.match(text[pos:])
    p = pos + (m.end() if m else 0)
    m2 = _CO_ROLE.match(text[p:])
    if m2:
        rest = text[p + m2.end() :]
        stop = CO_STOP.search(rest)
        if stop:
            p = p + m2.end() + stop.start()
            p += len(re.match(r"\s*,?\s*", text[p:]).group(0))
    return p


@lru_cache(maxsize=4096)
def _heading_units(text: str) -> tuple[list[str], list[str]] | None:
    """heading_units, cached: the list tree asks the same heading many times."""
    t = text.strip().rstrip(":").strip()
    if not t:
        return None
    lead = re.match(r"(?i)(?:các\s+đơn\s+vị\s*:\s*)", t)
    if lead:
        return [clean_unit(t)], []
    # "Yêu cầu đối với các tổ chức ...", "Trách nhiệm của Sở ...", "Nhiệm vụ của UBND các xã", "Đối với sinh viên"
    role = re.match(r"(?i)(?:(?:yêu\s+cầu|trách\s+nhiệm|nhiệm\s+vụ)\s+(?:đối\s+với|của)|đối\s+với)\s+", t)
    if role and (HEAD.match(t[role.end() :]) or _PRONOUN.match(t[role.end() :])):
        units = split_units(t[role.end() :].rstrip("."))
        if units:
            return units, []
    head = HEAD.match(t) or _PRONOUN.match(t)
    if head:
        m = STOP.search(t, head.end())  # the head word itself never stops ("Các tổ chức thành viên ...")
        chunk = _DESCRIBED.split(t[: m.start()] if m else t)[0]
        colon = re.search(r":\s+(?=\S)", chunk)
        if colon and not ENUMERATION.match(chunk, colon.start()):  # "UBND các xã: An Thái, An Thọ" is one name
            chunk = chunk[: colon.start()]  # "Liên đoàn Lao động tỉnh: Chỉ đạo ...": the names end at the colon
        units = split_collectives(split_units(chunk))
        if units and (m is None or re.search(r"(?i)thực hiện|nhiệm vụ|như sau|sau\s*$|:", t[m.start() :] + ":")):
            return units, co_units(t)
    return None
