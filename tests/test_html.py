"""HTML inputs: Word's "Save as Web Page" in a Windows code page, its single-file .mht, portal pages
with their chrome, task tables, lists, broken markup, charsets, and the format told from content.

The pages are written here: a Kế hoạch of an Ủy ban MTTQ xã as Word writes it (MsoNormal
paragraphs, list labels in mso-list:Ignore spans, conditional comments, <o:p>, CRLF line wraps,
Windows-1258 bytes with combining tones under a <meta> that says windows-1252), the same as a
single-file web page (.mht) and as a DOCX, and a provincial portal's page around a document.
"""

from __future__ import annotations

import base64
import json
import quopri
import subprocess
import sys
import textwrap
import unicodedata
from html import escape

import pytest
from conftest import ROOT, cp1258

from extractor.ingest import IngestError, load, sniff
from extractor.ingest.html import decode
from extractor.pipeline import build_record

HEADER = (
    ["ỦY BAN MTTQ VIỆT NAM", "XÃ ĐƯỜNG AN", "BAN THƯỜNG TRỰC", "Số: 08/KH-MTTQ-BTT"],
    ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Đường An, ngày 16 tháng 3 năm 2026"],
)
TITLE = ["KẾ HOẠCH", "Tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2026"]
BODY = [  # (level, label, text): level 0 a paragraph, 1-3 Word list levels (I., 1., bullet)
    (
        0,
        "",
        "Thực hiện Kế hoạch số 15/KH-MTTQ-BTT ngày 02/3/2026 của Ban Thường trực Ủy ban MTTQ Việt Nam huyện về "
        "tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2026, Ban Thường trực Ủy ban MTTQ Việt Nam xã xây dựng "
        "Kế hoạch như sau:",
    ),
    (1, "I.", "MỤC ĐÍCH, YÊU CẦU"),
    (2, "1.", "Phát huy truyền thống đoàn kết của nhân dân trong xã, tạo khí thế thi đua ở các khu dân cư."),
    (2, "2.", "Việc tổ chức Ngày hội phải thiết thực, tiết kiệm, phù hợp với phong tục của từng thôn."),
    (1, "II.", "NỘI DUNG VÀ TỔ CHỨC THỰC HIỆN"),
    (
        2,
        "1.",
        "Ban Công tác Mặt trận các thôn tổ chức họp dân bàn nội dung Ngày hội, gửi kế hoạch về Ban Thường "
        "trực Ủy ban MTTQ xã trước ngày 31/3/2026.",
    ),
    (
        2,
        "2.",
        "Hội Cựu chiến binh xã chủ trì, phối hợp với Đoàn Thanh niên xã ra quân vệ sinh môi trường vào sáng "
        "Chủ nhật hằng tuần.",
    ),
    (2, "3.", "Các tổ chức chính trị - xã hội xã:"),
    (3, "-", "Tuyên truyền, vận động hội viên tham gia Ngày hội ở khu dân cư;"),
    (3, "-", "Báo cáo kết quả về Ban Thường trực Ủy ban MTTQ xã trước ngày 15/11/2026."),
    (0, "", "Phân công cụ thể như sau:"),
    ("table", None, None),
    (1, "III.", "KINH PHÍ"),
    (0, "", "Kinh phí tổ chức Ngày hội từ nguồn ngân sách xã và nguồn xã hội hóa."),
]
TABLE = [  # None: the cell above spans into this row
    ["STT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành"],
    [
        "1",
        "Xây dựng kế hoạch tổ chức Ngày hội ở khu dân cư",
        "Ban Công tác Mặt trận các thôn",
        "Chi bộ các thôn",
        "Trước ngày 31/3/2026",
    ],
    ["2", "Tổng hợp danh sách hộ gia đình văn hóa tiêu biểu", None, "Hội Phụ nữ xã", "Trước ngày 30/9/2026"],
    ["3", "Tổ chức Ngày hội tại các khu dân cư", "Ủy ban MTTQ xã", "Các đoàn thể xã", "Trước ngày 15/11/2026"],
]
FOOTER = (
    ["Nơi nhận:", "- Ban Thường trực UBMTTQ huyện;", "- Đảng ủy, HĐND, UBND xã;", "- Lưu: VP."],
    ["TM. BAN THƯỜNG TRỰC", "CHỦ TỊCH", "(Đã ký)", "Nguyễn Văn Bình"],
)


# --- the renditions -----------------------------------------------------------------------------


def _wrap(html: str) -> str:
    """Word wraps its HTML's lines near 76 columns, with CRLF, at spaces."""
    return "\r\n".join(textwrap.wrap(html, 76, break_long_words=False, break_on_hyphens=False))


def _p(text: str, cls: str = "MsoNormal", align: str = "", bold: bool = False) -> str:
    run = (
        f"<span lang=VI style='font-size:14.0pt;font-family:\"Times New Roman\",serif'>{escape(text)}<o:p></o:p></span>"
    )
    return _wrap(
        f"<p class={cls}{' align=' + align if align else ''} style='margin-bottom:0cm;line-height:normal'>"
        + (f"<b>{run}</b>" if bold else run)
        + "</p>"
    )


def _list_p(level: int, label: str, text: str) -> str:
    """A paragraph of Word's automatic numbering: its label in an mso-list:Ignore span (a bullet in
    the Symbol font, as Word writes it)."""
    mark = (
        "<span style='font-family:Symbol;mso-fareast-font-family:Symbol;mso-bidi-font-family:Symbol'>"
        "<span style='mso-list:Ignore'>·<span style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;"
        "&nbsp; </span></span></span>"
        if label == "-"
        else f"<span style='mso-list:Ignore'>{label}<span style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp;&nbsp; "
        "</span></span>"
    )
    return _wrap(
        f"<p class=MsoListParagraphCxSpMiddle style='margin-left:{18 * level}.0pt;text-indent:-18.0pt;"
        f"mso-list:l0 level{level} lfo1'><![if !supportLists]><span lang=VI style='font-size:14.0pt'>{mark}"
        f"</span><![endif]><span lang=VI style='font-size:14.0pt'>{escape(text)}<o:p></o:p></span></p>"
    )


def _layout_table(left: list[str], right: list[str]) -> str:
    cells = "".join(
        "<td width=300 valign=top style='width:225.0pt;padding:0cm 5.4pt 0cm 5.4pt'>"
        + "\r\n".join(_p(x, align="center", bold=True) for x in lines)
        + "</td>"
        for lines in (left, right)
    )
    return (
        "<table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0 style='border-collapse:collapse;"
        f"mso-yfti-tbllook:1184'>\r\n<tr style='mso-yfti-irow:0'>{cells}</tr>\r\n</table>"
    )


def _task_table() -> str:
    rows = []
    for i, row in enumerate(TABLE):
        cells = []
        for k, text in enumerate(row):
            if text is None:
                continue
            span = " rowspan=2" if i + 1 < len(TABLE) and TABLE[i + 1][k] is None else ""
            cells.append(
                f"<td valign=top{span} style='border:solid windowtext 1.0pt;padding:0cm 5.4pt'>"
                + _p(text, align="center" if i == 0 else "", bold=i == 0)
                + "</td>"
            )
        rows.append(f"<tr style='mso-yfti-irow:{i}'>" + "\r\n".join(cells) + "</tr>")
    return (
        "<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;"
        "border:none'>\r\n" + "\r\n".join(rows) + "\r\n</table>"
    )


def word_html(meta_charset: str) -> str:
    """The Kế hoạch as Word's "Save as Web Page" writes it."""
    parts = [_layout_table(*HEADER), _p(" ")] + [_p(t, align="center", bold=True) for t in TITLE]
    for level, label, text in BODY:
        parts.append(_task_table() if level == "table" else _list_p(level, label, text) if level else _p(text))
    parts += [_p(" "), _layout_table(*FOOTER)]
    return (
        '<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"\r\n'
        'xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">\r\n\r\n'
        f'<head>\r\n<meta http-equiv=Content-Type content="text/html; charset={meta_charset}">\r\n'
        '<meta name=ProgId content=Word.Document>\r\n<meta name=Generator content="Microsoft Word 15">\r\n'
        '<link rel=File-List href="KH_files/filelist.xml">\r\n<title>KẾ HOẠCH</title>\r\n'
        "<!--[if gte mso 9]><xml>\r\n <o:DocumentProperties>\r\n  <o:Author>MTTQ</o:Author>\r\n"
        " </o:DocumentProperties>\r\n</xml><![endif]-->\r\n<style>\r\n<!--\r\n /* Font Definitions */\r\n"
        'p.MsoNormal, li.MsoNormal, div.MsoNormal\r\n\t{margin:0cm;font-size:14.0pt;font-family:"Times New Roman";}\r\n'
        '@list l0:level1\r\n\t{mso-level-number-format:roman-upper;mso-level-text:"%1\\.";}\r\n-->\r\n</style>\r\n'
        "</head>\r\n\r\n<body lang=EN-US style='tab-interval:36.0pt'>\r\n\r\n<div class=WordSection1>\r\n\r\n"
        + "\r\n\r\n".join(parts)
        + "\r\n\r\n</div>\r\n\r\n</body>\r\n\r\n</html>\r\n"
    )


def word_mht() -> bytes:
    """The same as Word's "Single File Web Page": MIME, the page quoted-printable in Windows-1258."""
    boundary = "----=_NextPart_01DC9A2B.5E4F3C20"
    page = quopri.encodestring(cp1258(word_html("windows-1258")))
    image = base64.encodebytes(b"\x89PNG\r\n\x1a\n" + bytes(40))
    return (
        b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="' + boundary.encode() + b'"\r\n\r\n'
        b"This document is a Single File Web Page, also known as a Web Archive file.\r\n\r\n--"
        + boundary.encode()
        + b"\r\nContent-Location: file:///C:/D6F1A2B3/KH.htm\r\nContent-Transfer-Encoding: quoted-printable\r\n"
        b'Content-Type: text/html; charset="windows-1258"\r\n\r\n'
        + page
        + b"\r\n\r\n--"
        + boundary.encode()
        + b"\r\nContent-Location: file:///C:/D6F1A2B3/KH_files/image001.png\r\nContent-Transfer-Encoding: base64\r\n"
        b"Content-Type: image/png\r\n\r\n" + image + b"\r\n--" + boundary.encode() + b"--\r\n"
    )


def word_docx(path) -> None:
    """The same as a DOCX (python-docx): header and signature as borderless tables, typed markers."""
    from docx import Document

    doc = Document()

    def layout(left, right):
        table = doc.add_table(rows=1, cols=2)
        for cell, lines in zip(table.rows[0].cells, (left, right)):
            cell.paragraphs[0].text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)

    layout(*HEADER)
    for t in TITLE:
        doc.add_paragraph(t)
    for level, label, text in BODY:
        if level != "table":
            doc.add_paragraph(f"{label} {text}" if label else text)
            continue
        table = doc.add_table(rows=len(TABLE), cols=len(TABLE[0]))
        table.style = "Table Grid"
        for i, row in enumerate(TABLE):
            for k, text in enumerate(row):
                if text is None:
                    table.cell(i - 1, k).merge(table.cell(i, k))
                else:
                    table.cell(i, k).text = text
    layout(*FOOTER)
    doc.save(str(path))


@pytest.fixture(scope="module")
def renditions(tmp_path_factory):
    """{"docx", "htm", "mht": path}: the Word-saved page in Windows-1258 under a windows-1252 <meta>,
    beside its KH_files folder."""
    folder = tmp_path_factory.mktemp("kh")
    word_docx(folder / "KH.docx")
    (folder / "KH.htm").write_bytes(cp1258(word_html("windows-1252")))
    (folder / "KH_files").mkdir()
    (folder / "KH_files" / "filelist.xml").write_text('<xml><o:File HRef="image001.png"/></xml>', encoding="utf-8")
    (folder / "KH_files" / "image001.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(40))
    (folder / "KH.mht").write_bytes(word_mht())
    return {ext: folder / f"KH.{ext}" for ext in ("docx", "htm", "mht")}


def _tasks(record: dict) -> list[tuple]:
    return [
        (
            t["id"],
            t["action"],
            t["units"],
            t["co_units"],
            t["deadline"]["type"],
            t["deadline"]["date"],
            t["deadline"]["rrule"],
        )
        for t in record["tasks"]
    ]


FRAME = ("doc_type", "number", "symbol", "date", "place", "issuer", "subject", "cc", "signer")


# --- Word's page and archive against the DOCX ---------------------------------------------------


def test_word_page_and_mht_give_the_tasks_of_the_docx(renditions):
    records = {ext: build_record(load(path)) for ext, path in renditions.items()}
    docx = records["docx"]
    assert len(docx["tasks"]) >= 7
    for ext in ("htm", "mht"):
        assert _tasks(records[ext]) == _tasks(docx), ext
        assert {k: records[ext]["document"].get(k) for k in FRAME} == {k: docx["document"].get(k) for k in FRAME}, ext
    doc = docx["document"]
    assert (doc["doc_type"], doc["number"], doc["symbol"], doc["date"]) == (
        "Kế hoạch",
        "08",
        "KH-MTTQ-BTT",
        "2026-03-16",
    )
    rows = [t for t in docx["tasks"] if t["source"] == "table"]
    assert [t["units"] for t in rows][:2] == [["Ban Công tác Mặt trận các thôn"]] * 2  # the spanning cell, in both rows
    weekly = next(t for t in docx["tasks"] if "vệ sinh môi trường" in t["action"])
    assert weekly["deadline"]["rrule"] == "FREQ=WEEKLY;BYDAY=SU"


def test_a_wrong_meta_charset_is_overridden_with_a_warning(renditions):
    page, archive = load(renditions["htm"]), load(renditions["mht"])
    assert page.text == archive.text == load(renditions["docx"]).text
    assert [w for w in page.warnings if "charset" in w] == [
        "the page declares the charset windows-1252, which reads its text as mojibake; read as Windows-1258"
    ]
    assert not [w for w in archive.warnings if "charset" in w]  # the MIME part declares it right
    markers = [b.marker for b in page.blocks if b.marker]
    assert markers[:4] == ["I.", "1.", "2.", "II."] and markers.count("-") >= 4  # Symbol's "·" is "-" as in a DOCX
    assert [(b.column, b.text) for b in page.blocks[:2]] == [("left", "ỦY BAN MTTQ VIỆT NAM"), ("left", "XÃ ĐƯỜNG AN")]


# --- charsets: declared, sniffed, checked -------------------------------------------------------

TEXT = "Kính gửi: Sở Công Thương tỉnh Lào Cai. Đề nghị các đơn vị hoàn thành báo cáo trước ngày 15/6/2026."


def _page(charset: str | None) -> str:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if charset else ""
    return f"<!DOCTYPE html><html><head>{meta}<title>x</title></head><body><p>{TEXT}</p></body></html>"


@pytest.mark.parametrize(
    "data,warned",
    [
        (cp1258(_page("windows-1258")), None),
        (cp1258(_page("windows-1252")), "Windows-1258"),
        (cp1258(_page("utf-8")), "Windows-1258"),
        (cp1258(_page(None)), None),
        (_page("utf-8").encode("utf-8"), None),
        (_page("windows-1252").encode("utf-8"), "UTF-8"),  # UTF-8 read as Windows-1252 would be "Kiﾌnh gÆ°Ì‰i"
        (_page("iso-8859-1").encode("utf-8"), "UTF-8"),
        (b"\xef\xbb\xbf" + _page("windows-1252").encode("utf-8"), None),  # the BOM decides
        (_page("utf-16").encode("utf-16"), None),
        (_page(None).encode("utf-16-le"), None),
    ],
)
def test_charsets(data, warned):
    text, _, warnings = decode(data)
    assert TEXT in unicodedata.normalize("NFC", text)
    assert [w.rsplit(" ", 1)[-1] for w in warnings] == ([warned] if warned else [])


TABLES = (
    "<table><tr><td>BỘ CÔNG THƯƠNG</td><td>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</td></tr></table>"
    "<table><tr><td>STT</td><td>Nội dung</td><td>Đơn vị chủ trì</td></tr>"
    "<tr><td>1</td><td>Rà soát hồ sơ</td><td>Sở Công Thương</td></tr></table>"
)


def test_a_legacy_font_page_is_converted(tmp_path):
    from extractor.ingest.legacy import from_unicode

    page = tmp_path / "cv.htm"
    page.write_bytes(from_unicode(_page("windows-1252").replace("<body>", "<body>" + TABLES), "tcvn3").encode("cp1252"))
    src = load(page)
    assert TEXT in src.text
    assert src.warnings == ["text in the legacy TCVN3 (ABC) encoding, converted to Unicode"]
    assert (src.blocks[0].column, src.blocks[0].text) == ("left", "BỘ CÔNG THƯƠNG")  # TCVN3's "ư" is a soft hyphen
    assert [b.cells for b in src.blocks if b.kind == "row"][-1] == ["1", "Rà soát hồ sơ", "Sở Công Thương"]


def test_windows_1258_tables_are_read_as_composed_text(tmp_path):
    """Windows-1258 writes tones as combining marks: the header table is still told from a data table."""
    page = tmp_path / "cv.htm"
    page.write_bytes(cp1258(_page("windows-1258").replace("<body>", "<body>" + TABLES)))
    blocks = load(page).blocks
    assert [(b.column, b.text) for b in blocks[:2]] == [
        ("left", "BỘ CÔNG THƯƠNG"),
        ("right", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ]
    assert [b.cells for b in blocks if b.kind == "row"] == [
        ["STT", "Nội dung", "Đơn vị chủ trì"],
        ["1", "Rà soát hồ sơ", "Sở Công Thương"],
    ]


# --- a portal page ------------------------------------------------------------------------------

CHROME = [
    "Trang chủ",
    "Giới thiệu",
    "Tin tức - Sự kiện",
    "Văn bản chỉ đạo điều hành",
    "Liên hệ",
    "Cổng Thông tin điện tử tỉnh Lào Cai",
    "Thăm dò ý kiến",
    "Bạn thấy giao diện mới thế nào?",
    "Tin liên quan",
    "UBND tỉnh họp bàn phương án phòng chống thiên tai",
    "Bản quyền thuộc Văn phòng UBND tỉnh",
    "Địa chỉ: Tầng 3, Khối 5, Đại lộ Trần Hưng Đạo",
    "Lượt truy cập",
    "window.dataLayer",
    "Chia sẻ",
]


def portal_page(document: str) -> str:
    """A provincial portal's page: banner, menus, breadcrumb, sidebars, footer and scripts around the
    document, and the share and related-news boxes inside its article."""
    links = "".join(f'<li><a href="/c/{k}">{x}</a></li>' for k, x in enumerate(CHROME[:5]))
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Công văn 1234/UBND-KT - {CHROME[5]}</title>
<script>window.dataLayer = window.dataLayer || []; document.write("<p>Không phải văn bản</p>");</script>
<style>.menu {{ color: red }}</style></head>
<body>
<header class="site-header"><div class="banner"><img src="/logo.png" alt="logo"><span>{CHROME[5]}</span></div>
<nav class="navbar"><ul class="main-menu">{links}</ul></nav></header>
<div id="wrapper"><div class="container"><div class="row">
<div class="col-md-3 left-col"><div class="box"><h3>Văn bản mới</h3><ul>{links}</ul></div>
<div class="poll"><p>{CHROME[6]}</p><p>{CHROME[7]}</p><form><input type=radio name=a> Đẹp <input type=radio name=a> Bình thường<button>Gửi</button></form></div></div>
<div class="col-md-9"><ol class="breadcrumb"><li><a href="/">Trang chủ</a></li><li><a href="/vb">Văn bản</a></li></ol>
<div class="article"><h1 class="title">Công văn số 1234/UBND-KT về việc báo cáo tình hình khoáng sản</h1>
<div class="meta">Ngày đăng: 02/04/2026 | Lượt xem: 1520</div>
<div class="article-content">{document}
<div class="share-tools"><a href="#">{CHROME[14]}</a> <a href="#">In trang</a></div>
<div class="tin-lien-quan"><h3>{CHROME[8]}</h3><ul><li><a href="/n/1">{CHROME[9]}</a></li></ul></div></div>
</div></div></div></div></div>
<footer><div class="footer-info"><p>{CHROME[10]}</p><p>{CHROME[11]}</p><p>{CHROME[12]}: 1.234.567</p></div></footer>
<script src="/js/app.js"></script>
</body></html>"""


CONG_VAN = """<table style="width:100%"><tbody><tr>
<td style="width:40%;text-align:center"><b>ỦY BAN NHÂN DÂN<br>TỈNH LÀO CAI</b><br>-------<br>Số: 1234/UBND-KT<br>
V/v báo cáo tình hình khoáng sản</td>
<td style="text-align:center"><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc</b><br>---------------<br>
<i>Lào Cai, ngày 01 tháng 4 năm 2026</i></td></tr></tbody></table>
<p>Kính gửi: Sở Nông nghiệp và Môi trường.</p>
<p>Để kịp thời nắm tình hình quản lý khoáng sản trên địa bàn, Chủ tịch UBND tỉnh yêu cầu:</p>
<ol><li>Sở Nông nghiệp và Môi trường tổng hợp tình hình cấp phép khai thác khoáng sản, báo cáo UBND tỉnh trước ngày 20/4/2026.</li>
<li>UBND các huyện, thị xã, thành phố rà soát các điểm khai thác trái phép, gửi kết quả về Sở Nông nghiệp và Môi trường trước ngày 15/4/2026.</li></ol>
<table><tr><td><b>Nơi nhận:</b><br>- Như trên;<br>- Lưu: VT, KT.</td>
<td style="text-align:center"><b>KT. CHỦ TỊCH<br>PHÓ CHỦ TỊCH<br><br>Hoàng Quốc Khánh</b></td></tr></table>"""


def test_a_portal_page_is_read_without_its_chrome(tmp_path):
    page = tmp_path / "cong-van-1234.html"
    page.write_text(portal_page(CONG_VAN), encoding="utf-8")
    src = load(page)
    assert not [x for x in CHROME + ["Không phải văn bản", "Ngày đăng", "Văn bản mới", "In trang"] if x in src.text]
    assert [(b.column, b.text) for b in src.blocks[:3]] == [
        ("left", "ỦY BAN NHÂN DÂN"),
        ("left", "TỈNH LÀO CAI"),
        ("left", "Số: 1234/UBND-KT"),
    ]  # the rule dropped
    record = build_record(src)
    doc = record["document"]
    assert (doc["number"], doc["symbol"], doc["date"], doc["issuer"]) == (
        "1234",
        "UBND-KT",
        "2026-04-01",
        "Ủy ban nhân dân tỉnh Lào Cai",
    )
    assert doc["signer"]["name"] == "Hoàng Quốc Khánh" and doc["recipients"] == ["Sở Nông nghiệp và Môi trường"]
    assert [(t["units"], t["deadline"]["date"]) for t in record["tasks"]] == [
        (["Sở Nông nghiệp và Môi trường"], "2026-04-20"),
        (["UBND các huyện, thị xã, thành phố"], "2026-04-15"),
    ]


@pytest.mark.parametrize(
    "wrap",
    [
        '<div class="page-header"><nav><a href="/">Trang chủ</a></nav>{header}{body}<footer><p>Bản quyền</p></footer></div>',
        '<div class="document-header">{header}</div><div>{body}</div><footer><p>Bản quyền</p></footer>',
    ],
)
def test_chrome_that_holds_the_document_is_kept(wrap, tmp_path):
    """An element whose class calls it a header stays when it holds the document's quốc hiệu or
    most of the page's text; <nav> and <footer> inside go."""
    header, body = CONG_VAN.split("</table>", 1)
    page = tmp_path / "p.html"
    page.write_text(
        "<html><body>" + wrap.format(header=header + "</table>", body=body) + "</body></html>", encoding="utf-8"
    )
    src = load(page)
    assert src.blocks[0].text == "ỦY BAN NHÂN DÂN" and src.blocks[-1].text == "Hoàng Quốc Khánh"


# --- lists and tables ---------------------------------------------------------------------------


def _blocks(html: str, tmp_path, name: str = "p.html") -> list[tuple]:
    page = tmp_path / name
    page.write_text(html, encoding="utf-8")
    return [(b.kind, b.column, b.marker, b.text) if b.kind != "row" else ("row", b.cells) for b in load(page).blocks]


def test_lists_keep_their_numbering(tmp_path):
    html = """<html><body>
<ol type="I"><li>MỤC TIÊU</li><li>NHIỆM VỤ<ol><li>Tuyên truyền<ol><li>Ở thôn</li><li value="5">Ở xã</li></ol></li>
<li>Kiểm tra<ul><li>hằng tháng;<ul><li>đột xuất.</li></ul><ol><li>Đợt một</li></ol></li></ul></li></ol></li></ol>
<ol start="3" style="list-style-type: lower-alpha"><li>Mục c</li><li><p>Mục d</p><p>tiếp theo</p></li></ol>
<ul style="list-style-type:none"><li>1. Số gõ tay</li></ul></body></html>"""
    assert [(m, t) for _, _, m, t in _blocks(html, tmp_path)] == [
        ("I.", "I. MỤC TIÊU"),
        ("II.", "II. NHIỆM VỤ"),
        ("1.", "1. Tuyên truyền"),
        ("1.1.", "1.1. Ở thôn"),
        ("1.5.", "1.5. Ở xã"),
        ("2.", "2. Kiểm tra"),
        ("-", "- hằng tháng;"),
        ("+", "+ đột xuất."),
        ("1.", "1. Đợt một"),  # under a bullet: not numbered on from "2."
        ("c.", "c. Mục c"),
        ("d.", "d. Mục d"),
        (None, "tiếp theo"),
        ("1.", "1. Số gõ tay"),
    ]


def test_tables_rows_spans_and_boxes(tmp_path):
    html = """<html><body><table border=1>
<tr><th>STT</th><th>Nội dung</th><th>Đơn vị chủ trì</th><th>Thời hạn</th></tr>
<tr><td>1</td><td>Rà soát <br>hồ sơ</td><td rowspan="2">Phòng Kinh tế</td><td>Tháng 4/2026</td></tr>
<tr><td>2</td><td>Báo cáo</td><td>Tháng 5/2026</td></tr>
<tr><td colspan="2">Tổng hợp chung</td><td>Văn phòng</td><td>Quý II/2026</td></tr></table>
<table><tr><td><p>Nội dung trong một khung.</p><p>Đoạn thứ hai.</p></td></tr></table>
<table><tr><td>Số hiệu</td><td>46/CĐ-TTg</td></tr></table></body></html>"""
    assert _blocks(html, tmp_path) == [
        ("row", ["STT", "Nội dung", "Đơn vị chủ trì", "Thời hạn"]),
        ("row", ["1", "Rà soát\nhồ sơ", "Phòng Kinh tế", "Tháng 4/2026"]),
        ("row", ["2", "Báo cáo", "Phòng Kinh tế", "Tháng 5/2026"]),  # the spanning cell repeated, as in a DOCX
        ("row", ["Tổng hợp chung", "Văn phòng", "Quý II/2026"]),
        ("para", None, None, "Nội dung trong một khung."),
        ("para", None, None, "Đoạn thứ hai."),
        ("row", ["Số hiệu", "46/CĐ-TTg"]),
    ]  # a site's two-column table is data, not a header


def test_a_header_cell_run_together_is_laid_out(tmp_path):
    html = (
        "<html><body><table><tr><td>BỘ TÀI CHÍNH ------- Số: 12/BTC-NSNN V/v: báo cáo quyết toán</td>"
        "<td>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc</td></tr></table></body></html>"
    )
    assert [(c, t) for _, c, _, t in _blocks(html, tmp_path)] == [
        ("left", "BỘ TÀI CHÍNH"),
        ("left", "Số: 12/BTC-NSNN"),
        ("left", "V/v: báo cáo quyết toán"),
        ("right", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("right", "Độc lập - Tự do - Hạnh phúc"),
    ]


LIBREOFFICE = '<html><head><meta name="generator" content="LibreOffice 7.4.7.2 (Linux)"/></head><body>{}</body></html>'


@pytest.mark.parametrize(
    "body,blocks",
    [
        # a header laid out with tabs and spaces: columns, as the DOCX reader reads them
        (
            "<p>CỤC ĐƯỜNG THỦY NỘI ĐỊA\t   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>",
            [("left", "CỤC ĐƯỜNG THỦY NỘI ĐỊA"), ("right", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")],
        ),
        ("<p><i>An Lão, ngày tháng\n\t\t\tnăm 2023</i></p>", [(None, "An Lão, ngày tháng năm 2023")]),  # a line wrap
        # a drawn rule anchored inside a word, the line broken after it
        ('<p><b>T<img src="r.gif" align="left" width="56" height="1"/>\nỈNH LÀO CAI</b></p>', [(None, "TỈNH LÀO CAI")]),
        (
            '<p><b>U\u0309<img src="r.gif" align="left" width="1" height="1"/>\nY BAN NHÂN DÂN</b></p>',
            [(None, "ỦY BAN NHÂN DÂN")],
        ),
        ('<p>Ký tên <img src="r.gif" align="left"/>\nNguyễn Văn An</p>', [(None, "Ký tên Nguyễn Văn An")]),
    ],
)
def test_office_pages_keep_their_layout(body, blocks, tmp_path):
    assert [(c, t) for _, c, _, t in _blocks(LIBREOFFICE.format(body), tmp_path)] == blocks


def test_a_portal_page_folds_its_white_space(tmp_path):
    body = "<p>CỤC ĐƯỜNG THỦY NỘI ĐỊA\t   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>"
    assert [t for *_, t in _blocks(f"<html><body>{body}</body></html>", tmp_path)] == [
        "CỤC ĐƯỜNG THỦY NỘI ĐỊA CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ]  # as a browser shows it


# --- broken markup ------------------------------------------------------------------------------

CLEAN = (
    "<html><head><title>t</title></head><body><p>Kính gửi: Sở Tài chính.</p>"
    "<table><tr><td>STT</td><td>Nội dung</td><td>Thời hạn</td></tr>"
    "<tr><td>1</td><td>Báo cáo quyết toán</td><td>Trước ngày 30/6/2026</td></tr></table>"
    "<p>Đề nghị <b>Sở Tài chính</b> thực hiện.</p><p>Nơi nhận: Như trên.</p></body></html>"
)


@pytest.mark.parametrize(
    "broken",
    [
        # unclosed p, td, tr; no html, head or body
        "<title>t</title><p>Kính gửi: Sở Tài chính.<table><tr><td>STT<td>Nội dung<td>Thời hạn<tr><td>1<td>Báo cáo quyết toán"
        "<td>Trước ngày 30/6/2026</table><p>Đề nghị <b>Sở Tài chính</b> thực hiện.<p>Nơi nhận: Như trên.",
        # misnested and stray end tags, unquoted attributes
        "<html><body><p class=a>Kính gửi: Sở Tài chính.</p></div></span><table border=0><tr><td>STT</td><td>Nội dung</td>"
        "<td>Thời hạn</td></tr><tr><td>1</td><td>Báo cáo quyết toán</td><td>Trước ngày 30/6/2026</td></tr></table></td>"
        "<p>Đề nghị <b>Sở Tài <i>chính</b></i> thực hiện.</p><p>Nơi nhận: Như trên.</p></body></html>",
        # the document goes on after </html> (libxml2 drops that part, a browser shows it)
        "<html><body><p>Kính gửi: Sở Tài chính.</p><table><tr><td>STT</td><td>Nội dung</td><td>Thời hạn</td></tr>"
        "<tr><td>1</td><td>Báo cáo quyết toán</td><td>Trước ngày 30/6/2026</td></tr></table></body></html>"
        "<p>Đề nghị <b>Sở Tài chính</b> thực hiện.</p><p>Nơi nhận: Như trên.</p>",
        # cut off inside a tag, NUL bytes, a stray </br>
        "<html><body><p>Kính gửi: Sở Tài chính.</p>\x00<table><tr><td>STT</td><td>Nội dung</td><td>Thời hạn</td></tr><tr>"
        "<td>1</td><td>Báo cáo quyết toán</td><td>Trước ngày 30/6/2026</td></tr></table></br><p>Đề nghị <b>Sở Tài chính</b>"
        ' thực hiện.</p><p>Nơi nhận: Như trên.</p><p class="x',
    ],
)
def test_broken_markup_reads_as_the_clean_page(broken, tmp_path):
    assert _blocks(broken, tmp_path, "broken.htm") == _blocks(CLEAN, tmp_path)


@pytest.mark.parametrize(
    "html",
    [
        "<html><body>" + "<div><span>" * 1000 + "<p>Kính gửi: Sở Tài chính.</b><p>Đề nghị báo cáo.",  # broken and deep
        "<html><body><table>"
        + "<tr><td rowspan=99999 colspan=99999>Kính gửi</td><td>Sở</td><td>Ban</td></tr>" * 2000
        + "</table>",
    ],
    ids=["deep-broken", "spans"],
)
def test_hostile_markup_is_read_quickly(html, tmp_path):
    """Deep broken nesting stays with libxml2 (html5lib would take minutes); spans are bounded
    (each of 2000 rows would otherwise carry every cell above it)."""
    page = tmp_path / "hostile.html"
    page.write_text(html, encoding="utf-8")
    src = load(page)  # a slow reader shows here as a slow test run, not a failure
    assert "Kính gửi" in src.text
    assert max(len(b.cells or []) for b in src.blocks) <= 200


def test_xhtml_self_closed_elements(tmp_path):
    page = (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml"><body>'
        '<p><a name="top"/>Kính gửi: Sở Tài chính.</p><div/><p>Đề nghị báo cáo.<br/>Trước ngày 30/6/2026.</p></body></html>'
    )
    assert [t for *_, t in _blocks(page, tmp_path, "p.xhtml")] == [
        "Kính gửi: Sở Tài chính.",
        "Đề nghị báo cáo.",
        "Trước ngày 30/6/2026.",
    ]


# --- formats and failures -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "data,suffix,kind",
    [
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", ".txt", "html"),
        (b"\xef\xbb\xbf<!-- saved from url=(0014)about:internet -->\r\n<html><p>x</p></html>", ".dat", "html"),
        (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', ".dat", "html"),
        ("<html><body>x</body></html>".encode("utf-16"), ".htm", "html"),
        (b"<p>Kinh gui</p>", ".htm", "html"),
        (b"<p>Kinh gui</p>", ".md", "text"),  # Markdown with markup stays Markdown
        (b"*Source: https://example.vn*\n\n<ul><li>x</li></ul>", ".md", "text"),
        (b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n--b\r\n', ".txt", "mht"),
        (b"Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nhello", ".txt", "text"),
        ("Kính gửi: Sở Tài chính.\n".encode("utf-8"), ".htm", "text"),
    ],
)
def test_the_format_is_told_from_the_content(data, suffix, kind):
    assert sniff(data, suffix) == kind


@pytest.mark.parametrize(
    "data,reason",
    [
        (
            b"<html><head><script>var a = 1;</script></head><body><img src='scan.png'><script>x()</script></body></html>",
            "no text in the page",
        ),
        (b"<html><frameset><frame src='a.htm'><frame src='b.htm'></frameset></html>", "frameset"),
        (
            b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n--b\r\nContent-Type: image/png\r\n'
            b"Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--b--\r\n",
            "no HTML page",
        ),
        (b"<html><body>" + b"<div>" * 3000 + b"<p>Kinh gui</p>", "nested too deeply"),
    ],
    ids=["scripts-only", "frameset", "mht-without-page", "too-deep"],
)
def test_pages_without_a_document_are_errors(data, reason, tmp_path):
    path = tmp_path / "page.htm"
    path.write_bytes(data)
    with pytest.raises(IngestError) as e:
        load(path)
    assert reason in e.value.reason and e.value.hint


# --- batch, review and exports ------------------------------------------------------------------

HOSTILE = "<p>Ghi chú: &lt;script&gt;window.injected = 1&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;</p>"


def test_batch_review_and_exports_on_html_records(renditions, tmp_path):
    inbox, out = renditions["htm"].parent, tmp_path / "out"
    (tmp_path / "portal.html").write_text(portal_page(CONG_VAN + HOSTILE), encoding="utf-8")
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "cli.py"),
            "extract",
            str(inbox),
            str(tmp_path / "portal.html"),
            "--out",
            str(out),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    records = {json.loads(p.read_text(encoding="utf-8"))["file"]: p for p in out.glob("*.json")}
    assert sorted(records) == ["KH.docx", "KH.htm", "KH.mht", "portal.html"]
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted((e["file"].split("/")[-1], e["reason"]) for e in errors) == [
        ("filelist.xml", "part of the web page KH.htm, not a document of its own"),
        ("image001.png", "part of the web page KH.htm, not a document of its own"),
    ]
    portal = json.loads(records["portal.html"].read_text(encoding="utf-8"))
    assert "<script>window.injected = 1</script>" in portal["text"]  # the page's text, as the page shows it
    review = out / "review"
    subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "review", str(out), "--out", str(review)],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    html = (review / f"{records['portal.html'].stem}.html").read_text(encoding="utf-8")
    assert "<script>window.injected" not in html and "<img src=x" not in html
    assert "&lt;script&gt;window.injected = 1&lt;/script&gt;" in html
    index = (review / "index.html").read_text(encoding="utf-8")
    assert "portal.html" in index and "image001.png" in index
    for fmt, suffix in (("csv", "csv"), ("xlsx", "xlsx"), ("ics", "ics"), ("jsonl", "jsonl"), ("nd30", "json")):
        target = tmp_path / f"tasks.{suffix}"
        subprocess.run(
            [sys.executable, str(ROOT / "cli.py"), "export", str(out), "--to", fmt, "--out", str(target)],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
        assert target.stat().st_size > 0, fmt
    import pandas

    rows = pandas.read_csv(tmp_path / "tasks.csv")
    assert sum(len(json.loads(p.read_text(encoding="utf-8"))["tasks"]) for p in records.values()) == len(rows)
