"""Ingestion: encodings and markup of text files, DOCX numbering and tables, PDF header columns."""

import shutil
import unicodedata

import pytest
from conftest import SEEDS, cp1258

from extractor.ingest import load
from extractor.ingest.txt import decode, strip_markup
from extractor.text import normalize

SAMPLE = "Kính gửi: Sở Công Thương tỉnh Lào Cai. Đề nghị hoàn thành trước ngày 15/6/2026."


@pytest.mark.parametrize(
    "data",
    [
        SAMPLE.encode("utf-8"),
        b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"),
        SAMPLE.encode("utf-16"),
        cp1258(SAMPLE),
        unicodedata.normalize("NFD", SAMPLE).encode("utf-8"),
    ],
)
def test_text_encodings_decode_to_nfc(data):
    assert normalize(decode(data)) == SAMPLE


def test_old_tone_placement_is_unified():
    assert normalize("Văn hoá, Thuỷ lợi, khoẻ, hoà") == "Văn hóa, Thủy lợi, khỏe, hòa"
    assert normalize("quý, Quỳnh") == "quý, Quỳnh"  # "qu" + y keeps its tone


def test_markdown_and_html_are_stripped():
    text = strip_markup(
        '---\ntitle: x\n---\n**CÔNG ĐIỆN**\n| a | b |\n|---|---|\n| 1 | 2 |\n<ul style="x"> - Một</ul> *nghiêng*'
    )
    assert "**" not in text and "<ul" not in text and "title:" not in text
    assert "1\t2" in text and "nghiêng" in text and "*nghiêng*" not in text


def test_wrapped_pdf_text_is_joined_into_paragraphs():
    src = load(SEEDS / "004_43faad134884ea1a.txt")
    texts = [b.text for b in src.blocks]
    assert any(
        t.startswith("Ngày 30/5/2025, đồng chí Nguyễn Văn Hạnh") and "chủ trì cuộc họp giao ban" in t for t in texts
    )
    assert "2.1. Đội Thuế liên huyện khu vực V" in texts
    # spans index the document text
    b = src.blocks[5]
    assert src.text[b.start : b.end] == b.text


def test_tab_rows_and_page_broken_rows(tmp_path):
    src = load(SEEDS / "000_9856a9396483f999.txt")
    rows = [b for b in src.blocks if b.kind == "row"]
    assert len(rows) == 5  # header + 4 tasks; the row broken across a page is merged into row 1
    assert rows[1].cells[2].endswith("ngay sau khi dự án được duyệt.")


def test_docx_numbering_and_layout_tables(shared_docs):
    src = load(shared_docs / "KH-UBND-trien-khai-Chi-thi-11-CT-TU-QLNN-khoang-san.docx")
    markers = [b.marker for b in src.blocks if b.marker]
    assert markers[:4] == ["I.", "1.", "-", "-"]
    assert "II." in markers and "III." in markers
    head = load(shared_docs / "giay-moi-hop-ubnd.docx").blocks[:6]
    assert [(b.column, b.text) for b in head[:2]] == [("left", "ỦY BAN NHÂN DÂN"), ("left", "TỈNH LÀO CAI")]
    assert any(b.column == "right" and b.text.startswith("CỘNG HÒA") for b in head)


def test_docx_task_table_rows(shared_docs):
    src = load(shared_docs / "KH-2242_23.4.2026_Kiem-tra-cap-GCN-28-don-vi.docx")
    rows = [b for b in src.blocks if b.kind == "row" and b.cells and "In ấn chứng chỉ" in b.cells]
    assert rows and rows[0].cells[2] == "Vũ Việt Linh"


def test_pdf_header_columns_are_kept_apart(shared_docs):
    src = load(shared_docs / "CV-UBND-tinh-chi-dao-quan-ly-giam-sat-VLNCN.pdf", ocr=False)
    first = [(b.column, b.text) for b in src.blocks[:6]]
    assert ("left", "ỦY BAN NHÂN DÂN") in first and ("left", "TỈNH LÀO CAI") in first
    assert ("right", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") in first
    assert all(not b.text.isdigit() for b in src.blocks)  # page numbers dropped


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
def test_garbled_text_layer_is_read_by_ocr(shared_docs, tmp_path, monkeypatch):
    monkeypatch.setenv("VN_EXTRACTOR_CACHE", str(tmp_path))
    src = load(shared_docs / "QD-1050-kiem-tra-VLNCN-2026.pdf")
    assert any("OCR" in w for w in src.warnings)
    assert "ĐỊNH" in src.text and "(cid:" not in src.text
    assert "Số:1050 /QĐ-SCT" in src.text


def test_content_decides_the_format_not_the_extension(shared_docs, tmp_path):
    fake = tmp_path / "misnamed.txt"
    fake.write_bytes((shared_docs / "giay-moi-hop-ubnd.docx").read_bytes())
    assert load(fake).blocks[0].text == "ỦY BAN NHÂN DÂN"


def _docx(path, body: str, numbering: str, styles: str):
    """A minimal DOCX package around the given WordprocessingML fragments."""
    import zipfile

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ct = "application/vnd.openxmlformats-officedocument.wordprocessingml."
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            + "".join(
                f'<Override PartName="/word/{n}.xml" ContentType="{ct}{t}+xml"/>'
                for n, t in (("document", "document.main"), ("numbering", "numbering"), ("styles", "styles"))
            )
            + "</Types>",
        )
        z.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}officeDocument" Target="word/document.xml"/></Relationships>',
        )
        z.writestr(
            "word/_rels/document.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}numbering" Target="numbering.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}styles" Target="styles.xml"/></Relationships>',
        )
        z.writestr("word/document.xml", f"<w:document {w}><w:body>{body}</w:body></w:document>")
        z.writestr("word/numbering.xml", f"<w:numbering {w}>{numbering}</w:numbering>")
        z.writestr("word/styles.xml", f"<w:styles {w}>{styles}</w:styles>")


def test_docx_style_numbering_restarts_and_merged_cells(tmp_path):
    def p(text, ppr=""):
        return f"<w:p><w:pPr>{ppr}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"

    def num(num_id, ilvl=0):
        return f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'

    def row(*cells):
        return "<w:tr>" + "".join(f"<w:tc>{pr}{p(text)}</w:tc>" for pr, text in cells) + "</w:tr>"

    levels = (
        '<w:lvl w:ilvl="0"><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>'
    )
    numbering = (
        f'<w:abstractNum w:abstractNumId="7">{levels}</w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="7"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/></w:lvlOverride></w:num>'
    )
    styles = (
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"/>'
        f'<w:style w:type="paragraph" w:styleId="Muc"><w:pPr>{num(1)}</w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Muc2"><w:basedOn w:val="Muc"/></w:style>'
    )
    merged = "<w:tcPr><w:vMerge/></w:tcPr>"
    body = (
        p("Mục một", '<w:pStyle w:val="Muc"/>')
        + p("Mục hai", '<w:pStyle w:val="Muc2"/>')
        + p("Ý", num(1, 1))
        + p("Tiếp", num(2))
        + p("Kết")
        + "<w:tbl>"
        + row(("", "STT"), ("", "Nội dung"), ("", "Đơn vị"))
        + row(('<w:tcPr><w:vMerge w:val="restart"/></w:tcPr>', "1"), ("", "Việc a"), ("", "Sở A"))
        + row((merged, ""), ("", "Việc b"), ("", "Sở B"))
        + "</w:tbl>"
    )
    _docx(tmp_path / "t.docx", body, numbering, styles)
    src = load(tmp_path / "t.docx")
    assert [b.text for b in src.blocks if b.kind == "para"] == ["I. Mục một", "II. Mục hai", "1. Ý", "IV. Tiếp", "Kết"]
    # a vertically merged cell is repeated in each row it spans
    assert [b.cells for b in src.blocks if b.kind == "row"] == [
        ["STT", "Nội dung", "Đơn vị"],
        ["1", "Việc a", "Sở A"],
        ["1", "Việc b", "Sở B"],
    ]


LOOKALIKE = (
    "Cong hoa xa hQi chu nghia Viet Nam. Thvc hien Quyet dinh s6 23 ngay 07/01/2021 cua Thu tuong "
    "Chinh phu ve viec phe duyet Chuong trinh hanh dong quoc gia, B6 Giao duc va Dao tao ban hanh Ke "
    "hoach thuc hien cac nQi dung cu the nhu sau: cac don vi Ch~p hanh nghiem chinh va bao cao ket qua"
)
CLEAN = (
    "Cộng hòa xã hội chủ nghĩa Việt Nam. Thực hiện Quyết định số 23 ngày 07/01/2021 của Thủ tướng Chính "
    "phủ về việc phê duyệt Chương trình hành động quốc gia, Bộ Giáo dục và Đào tạo ban hành Kế hoạch thực "
    "hiện các nội dung cụ thể như sau: các đơn vị chấp hành nghiêm chỉnh và báo cáo kết quả"
)


SIDEWAYS = (  # the text layer of a landscape table page printed sideways (docs2 d26, page 6)
    "Chinh Quyet Baoc chuanP Quyet Van trg HOit Thilh Quyet H6i Tai Congv Baoc Sanp lieu ban thao hao ao "
    "ieing aod phu dinhd dinh thuatt dinh ant hamh huang huong anhg Tap rien congn phe rien aph oar huan dan "
    "khai ia dan duyetc hut khai han hinh uang dat ah ua GDTKT BanC chiit Donv Cac GDTX GDTrH BanT Cact DRv "
    "Mets quan Cac Cact DHv quant Cac donv Soy KHTC phoi GTW ac hu6c Danv theV GDDT truangC truong huyeng "
    "Vu TP uG SVC ganh hop lienq lien DMN uan ia hoant hO hoc danc ain hanhQ hamm iap ant mm e capg dingn "
)
ENGLISH = "The committee shall report to the ministry on the progress of the programme every quarter. "


@pytest.mark.parametrize(
    "text, bad",
    [
        (LOOKALIKE, True),  # a legacy font mapped to ASCII look-alikes: marks lost
        (CLEAN, False),
        ("Quyết định (cid:55)(cid:56)(cid:57)(cid:58)(cid:59) số " * 3, True),  # unmapped glyphs
        ("The committee shall report to the ministry on the progress of the programme every quarter " * 3, False),
        ("Cong hoa xa hoi chu nghia Viet Nam", False),  # too short to judge
        (SIDEWAYS, True),  # a sideways table's layer: words broken into fragments
        (CLEAN * 5, False),
        (ENGLISH * 5, False),
    ],
)
def test_garbled_text_layers(text, bad):
    from extractor.ingest.pdf import garbled

    assert garbled(text) is bad


@pytest.mark.parametrize(
    "cells, lines",
    [
        (
            [
                "VĂN PHÒNG CHÍNH PHỦ -------",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ----------",
            ],
            [("VĂN PHÒNG CHÍNH PHỦ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), ("", "Độc lập - Tự do - Hạnh phúc")],
        ),
        (
            ["Số: 8424/VPCP-KTTH V/v: trợ cấp một lần", "Hà Nội , ngày 27 tháng 10 năm 2014"],
            [("Số: 8424/VPCP-KTTH", "Hà Nội , ngày 27 tháng 10 năm 2014"), ("V/v: trợ cấp một lần", "")],
        ),
        (
            ["Nơi nhận: - Như trên; - Lưu: VT, KTTH", "KT. BỘ TRƯỞNG, CHỦ NHIỆM PHÓ CHỦ NHIỆM Nguyễn Sỹ Hiệp"],
            [
                ("Nơi nhận:", "KT. BỘ TRƯỞNG, CHỦ NHIỆM"),
                ("- Như trên;", "PHÓ CHỦ NHIỆM"),
                ("- Lưu: VT, KTTH", "Nguyễn Sỹ Hiệp"),
            ],
        ),
        (
            ["Nơi nhận: - Như Điều 3;", "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Lê Văn An"],
            [
                ("Nơi nhận:", "TM. ỦY BAN NHÂN DÂN"),
                ("- Như Điều 3;", "KT. CHỦ TỊCH"),
                ("", "PHÓ CHỦ TỊCH"),
                ("", "Lê Văn An"),
            ],
        ),
        (
            ["Nơi nhận: - Như trên;", "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Hoàng Quốc Khánh"],
            [("Nơi nhận:", "TM. ỦY BAN NHÂN DÂN"), ("- Như trên;", "CHỦ TỊCH"), ("", "Hoàng Quốc Khánh")],
        ),
        (
            ["Nơi nhận: - Như trên;", "TL. CHỦ TỊCH CHÁNH VĂN PHÒNG Trần Thị Bình"],
            [("Nơi nhận:", "TL. CHỦ TỊCH"), ("- Như trên;", "CHÁNH VĂN PHÒNG"), ("", "Trần Thị Bình")],
        ),
        (
            ["Nơi nhận: - Như trên;", "THỦ TƯỚNG Nguyễn Tấn Dũng"],
            [("Nơi nhận:", "THỦ TƯỚNG"), ("- Như trên;", "Nguyễn Tấn Dũng")],
        ),
    ],
)
def test_web_rendition_frame_tables_become_columns(cells, lines):
    """A web page's header and signature tables run each cell's lines together; they come back as
    the two columns of a laid-out header."""
    from extractor.ingest.txt import frame_rows

    got = frame_rows(cells, header=True)
    assert [(x[:46].strip(), x[46:].strip()) for x in got] == lines


def test_web_rendition_rows_that_are_no_frame_stay_table_rows():
    from extractor.ingest.txt import frame_rows

    assert frame_rows(["Số hiệu", "46/CĐ-TTg"], header=True) is None  # a site's own data table
    assert frame_rows(["Sở Y tế", "Quý II/2026"], header=False) is None
    assert frame_rows(["Kính gửi:", "- Bộ Công an; - Bộ Tài chính."], header=False) == [
        "Kính gửi: - Bộ Công an;",
        "- Bộ Tài chính.",
    ]


def test_web_rendition_frame_is_read(tmp_path):
    from extractor.pipeline import build_record

    page = tmp_path / "cv.md"
    page.write_text(
        "*Source: https://example.vn/cong-van-12*\n\n# Một trang khác\n\n"
        "| BỘ TÀI CHÍNH ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc --------------- |\n"
        "|---|---|\n| Số: 12/BTC-NSNN V/v: báo cáo quyết toán | Hà Nội , ngày 05 tháng 3 năm 2024 |\n\n"
        "| Kính gửi: | - Sở Tài chính các tỉnh; - Kho bạc Nhà nước. |\n|---|---|\n\n"
        "Bộ Tài chính đề nghị Sở Tài chính các tỉnh gửi báo cáo quyết toán trước ngày 30/3/2024.\n\n"
        "| Nơi nhận: - Như trên; - Thủ tướng CP; - Các Bộ: TC, NV; - Lưu: VT, NSNN. | KT. BỘ TRƯỞNG THỨ TRƯỞNG "
        "Võ Thành Hưng |\n|---|---|\n",
        encoding="utf-8",
    )
    doc = build_record(load(page))["document"]
    assert (doc["number"], doc["symbol"], doc["date"], doc["place"]) == ("12", "BTC-NSNN", "2024-03-05", "Hà Nội")
    assert doc["issuer"] == "Bộ tài chính" and doc["subject"] == "báo cáo quyết toán"
    assert doc["recipients"] == ["Sở Tài chính các tỉnh", "Kho bạc Nhà nước"]
    assert doc["cc"] == ["Như trên", "Thủ tướng CP", "Các Bộ: TC, NV", "Lưu: VT, NSNN"]  # beside and after the name
    assert doc["signer"] == {"name": "Võ Thành Hưng", "title": "Thứ trưởng", "authority": "KT. Bộ trưởng"}


def test_decision_authority_line_is_not_its_subject(tmp_path):
    from extractor.pipeline import build_record

    qd = tmp_path / "qd.txt"
    qd.write_text(
        "ỦY BAN NHÂN DÂN\nTỈNH SƠN LA\n\nSố: 254/QĐ-UBND\n\nSơn La, ngày 17 tháng 02 năm 2023\n\n"
        "QUYẾT ĐỊNH\n\nBAN HÀNH KẾ HOẠCH THỰC HIỆN CÔNG TÁC BẢO VỆ BÍ MẬT NHÀ NƯỚC NĂM 2023\n\n"
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\n\nCăn cứ Luật Bảo vệ bí mật nhà nước ngày 15 tháng 11 năm 2018;\n\n"
        "QUYẾT ĐỊNH:\n\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện công tác bảo vệ bí mật.\n",
        encoding="utf-8",
    )
    doc = build_record(load(qd))["document"]
    assert doc["subject"] == "BAN HÀNH KẾ HOẠCH THỰC HIỆN CÔNG TÁC BẢO VỆ BÍ MẬT NHÀ NƯỚC NĂM 2023"
    assert doc["basis"] == ["Căn cứ Luật Bảo vệ bí mật nhà nước ngày 15 tháng 11 năm 2018"]


def test_font_bullets_and_lines_broken_after_a_comma():
    from extractor.ingest.lines import build_blocks, text_to_lines

    text = (
        "\uf0b7 Sinh viên phải thực hiện đầy đủ các nhiệm vụ, yêu cầu và kế hoạch của Trường,\n"
        "Khoa về thực hiện thực tập Doanh nghiệp.\n"
        "o Báo cáo phải được giảng viên hướng dẫn duyệt.\n"
    )
    blocks = build_blocks(text_to_lines(text))
    assert [(b.marker, b.text[:12]) for b in blocks] == [("•", "• Sinh viên "), ("o", "o Báo cáo ph")]
    assert blocks[0].text.endswith("Khoa về thực hiện thực tập Doanh nghiệp.")


@pytest.mark.parametrize(
    "parts, columns",
    [
        (["CỤC ĐƯỜNG THỦY NỘI ĐỊA VIỆT NAM", "CÔNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], True),  # a typo'd quốc hiệu too
        (["Số: 213/TB-ĐTII", "TP. HCM, ngày 10 tháng 4 năm 2012"], True),
        (["Nơi nhận:", "KT. HIỆU TRƯỞNG"], True),
        (["- Như trên;", "HIỆU TRƯỞNG"], True),
        (["1. Thời gian", "Ngày 14/4/2012 và các ngày kế tiếp"], False),  # a body line with a tab
        (["Chỉ một phần"], False),
    ],
)
def test_docx_headers_laid_out_with_tabs_or_spaces(parts, columns):
    from extractor.ingest.docx import _tabbed_columns

    assert _tabbed_columns(parts) is columns


def test_a_sideways_page_is_recognised():
    from extractor.ingest.ocr import _sideways

    upright = [(100 * k, 50, 200, 40, "chữ") for k in range(30)]
    turned = [(50, 100 * k, 40, 200, "chữ") for k in range(30)]
    assert not _sideways(upright) and _sideways(turned) and not _sideways(turned[:5])


def test_coloured_ink_is_whitened_in_the_lower_half(tmp_path):
    import numpy as np
    from PIL import Image, ImageDraw

    from extractor.ingest.ocr import _drop_colour

    im = Image.new("RGB", (400, 400), "white")
    d = ImageDraw.Draw(im)
    d.rectangle([10, 10, 60, 40], fill=(20, 40, 200))  # a handwritten number in blue, upper half: kept
    d.rectangle([10, 300, 60, 330], fill=(0, 0, 0))  # printed text under the stamp: kept
    d.ellipse([100, 250, 300, 390], outline=(220, 30, 30), width=8)  # the red stamp: gone
    path = tmp_path / "p.png"
    im.save(path)
    _drop_colour(str(path))
    gray = np.asarray(Image.open(path))
    assert gray.ndim == 2
    assert gray[25, 35] < 100 and gray[315, 35] < 50
    assert gray[250:390, 100:300].min() == 255
