"""Small reports written by the ingest tests (another district, other numbers), and a
simulator of PDF-to-text extraction, so the cleaner's rules are tested beyond the two seeds."""

from __future__ import annotations

import io
import re

from wenbao.documents import ParsedDocument, Section

# One paragraph per line, as a word processor would save it.
XUANWU_LINES = [
    "关于玄武区2023年国民经济和社会发展计划",
    "前三季度执行情况的报告",
    "——2023年11月2日在玄武区第十八届",
    "人大常委会第十五次会议上",
    "区发展和改革委员会主任  张明远",
    "主任、各位副主任、各位委员：",
    "受区人民政府委托，我向本次会议报告我区2023年国民经济和社会发展计划前三季度执行情况，请予审议。",
    "一、前三季度计划执行情况",
    "前三季度，全区经济运行稳中有进，主要指标好于预期，发展质量稳步提升，民生保障持续加强。",
    "（一）经济运行稳中有进",
    "1、主要指标稳步增长。地区生产总值完成815.6亿元，同比增长5.2%；一般公共预算收入完成60.3亿元，"
    "同比增长3.1%；社会消费品零售总额完成402.7亿元，总量继续保持全市前列。",
    "2、项目建设加快推进。全区32个重大项目完成年度投资计划的81.5%，其中12个项目已竣工，"
    "新开工项目9个，重大项目储备持续充实。",
    "（二）创新动能持续增强",
    "3、科技企业加速集聚。新增高新技术企业56家，技术合同成交额完成45.2亿元，同比增长12.4%，"
    "新型研发机构孵化企业营收达8.9亿元。",
    "二、第四季度工作举措",
    "一是稳住经济大盘，增强发展动力。抓好项目建设，推进重大项目早开工、早投产，确保全年完成投资目标。",
    "二是加快产业升级，培育新兴动能。推动数字经济发展，支持软件企业做大做强，培育一批专精特新企业。",
    "以上报告，请予审议。",
]

XUANWU_OUTLINE = [
    "一、前三季度计划执行情况",
    "  （一）经济运行稳中有进",
    "    1、主要指标稳步增长",
    "    2、项目建设加快推进",
    "  （二）创新动能持续增强",
    "    3、科技企业加速集聚",
    "二、第四季度工作举措",
    "  一是稳住经济大盘，增强发展动力",
    "  二是加快产业升级，培育新兴动能",
]

XUANWU_META = {
    "title": "关于玄武区2023年国民经济和社会发展计划前三季度执行情况的报告",
    "year": 2023,
    "date": "2023-11-02",
    "meeting": "玄武区第十八届人大常委会第十五次会议",
    "speaker": "张明远",
    "role": "区发展和改革委员会主任",
    "period": "前三季度",
}

XUANWU_TEXT = "\n".join(XUANWU_LINES) + "\n"

_FRONT = 6  # title (2 lines), date line (2), speaker, salutation: never wrapped


def wrap(paragraph: str, width: int) -> list[str]:
    return [paragraph[i : i + width] for i in range(0, len(paragraph), width)] or [""]


def space_numbers(line: str) -> str:
    """What PDF extraction does around numbers and Latin words: ``完成 815.6 亿元``."""
    return re.sub(r"(?<=[\u4e00-\u9fff，。、；：“”（）])([0-9][0-9.%]*)", r" \1", line).replace("% ", "%")


def pdf_like_lines(lines: list[str], width: int) -> list[str]:
    """Wrap the body paragraphs at ``width`` characters, as a PDF's text layer has them."""
    out = list(lines[:_FRONT])
    for para in lines[_FRONT:]:
        out.extend(wrap(para, width))
    return out


def pdf_like_text(lines: list[str], width: int = 22, page_lines: int = 9, page_numbers: bool = True) -> str:
    """Text as a PDF-to-text tool writes it (the 2024 seed's layout): an empty line after every
    line, a single leading space on the first line of each page, spaces around numbers, and a
    page-number line (``— 3 —``) at the bottom of each page."""
    wrapped = [space_numbers(ln) for ln in pdf_like_lines(lines, width)]
    out: list[str] = []
    page = 1
    for i, line in enumerate(wrapped):
        if i and i % page_lines == 0:
            if page_numbers:
                out.append(f"— {page} —")
                out.append("")
            page += 1
            line = " " + line
        out.append(line)
        out.append("")
    return "\n".join(out)


def make_docx(lines: list[str]) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(lines[0], level=0)
    for line in lines[1:]:
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


_NOTE_REF = re.compile(r"\{(fn|en):([^}]*)\}")
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def make_docx_with_notes(lines: list[str]) -> bytes:
    """A Word file whose lines may cite notes: ``{fn:text}`` is a footnote reference at that
    place (its text in the footnotes part, as Word writes it, separators included), ``{en:text}``
    an endnote."""
    import docx
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    document = docx.Document()
    notes: dict[str, list[str]] = {"fn": [], "en": []}
    for line in lines:
        paragraph = document.add_paragraph()
        pos = 0
        for m in _NOTE_REF.finditer(line):
            paragraph.add_run(line[pos : m.start()])
            kind, text = m.groups()
            notes[kind].append(text)
            ref = OxmlElement("w:footnoteReference" if kind == "fn" else "w:endnoteReference")
            ref.set(qn("w:id"), str(len(notes[kind])))
            paragraph.add_run()._r.append(ref)
            pos = m.end()
        paragraph.add_run(line[pos:])
    for kind, tag, part_name, content_type, rel in [
        ("fn", "footnote", "footnotes", CT.WML_FOOTNOTES, RT.FOOTNOTES),
        ("en", "endnote", "endnotes", CT.WML_ENDNOTES, RT.ENDNOTES),
    ]:
        if not notes[kind]:
            continue
        separators = (
            f'<w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>'
            f'<w:{tag} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
            f"</w:r></w:p></w:{tag}>"
        )
        bodies = "".join(
            f'<w:{tag} w:id="{n}"><w:p><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:{tag}>'
            for n, text in enumerate(notes[kind], start=1)
        )
        xml = f'<w:{part_name} xmlns:w="{_W}">{separators}{bodies}</w:{part_name}>'
        part = Part(PackURI(f"/word/{part_name}.xml"), content_type, xml.encode(), document.part.package)
        document.part.relate_to(part, rel)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def make_pdf(lines: list[str], width: int = 24, lines_per_page: int = 14) -> bytes:
    """A real PDF (reportlab, built-in CID font STSong-Light): wrapped lines, several pages,
    a page number at the bottom of each page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    wrapped = pdf_like_lines(lines, width)
    pages = [wrapped[i : i + lines_per_page] for i in range(0, len(wrapped), lines_per_page)]
    for n, page in enumerate(pages, start=1):
        c.setFont("STSong-Light", 14)
        y = 800
        for line in page:
            c.drawString(50, y, line)
            y -= 26
        c.drawCentredString(297, 40, f"— {n} —")
        c.showPage()
    c.save()
    return buf.getvalue()


def render_outline(sections: list[Section]) -> list[str]:
    lines: list[str] = []

    def walk(secs: list[Section], depth: int) -> None:
        for s in secs:
            assert s.level == depth + 1
            lines.append("  " * depth + s.number + s.title)
            walk(s.children, depth + 1)

    walk(sections, 0)
    return lines


def section_texts(doc: ParsedDocument) -> dict[tuple[str, ...], str]:
    """Body text per heading path, chunks joined: independent of where paragraphs were cut."""
    out: dict[tuple[str, ...], str] = {}
    for c in doc.chunks:
        out[c.heading_numbers] = out.get(c.heading_numbers, "") + c.text
    return out
