"""The demo library's files, made from its data with well-kept libraries: PDF (fpdf2), Word
(python-docx), spreadsheets (openpyxl) and CSV.

A file is described in the data by its kind and its content in one language; make() returns its
title, file name and bytes. Nothing is downloaded and no binary sits in the repository.
"""

import csv
import datetime as dt
import io

from docx import Document as WordDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from fpdf import FPDF
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from django.utils import translation
from django.utils.html import strip_tags

from core.text import danish_slugify
from events.vocabulary import AttendanceMode
from library.vocabulary import LICENCE_SHORT_NAMES, Difficulty, GroupSize, Licence, TimeNeeded

# Colours of the house (DESIGN.md).
INK, PRIMARY, FOCUS, MUTED = (0x1B, 0x1F, 0x3B), (0x3A, 0x36, 0xC9), (0xFF, 0xB0, 0x00), (0x5B, 0x60, 0x78)
# A fixed date keeps a file the same from one load to the next.
MADE = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
LANGUAGE_TAGS = {"da": "da-DK", "en": "en-GB"}


def for_resource(spec: dict, resource: dict, words: dict, language: str) -> tuple[str, str, bytes]:
    """(title, file name, content) of one of a resource's files; all three in one language."""
    if spec["kind"] == "method-card":
        spec = method_card(resource, words["method_card"], language)
    licence = LICENCE_SHORT_NAMES.get(resource.get("licence", Licence.CC_BY_SA), "©")
    return make(spec, language, words["footer"].format(licence=licence, slug=resource["slug"]))


def make(spec: dict, language: str, footer: str) -> tuple[str, str, bytes]:
    """(title, file name, content) of a file described in one language."""
    kind, title = spec["kind"], spec["title"]
    if kind == "pdf":
        heading = spec.get("heading", title)
        content = one_page_pdf(heading, spec["kicker"], spec["blocks"], footer, language)
    elif kind == "docx":
        content = word_template(title, spec["introduction"], spec["sections"], footer, language)
    elif kind == "xlsx":
        content = spreadsheet(title, spec["sheet"], spec["headers"], spec["rows"], spec.get("hint", ""))
    elif kind == "csv":
        content = csv_file(spec["headers"], spec["rows"], language)
    else:
        raise ValueError(f"unknown kind of demo file: {kind!r}")
    return title, spec.get("file_name") or f"{danish_slugify(title)[:80]}.{kind}", content


# ---- PDF ------------------------------------------------------------------------------------------


class _Card(FPDF):
    """An A4 page with the house's coloured band on top and a footer line."""

    def __init__(self, kicker: str, footer: str, scale: float):
        super().__init__(format="A4", unit="pt")
        # Core fonts in Windows-1252 cover Danish letters, dashes and typographic quotes.
        self.core_fonts_encoding = "windows-1252"
        self.kicker, self.footer_text, self.scale = kicker, footer, scale
        self.set_margins(56, 104, 56)
        self.set_auto_page_break(True, margin=64)

    def header(self):
        self.set_fill_color(*PRIMARY)
        self.rect(0, 0, self.w, 64, style="F")
        self.set_xy(56, 26)
        self.set_font("Helvetica", "B", 11)
        self.set_text_color(255, 255, 255)
        self.cell(text=self.kicker.upper())
        self.set_xy(56, 104)

    def footer(self):
        self.set_xy(56, self.h - 44)
        self.set_font("Helvetica", size=10)
        self.set_text_color(*MUTED)
        self.cell(text=self.footer_text)

    def paragraph(self, text: str, size: float, style: str = "", colour=INK, indent: float = 0, after=0.6):
        size *= self.scale
        self.set_font("Helvetica", style, size)
        self.set_text_color(*colour)
        self.set_x(self.l_margin + indent)
        self.multi_cell(self.epw - indent, size * 1.3, text)
        self.ln(size * after)

    def step(self, number: int, title: str, text: str):
        badge = 18 * self.scale
        top = self.get_y() + 4 * self.scale
        self.set_fill_color(*FOCUS)
        self.rect(self.l_margin, top, badge, badge, style="F")
        self.set_xy(self.l_margin, top)
        self.set_font("Helvetica", "B", 11 * self.scale)
        self.set_text_color(*INK)
        self.cell(badge, badge, str(number), align="C")
        self.set_y(top)
        indent = badge + 10 * self.scale
        self.paragraph(title, 12, "B", indent=indent, after=0.15)
        self.paragraph(text, 11, indent=indent, after=0.5)


def one_page_pdf(title: str, kicker: str, blocks: list[dict], footer: str, language: str) -> bytes:
    """A one-page A4 PDF: the band with the kicker, the title, the blocks and a footer line.

    Each block is {"heading": text}, {"text": text}, {"meta": text} or {"step": {number, title,
    text}}. The type shrinks until everything fits on the page; text that cannot fit even at 70 %
    is an error, because a printable card that loses its last step is worse than none.
    """
    scale = 1.0
    while scale >= 0.7:
        pdf = _Card(kicker, footer, scale)
        pdf.set_title(title)
        pdf.set_lang(language)
        pdf.set_creator("Innovatarium")
        pdf.set_creation_date(MADE)
        pdf.add_page()
        pdf.paragraph(title, 22, "B", after=0.5)
        for block in blocks:
            (kind, value), *_ = block.items()
            if kind == "heading":
                pdf.ln(6 * scale)
                pdf.paragraph(value, 13, "B", colour=PRIMARY, after=0.2)
            elif kind == "meta":
                pdf.paragraph(value, 10, colour=MUTED, after=0.8)
            elif kind == "step":
                pdf.step(value["number"], value["title"], value["text"])
            else:
                pdf.paragraph(value, 11)
        if pdf.page_no() == 1:
            return bytes(pdf.output())
        scale = round(scale - 0.05, 2)
    raise ValueError(f"{title!r} does not fit on one page")


# ---- Word -----------------------------------------------------------------------------------------


def _set_language(style, language: str) -> None:
    """Mark the text's language, so spelling checks and screen readers use the right one."""
    language_element = OxmlElement("w:lang")
    language_element.set(qn("w:val"), LANGUAGE_TAGS.get(language, language))
    style.element.get_or_add_rPr().append(language_element)


def _hint(document, text: str) -> None:
    run = document.add_paragraph().add_run(text)
    run.italic = True
    run.font.color.rgb = RGBColor(*MUTED)


def word_template(title: str, introduction: str, sections: list[dict], footer: str, language: str) -> bytes:
    """An editable .docx: a title, an introduction, then per section a heading, a hint in grey
    italics on what to write, and lines or a table to fill in."""
    document = WordDocument()
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Arial", Pt(11)
    _set_language(normal, language)
    document.core_properties.title = title
    document.core_properties.author = "Innovatarium"
    document.core_properties.language = LANGUAGE_TAGS.get(language, language)
    document.core_properties.created = document.core_properties.modified = MADE
    document.add_heading(title, level=0)
    document.add_paragraph(introduction)
    for section in sections:
        document.add_heading(section["heading"], level=1)
        if section.get("hint"):
            _hint(document, section["hint"])
        if "table" in section:
            headers = section["table"]["headers"]
            table = document.add_table(rows=1 + section["table"]["rows"], cols=len(headers))
            table.style = "Table Grid"
            header_row = table.rows[0]
            # The header row repeats on every page, and screen readers announce it as the column headers.
            header_row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
            for cell, text in zip(header_row.cells, headers, strict=True):
                cell.paragraphs[0].add_run(text).bold = True
            document.add_paragraph()
        else:
            for _ in range(section.get("blank_lines", 2)):
                document.add_paragraph()
    _hint(document, footer)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ---- Spreadsheets and CSV -------------------------------------------------------------------------


def spreadsheet(title: str, sheet_name: str, headers: list[str], rows: list[list], hint: str = "") -> bytes:
    """An .xlsx with a bold, frozen header row; the rows are examples or data, a hint goes above."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_name[:31]
    workbook.properties.title, workbook.properties.creator = title, "Innovatarium"
    workbook.properties.created = workbook.properties.modified = MADE.replace(tzinfo=None)
    if hint:
        sheet.append([hint])
        sheet.cell(row=1, column=1).font = Font(italic=True, color="5B6078")
    sheet.append(headers)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True, color="1B1F3B")
        cell.fill = PatternFill("solid", fgColor="F5EEE3")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[cell.column_letter].width = max(14, min(40, len(str(cell.value)) + 6))
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_file(headers: list[str], rows: list[list], language: str) -> bytes:
    """CSV that Excel opens right in the reader's region: ";" and decimal commas in Danish, with a BOM."""
    danish = language == "da"
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";" if danish else ",")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(
            [str(value).replace(".", ",") if danish and isinstance(value, float) else value for value in row]
        )
    return buffer.getvalue().encode("utf-8")


# ---- Method cards ---------------------------------------------------------------------------------


def method_card(resource: dict, words: dict, language: str) -> dict:
    """The description of a method's printable card, made from the resource's own fields in one
    language: its facts, why, what you need and the numbered steps."""
    with translation.override(language):
        facts = [
            f"{words['time']}: {TimeNeeded(resource['time_needed']).label}"
            if resource.get("time_needed")
            else "",
            f"{words['group']}: {GroupSize(resource['group_size']).label}"
            if resource.get("group_size")
            else "",
            str(Difficulty(resource["difficulty"]).label) if resource.get("difficulty") else "",
            str(AttendanceMode(resource["delivery_mode"]).label) if resource.get("delivery_mode") else "",
        ]
    blocks = [
        {"meta": " · ".join(fact for fact in facts if fact)},
        {"text": resource["summary"]},
        {"heading": words["why"]},
        {"text": resource["purpose"]},
        {"heading": words["materials"]},
        {"text": resource["materials"]},
        {"heading": words["steps"]},
    ]
    for number, step in enumerate((block["step"] for block in resource["steps"]), start=1):
        title = step["title"]
        if step.get("minutes"):
            title = f"{title} ({words['minutes'].format(minutes=step['minutes'])})"
        blocks.append({"step": {"number": number, "title": title, "text": strip_tags(step["text"])}})
    return {
        "kind": "pdf",
        "title": words["title"].format(title=resource["title"]),
        "heading": resource["title"],
        "file_name": words["file_name"].format(slug=resource["slug"]),
        "kicker": words["kicker"],
        "blocks": blocks,
    }
