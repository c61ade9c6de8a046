"""The labels of the Nghị định 30/2020 layout (Phụ lục I) as patterns, built from rules/layout.yaml:
the Quốc hiệu, the number line, the trích yếu, Kính gửi, the bases, Nơi nhận, the signature's
authority and marks. The segmenter labels blocks with them; readers of laid-out formats (HTML,
Markdown) use them to tell a header or signature table from a data table."""

from __future__ import annotations

import re

from .rules import alternation, rules

_L = rules()["layout"]
QUOC_HIEU = re.compile(rf"{alternation(_L['motto'])}|^\W*(?:{alternation(_L['motto_lines'])})\W*$", re.I)
# A rule under the header's names, as typed or drawn: "-------", "___", "-----o0o-----"
RULE_LINE = re.compile(r"(?=\s*\S)[-‒–—―_*=.\s]*(?:o0o|oOo)?[-‒–—―_*=.\s]*")
# The number label, or OCR's misreading of it (any vowel, "Sô:", "Sé."), which counts only with its
# colon or dot and a symbol after a slash: "Sô:1254 /KH-BGDĐT"
_LABEL, _LABEL_OCR = re.escape(_L["number_label"]), alternation([_L["number_label"]], ocr=True)
_NUMBER = rf"(?:{_LABEL}\b|{_LABEL_OCR}\s*[:.](?=[^/\n]{{0,15}}/\s*[A-ZĐ]))"
NUMBER_LINE = re.compile(
    rf"^{_NUMBER}\s*:?\s*[\d\s]*(?:/\d{{4}})?[/\-]?\s*[A-ZĐ]|^{_NUMBER}\s*:\s*$|^{_NUMBER}\s*:?\s*/"
)  # "Số: 12/UBND-VP", "Số 1152/2003/QĐ-BTNMT", "Số: /GM-HĐND"
# An issuer's name a web copy wrote in title case over the number line ("Bộ Tài nguyên và Môi trường")
ISSUER_LINE = re.compile(r"[A-ZĐÀ-Ỹ][^\d.,;:!?]{2,48}")
NUMBER_LABEL = re.compile(rf"^{_NUMBER}")
DATE_LINE = re.compile(r"^[^,]{2,40},\s*ngày\b.*\bnăm\s*\d{4}")
# A field of a receiving office's stamp, empty or filled in: "Chuyển: .......", "Số và ký hiệu HS: ....", "ĐẾN"
STAMP_LINE = re.compile(rf"^(?:(?:{alternation(_L['stamp_fields'])})\s*(?::[\d\s./…-]*)?\s*)+$")
SUBJECT_LINE = re.compile(rf"^(?:{alternation(_L['subject_labels'])})\b", re.I)
# The label with what follows it up to the text, for removing it: "V/v: ", "Kính gửi: ", "BỘ Y TẾ điện: "
SUBJECT_LABEL = re.compile(rf"^(?:{alternation(_L['subject_labels'])})\s*:?\s*", re.I)
_GLUED_LABELS = alternation(_L["recipient_labels"]).replace(r"\s+", r"\s*")  # a web copy's "Kínhgửi:"
RECIPIENT_LABEL = re.compile(
    rf"^(?:{alternation(_L['recipient_labels'])})\s*:?\s*|^(?:{_GLUED_LABELS})\s*:\s*"
    rf"|^[A-ZĐ][A-ZĐÀ-Ỹ\s]+\s+{re.escape(_L['dispatch_word'])}\s*:\s*",
    re.I,
)
# A label as OCR may misread it (any vowel wrong) counts only with its colon: "Nưi nhận:"
KINH_GUI = re.compile(
    rf"^(?:{alternation(_L['recipient_labels'])})\s*:?|^(?:{alternation(_L['recipient_labels'], ocr=True)})\s*:"
    rf"|^(?:{_GLUED_LABELS})\s*:"
    rf"|^[A-ZĐ][A-ZĐÀ-Ỹ\s]+\s+{re.escape(_L['dispatch_word'])}\s*:",
    re.I,
)
# a rule line's remains ("__", "~") may stand before a basis OCR'd from a scan
BASIS = re.compile(rf"^(?:[_~]+\s*)?(?:{alternation(_L['basis_openers'])})\b")
NOI_NHAN = re.compile(
    rf"^(?:{alternation(_L['cc_labels'])})\s*:?|^(?:{alternation(_L['cc_labels'], ocr=True)})\s*:", re.I
)
AUTHORITY = re.compile(rf"^(?:{alternation(_L['authority_prefixes'])})\.?\s+\S", re.I)
SIGNED = re.compile(rf"^\(?\[?(?:{alternation(_L['signed_marks'])})\]?", re.I)
NAME_DEGREE = re.compile(rf"^(?:(?:{alternation(_L['name_degrees'])})(?:\.\s*|\s+))+(?=[A-ZĐÀ-Ỹ][a-zà-ỹđ])", re.I)
DECIDES = re.compile(rf"^(?:{alternation(_L['decision_titles'])})\s*:\s*$")
