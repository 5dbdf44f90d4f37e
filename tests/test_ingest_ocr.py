"""Scanned PDFs read by OCR: a report's text set on page images (fonts-noto-cjk, a page number
under each page, a heading set over two lines, one page left as text) reads as the text it came
from — same outline, same passages, same answers; a page OCR is unsure of is a warning.

OCR is seconds a page on two cores: the scanned report is read once for the module (its pages
kept in an OCR cache that the library's index then finds) and kept to two pages, one of them scanned.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from index_fixtures import answerer_over
from ingest_samples import render_outline

from wenbao.answering.answerer import ReportAnswerer
from wenbao.benchmarks.ocr_bench import edit_distance
from wenbao.benchmarks.scanned import render_pages, scanned_pdf
from wenbao.documents import ParsedDocument
from wenbao.index.embedders import Embedder
from wenbao.ingest.ocr import LocalScanReader, OcrBox, OcrCache, OcrOptions, OcrPage, PageLayout, page_warning
from wenbao.ingest.pipeline import parse_bytes

pytestmark = pytest.mark.slow

# A county's report the test writes; the second part's heading is longer than a printed line.
REPORT = [
    "青溪县2025年政府工作报告",
    "——2025年1月8日在青溪县第十八届人民代表大会第四次会议上",
    "各位代表：",
    "现在，我代表县人民政府，向大会报告工作，请予审议，并请县政协委员提出意见。",
    "一、2024年工作回顾",
    "过去一年，全县上下团结一心、攻坚克难，经济社会发展取得新成效。全县地区生产总值完成286.4亿元，"
    "增长6.1%；一般公共预算收入完成18.7亿元，增长4.3%；城乡居民人均可支配收入分别增长5.2%和7.4%。",
    "（一）产业发展提质增效",
    "新签约亿元以上项目42个，竹木加工、茶叶和文旅三大主导产业产值突破160亿元。新增规上工业企业"
    "23家，规上工业增加值增长8.5%，茶叶综合产值达到31.6亿元。",
    "（二）民生保障持续加强",
    "民生支出占一般公共预算支出的比重达到81.3%，城镇新增就业5260人，新建和改扩建学校9所，"
    "县人民医院新院区投入使用，城乡居民医保参保率稳定在98%以上。",
    "二、坚持创新驱动和产业升级双轮并进，加快构建具有青溪特色的现代化产业体系",
    "今年全县经济社会发展的主要预期目标是：地区生产总值增长6%左右，一般公共预算收入增长4%，"
    "城乡居民人均可支配收入增长与经济增长同步，城镇新增就业5000人以上。",
    "（一）做强竹木茶旅主导产业",
    "1．推动竹木产业精深加工。建设竹木产业园二期，引进竹纤维新材料项目3个，竹木产业产值力争达到95亿元。",
    "2．擦亮青溪茶叶品牌。新建生态茶园1.2万亩，培育茶叶龙头企业5家，办好第六届青溪茶文化节。",
    "（二）办好民生实事",
    "新增城镇公办幼儿园学位1800个，改造老旧小区12个，建成乡镇养老服务中心4个，"
    "实施农村供水保障工程，让全县群众生活更加舒心。",
    "各位代表，新征程催人奋进，新使命重任在肩。让我们团结一心、苦干实干，奋力谱写青溪高质量发展新篇章！",
]
TEXT = "\n".join(REPORT) + "\n"
QUESTIONS = [
    "青溪县2024年地区生产总值是多少？",
    "青溪县茶叶综合产值达到多少？",
    "2025年青溪县城镇新增就业目标是多少？",
    "青溪县2024年规上工业增加值增长多少？",
]


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, Path]:
    """The report as a scanned PDF (its second page left as text) and the data folder whose OCR
    cache an index of it uses: its scanned page is read here, once."""
    pages = render_pages(REPORT, centred=2)
    assert len(pages) == 2, "the report should fill two pages"
    lines = [line for page in pages for line in page.lines]
    assert any(line.startswith("二、坚持") and "体系" not in line for line in lines), (
        "a heading over two lines"
    )
    pdf = scanned_pdf(pages, text_pages=frozenset({1}))
    data = tmp_path_factory.mktemp("qingxi") / "data"
    parse_bytes(pdf, "qingxi.pdf", scans=LocalScanReader(OcrCache(data / "ocr")))
    return pdf, data


@pytest.fixture(scope="module")
def scanned(scan: tuple[bytes, Path]) -> ParsedDocument:
    pdf, data = scan
    return parse_bytes(pdf, "qingxi.pdf", scans=LocalScanReader(OcrCache(data / "ocr"), compute=False))


def _compact(text: str) -> str:
    return "".join(text.split())


def test_a_scanned_report_has_the_outline_and_text_of_the_report_it_came_from(
    scanned: ParsedDocument,
) -> None:
    written = parse_bytes(TEXT.encode("utf-8"), "qingxi.txt")
    assert render_outline(scanned.sections) == render_outline(written.sections)
    assert scanned.meta.title == written.meta.title == "青溪县2025年政府工作报告"
    assert (scanned.meta.year, scanned.meta.date) == (2025, "2025-01-08")
    # the text reads as written (the odd character OCR gets wrong aside), without page numbers
    want, got = _compact(written.text), _compact(scanned.text)
    assert edit_distance(want, got) <= 0.01 * len(want), (want, got)
    assert "— 1 —" not in scanned.text and "—1—" not in got and "一3一" not in got
    assert not scanned.meta.warnings


def test_a_scanned_report_answers_as_its_text_does(
    scan: tuple[bytes, Path], tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder
) -> None:
    pdf, data = scan
    from_text = answerer_over(tmp_path_factory, shared_e5, "qingxi-2025-gzbg.txt", TEXT)
    from_scan = _answerer_with_cache(tmp_path_factory, shared_e5, pdf, data)
    for question in QUESTIONS:
        a, b = from_text.ask(question), from_scan.ask(question)
        assert a.answerable, question
        assert b.answerable, question
        assert _compact(b.answer) == _compact(a.answer), question
        assert [c.chunk.heading_numbers for c in b.citations] == [
            c.chunk.heading_numbers for c in a.citations
        ]


def _answerer_with_cache(
    tmp_path_factory: pytest.TempPathFactory, embedder: Embedder, pdf: bytes, data: Path
) -> ReportAnswerer:
    """An answerer over the scanned PDF, indexed into the data folder whose OCR cache holds its
    pages (the library reads them there instead of running OCR again)."""
    from wenbao.index.library import ReportLibrary
    from wenbao.settings import Settings

    folder = tmp_path_factory.mktemp("qingxi-scan")
    path = folder / "qingxi-2025-gzbg.pdf"
    path.write_bytes(pdf)
    settings = Settings(data_dir=data)
    library = ReportLibrary(settings, embedder=embedder)
    library.ingest([path])
    library.warm_up()
    return ReportAnswerer(library, settings=settings)


def test_a_page_ocr_is_unsure_of_is_a_warning_on_the_document() -> None:
    from PIL import Image

    page = render_pages(REPORT[2:6])[0]
    # a scan at a sixth of the resolution: the characters are blurs OCR half guesses
    small = page.image.resize((page.image.width // 6, page.image.height // 6), Image.Resampling.BILINEAR)
    page.image = small.resize(page.image.size, Image.Resampling.BILINEAR)
    doc = parse_bytes(scanned_pdf([page]), "blurred.pdf")
    assert any("第 1 页" in w and "置信度" in w for w in doc.meta.warnings), doc.meta.warnings


def test_the_layout_rebuilds_paragraphs_from_where_lines_start_and_stop() -> None:
    em = 30.0

    def line(text: str, x0: float, y: float) -> OcrBox:
        return OcrBox(text, x0, y, x0 + em * len(text), y + em, 0.99)

    boxes = [
        line("一、加快建设现代化产业体系推动", 160, 100),  # indented, reaches the margin
        line("高质量发展", 100, 150),  # continues the heading, stops short: ends it
        line("全年完成投资一百亿元同比增长", 160, 200),  # indented: a new paragraph
        line("百分之五。", 100, 250),
        OcrBox("一", 100, 300, 130, 330, 0.99),  # a heading's numeral cut from its line
        OcrBox("总体要求", 150, 300, 270, 330, 0.99),
        OcrBox("一3一", 400, 900, 490, 930, 0.7),  # the page number
    ]
    assert PageLayout(boxes).text().split("\n") == [
        "一、加快建设现代化产业体系推动高质量发展",
        "全年完成投资一百亿元同比增长百分之五。",
        "一、总体要求",
        "— 3 —",
    ]
    # what OCR misreads that the text shows: a heading's lost bracket, a dash between years
    assert PageLayout([line("八）加强政府自身建设。", 160, 100)]).text() == "（八）加强政府自身建设。"
    assert PageLayout([line("2016一2020年目标。", 160, 100)]).text() == "2016－2020年目标。"
    unsure = OcrPage("某某", confidence=0.6, chars=2)
    assert page_warning(4, unsure, OcrOptions()) is not None and "第 5 页" in str(
        page_warning(4, unsure, OcrOptions())
    )
    assert page_warning(0, OcrPage("", 1.0, 0, ink=0.0), OcrOptions()) is None  # a blank page
    assert page_warning(0, OcrPage("", 1.0, 0, ink=0.05), OcrOptions()) is not None  # ink, no text


def test_removing_a_scanned_report_removes_its_text_from_the_ocr_cache(
    scan: tuple[bytes, Path], tmp_path_factory: pytest.TempPathFactory, shared_e5: Embedder
) -> None:
    import shutil

    from wenbao.index.library import ReportLibrary
    from wenbao.settings import Settings

    pdf, data = scan
    copy = tmp_path_factory.mktemp("qingxi-remove") / "data"
    shutil.copytree(data / "ocr", copy / "ocr")  # the pages already read: no OCR run here
    other = copy / "ocr" / f"{'0' * 64}.json"
    other.write_text("{}", encoding="utf-8")  # another file's pages stay
    folder = tmp_path_factory.mktemp("qingxi-remove-src")
    (folder / "qingxi-2025-gzbg.pdf").write_bytes(pdf)
    library = ReportLibrary(Settings(data_dir=copy), embedder=shared_e5)
    [result] = library.ingest([folder / "qingxi-2025-gzbg.pdf"])
    cached = copy / "ocr" / f"{hashlib.sha256(pdf).hexdigest()}.json"
    assert cached.exists() and "青溪" in cached.read_text(encoding="utf-8")

    library.remove(result.doc_id)
    assert not cached.exists(), "the removed report's text is still on disk"
    assert other.exists()
