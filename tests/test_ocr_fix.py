"""Post-OCR tone-mark correction (extractor/ingest/ocr_fix.py): realistic Tesseract errors are fixed,
correct text and names are left alone, case is kept, only OCR'd text is touched, and extraction
works without the model file."""

import gzip
import io
import json

import pytest
from conftest import ROOT, SEEDS

from extractor.ingest import load, ocr, ocr_fix
from extractor.ingest.pdf import load_pdf

# errors Tesseract (vie) made on the shared corpus scans, and what the page says
OCR_ERRORS = [
    ("Ngân hàng Nhà nước - Chỉ nhánh Quảng Ngãi", "Ngân hàng Nhà nước - Chi nhánh Quảng Ngãi"),
    ("Người đứng đầu cơ quan, tô chức, đơn vị", "Người đứng đầu cơ quan, tổ chức, đơn vị"),
    (
        "Chủ tịch Ủy ban nhân dân các huyện, thành phô trong tỉnh",
        "Chủ tịch Ủy ban nhân dân các huyện, thành phố trong tỉnh",
    ),
    ("Cục Thị hành án dân sự tỉnh", "Cục Thi hành án dân sự tỉnh"),
    ("Ủy ban nhân dân tĩnh Quảng Ngãi", "Ủy ban nhân dân tỉnh Quảng Ngãi"),
    ("Ban chí đạo", "Ban chỉ đạo"),
    ("Sở Nông nghiệp và Phát triên nông thôn", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("V/v công bô Danh mục TTHC", "V/v công bố Danh mục TTHC"),
    ("Căn cứ Luật Tổ chức chính quyên địa phương", "Căn cứ Luật Tổ chức chính quyền địa phương"),
    ("- Công TTĐT tỉnh;", "- Cổng TTĐT tỉnh;"),
    ("sử dụng vật liệu nỗ công nghiệp", "sử dụng vật liệu nổ công nghiệp"),
    ("theo dõi, kiêm tra, giám sát", "theo dõi, kiểm tra, giám sát"),
    ("Vềviệc tăng cường công tác phòng, chống tham nhũng", "Về việc tăng cường công tác phòng, chống tham nhũng"),
    ("trường hợp vượt thâm quyên, kịp thời báo cáo", "trường hợp vượt thẩm quyền, kịp thời báo cáo"),
]

# right as they are: common text, and words a small model could take for errors (names, rarer words)
CORRECT = [
    "Ủy ban nhân dân tỉnh yêu cầu các sở, ban, ngành tổ chức triển khai thực hiện nghiêm túc.",
    "Chỉ đạo các phòng, ban, đơn vị trực thuộc tăng cường công tác tuyên truyền.",
    "Ông Nguyễn Thanh Việt, Giám đốc Sở Tài chính",
    "UBND thị xã Đức Phổ và huyện Sơn Tịnh",
    "khuyến khích cá nhân kinh doanh mở tài khoản tại ngân hàng",
    "khu vực bị cách ly do dịch bệnh",
    "Tết Nguyên đán Nhâm Dần",
    "phát hiện những sơ hở, thiếu sót trong quy định",
]


@pytest.fixture
def no_model(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr_fix, "MODEL_PATH", tmp_path / "missing.json.gz")
    monkeypatch.setattr(ocr_fix, "_loaded", {})


def image_pdf(path) -> bytes:
    """A one-page PDF with no text layer (a blank scan)."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (200, 280), 255).save(buf, format="PDF")
    path.write_bytes(buf.getvalue())
    return buf.getvalue()


def fake_ocr(text):
    return lambda data, pages: [(text, 95.0) for _ in pages]


@pytest.mark.parametrize("raw,fixed", OCR_ERRORS)
def test_ocr_errors_are_corrected(raw, fixed):
    assert ocr_fix.fix_text(raw)[0] == fixed


@pytest.mark.parametrize("text", CORRECT)
def test_correct_text_is_unchanged(text):
    assert ocr_fix.fix_text(text) == (text, 0)


def test_seed_texts_are_unchanged():
    for f in sorted(SEEDS.glob("*.txt"))[:2]:
        text = load(f).text
        assert ocr_fix.fix_text(text)[1] == 0


def test_case_is_kept():
    assert ocr_fix.fix_text("ỦY BAN NHÂN DÂN TĨNH QUẢNG NGÃI")[0] == "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"
    assert ocr_fix.fix_text("BAN CHÍ ĐẠO 138")[0] == "BAN CHỈ ĐẠO 138"
    assert ocr_fix.fix_text("Tông cục Thuế")[0] == "Tổng cục Thuế"
    assert ocr_fix.fix_text("tông hợp báo cáo")[0] == "tổng hợp báo cáo"


def test_small_model_decision_rule():
    """Counts from a few sentences: a syllable unseen beside its neighbours is replaced by one seen
    there; one seen there is kept; without evidence nothing changes."""
    uni, bi = ocr_fix.count(["các tổ chức, cá nhân"] * 3 + ["tô điểm thêm"] * 2 + ["các tờ khai"] * 2)
    c = ocr_fix.Corrector(uni, bi)
    assert c.correct("các tô chức")[0] == "các tổ chức"
    assert c.correct("CÁC TÔ CHỨC")[0] == "CÁC TỔ CHỨC"
    assert c.correct("Các Tô Chức")[0] == "Các Tô Chức"  # inside a name: needs 5 sightings of "tổ chức"
    assert c.correct("tô điểm")[0] == "tô điểm"
    assert c.correct("màu tô")[0] == "màu tô"  # no neighbour backs an alternative


def test_tone_placement_variants_are_one_syllable():
    assert ocr_fix.canon("Hoà") == ocr_fix.canon("hòa") == "hòa"
    assert ocr_fix.base_letters("Triển") == "trien" and ocr_fix.base_letters("đường") == "đuong"


def test_pdf_ocr_pages_are_corrected_and_counted(tmp_path):
    path = tmp_path / "scan.pdf"
    data = image_pdf(path)
    src = load_pdf(
        str(path),
        data,
        ocr=fake_ocr("Ngân hàng Nhà nước - Chỉ nhánh Quảng Ngãi\ncác tô chức, cá nhân phải chuyển sang sử dụng"),
    )
    assert "Chi nhánh" in src.text and "các tổ chức" in src.text
    assert ocr_fix.warning(2) in src.warnings


def test_ocr_cache_keeps_raw_tesseract_output(tmp_path, monkeypatch):
    monkeypatch.setenv("VN_EXTRACTOR_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(
        ocr, "_ocr_pages", lambda data, pages, jobs: [("Cục Thị hành án dân sự tỉnh", 90.0) for _ in pages]
    )
    path = tmp_path / "scan.pdf"
    data = image_pdf(path)
    src = load_pdf(str(path), data, ocr=ocr.ocr_pdf)
    assert "Cục Thi hành án dân sự tỉnh" in src.text
    cached = [json.loads(f.read_text(encoding="utf-8")) for f in (tmp_path / "cache" / "ocr").glob("*.json")]
    assert cached == [["Cục Thị hành án dân sự tỉnh", 90.0]]


def test_image_ocr_is_corrected(tmp_path, monkeypatch):
    from PIL import Image

    path = tmp_path / "scan.png"
    Image.new("L", (50, 50), 255).save(path)
    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(
        ocr, "ocr_image_data", lambda data, frames=None: [("Sở Nông nghiệp và Phát triên nông thôn", 92.0)]
    )
    src = load(path)
    assert src.text == "Sở Nông nghiệp và Phát triển nông thôn"


def test_text_layers_docx_and_txt_are_untouched(tmp_path, monkeypatch):
    raw = "Người đứng đầu cơ quan, tô chức, đơn vị phải kiêm tra."
    txt = tmp_path / "a.txt"
    txt.write_text(raw, encoding="utf-8")
    assert load(txt).text == raw
    import docx

    d = docx.Document()
    d.add_paragraph(raw)
    d.save(tmp_path / "a.docx")
    assert load(tmp_path / "a.docx").text == raw

    calls = []
    monkeypatch.setattr(ocr_fix, "fix_blocks", lambda *a, **k: calls.append(a) or 0)
    for f in sorted(SEEDS.glob("*.pdf"))[:1] + sorted(SEEDS.glob("*.docx"))[:1]:
        load(f)
    assert calls == []


def test_without_the_model_file_nothing_changes(no_model, tmp_path):
    assert ocr_fix.corrector() is None
    assert ocr_fix.fix_text("các tô chức") == ("các tô chức", 0)
    path = tmp_path / "scan.pdf"
    data = image_pdf(path)
    src = load_pdf(str(path), data, ocr=fake_ocr("Ngân hàng Nhà nước - Chỉ nhánh Quảng Ngãi"))
    assert "Chỉ nhánh" in src.text
    assert not any("corrected" in w for w in src.warnings)


def test_model_file_is_small_and_trained_on_no_scan_nor_gold():
    path = ROOT / "models" / "syllables.json.gz"
    assert path.stat().st_size < 2 * 2**20
    with gzip.open(path, "rt", encoding="utf-8") as f:
        model = json.load(f)
    assert model["format"] == ocr_fix.FORMAT and model["unigrams"]["tỉnh"] > 100
    sources = set(model["sources"])
    assert not any("gold" in s for s in sources)
    scans = {
        "01CT_20250509_154257.pdf",
        "2352_07-CT-UBND_.signed_20250221_092046.pdf",
        "05CT_20250517_033418.pdf",
        "QD-1050-kiem-tra-VLNCN-2026.pdf",
        "GP-2507-mo-da-Toong-Gia-Mien-Bac-ban-ky.pdf",
    }
    assert not sources & scans


@pytest.mark.parametrize(
    "ocr, fixed",
    [
        (
            "Công điện số 8712/CĐ-BNN-ÐĐ ngày 17 tháng I1 năm 2024",
            "Công điện số 8712/CĐ-BNN-ĐĐ ngày 17 tháng 11 năm 2024",
        ),
        ("hồi 04 giờ ngày I8 tháng II năm 2024", "hồi 04 giờ ngày 18 tháng II năm 2024"),  # a Roman II stays
        ("tốc độ khoảng I5km/h", "tốc độ khoảng 15km/h"),
        ("trước ngày l5/3/2018", "trước ngày 15/3/2018"),
        ("Phụ lục II, Bill 12, H5N1", "Phụ lục II, Bill 12, H5N1"),  # words and names keep their letters
    ],
)
def test_look_alike_glyphs_of_ocr(ocr, fixed):
    from extractor.ingest.ocr_fix import look_alikes

    assert look_alikes(ocr) == fixed
