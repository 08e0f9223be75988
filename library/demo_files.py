"""Small files for the demo library, made in code: one-page PDF cards, Word templates, spreadsheets, CSV.

Nothing is downloaded and no binary is kept in the repository. A method card is a page of text and
a coloured band, which a hand-written PDF of seven objects describes completely; a .docx is a zip of
a few XML files; spreadsheets come from openpyxl, which the site already uses for its exports.
"""

import csv
import io
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

# ---- PDF ------------------------------------------------------------------------------------------

A4 = (595, 842)  # points
MARGIN = 56
BAND_HEIGHT = 64

# Colours from DESIGN.md, as PDF RGB fractions.
INK = (0x1B / 255, 0x1F / 255, 0x3B / 255)
PRIMARY = (0x3A / 255, 0x36 / 255, 0xC9 / 255)
FOCUS = (0xFF / 255, 0xB0 / 255, 0x00 / 255)
MUTED = (0x5B / 255, 0x60 / 255, 0x78 / 255)
WHITE = (1.0, 1.0, 1.0)


@dataclass(frozen=True)
class PdfBlock:
    """One piece of a card: a heading, a paragraph, or a numbered step with its own heading."""

    kind: str  # "heading", "text", "step" or "meta"
    text: str
    title: str = ""
    number: int = 0


def _char_width(char: str, bold: bool) -> float:
    """An upper bound of a Helvetica glyph's width in ems; wrapping errs on the safe side."""
    if char in " iljI.,:;!|'`":
        return 0.28 if not bold else 0.34
    if char in "frt()-[]/":
        return 0.34 if not bold else 0.39
    if char in "mwMWæÆ%@":
        return 0.89 if not bold else 0.94
    if char.isupper() or char in "øØåÅ":
        return 0.73 if not bold else 0.78
    return 0.56 if not bold else 0.62


def _text_width(text: str, size: float, bold: bool = False) -> float:
    return sum(_char_width(char, bold) for char in text) * size


def _wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and _text_width(candidate, size, bold) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


def _pdf_string(text: str) -> str:
    """A PDF literal string in WinAnsiEncoding (æ, ø, å and dashes included), written in ASCII only."""
    out = []
    for byte in text.encode("cp1252", errors="replace"):
        char = chr(byte)
        if char in "\\()":
            out.append("\\" + char)
        elif 32 <= byte < 127:
            out.append(char)
        else:
            out.append(f"\\{byte:03o}")
    return "(" + "".join(out) + ")"


def _pdf_text_string(text: str) -> str:
    """A string for the document information (title), in UTF-16 so any character survives."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


class _Layout:
    """Lays the blocks out top to bottom at a given scale; reports whether they fit on one page."""

    def __init__(self, scale: float):
        self.scale = scale
        self.ops: list[str] = []
        self.y = A4[1] - BAND_HEIGHT - 40 * scale
        self.width = A4[0] - 2 * MARGIN

    def text(self, line: str, x: float, size: float, bold: bool = False, colour=INK):
        font = "F2" if bold else "F1"
        r, g, b = colour
        self.ops.append(
            f"BT /{font} {size:.2f} Tf {r:.3f} {g:.3f} {b:.3f} rg 1 0 0 1 {x:.2f} {self.y:.2f} Tm "
            f"{_pdf_string(line)} Tj ET"
        )

    def paragraph(self, text: str, size: float, bold=False, colour=INK, indent=0.0, after=0.6):
        size *= self.scale
        for line in _wrap(text, self.width - indent, size, bold):
            self.y -= size * 1.3
            self.text(line, MARGIN + indent, size, bold, colour)
        self.y -= size * after

    def step(self, block: PdfBlock):
        size = 11 * self.scale
        badge = 18 * self.scale
        self.y -= size * 0.4
        top = self.y
        r, g, b = FOCUS
        self.ops.append(
            f"{r:.3f} {g:.3f} {b:.3f} rg {MARGIN:.2f} {top - badge:.2f} {badge:.2f} {badge:.2f} re f"
        )
        number = str(block.number)
        self.y = top - badge + 5 * self.scale
        number_x = MARGIN + (badge - _text_width(number, size, bold=True)) / 2
        self.text(number, number_x, size, bold=True)
        self.y = top + 3 * self.scale
        indent = badge + 10 * self.scale
        self.paragraph(block.title, 12, bold=True, indent=indent, after=0.15)
        self.paragraph(block.text, 11, indent=indent, after=0.5)

    @property
    def fits(self) -> bool:
        return self.y > MARGIN + 30


def one_page_pdf(title: str, kicker: str, blocks: list[PdfBlock], footer: str, language: str = "da") -> bytes:
    """A valid one-page A4 PDF: a coloured band with the kicker, the title, the blocks and a footer.

    The type shrinks until everything fits on the page; text that cannot fit even at 70 % is an
    error, because a printable card that loses its last step is worse than none.
    """
    scale = 1.0
    while True:
        layout = _Layout(scale)
        layout.paragraph(title, 22, bold=True, after=0.5)
        for block in blocks:
            if block.kind == "heading":
                layout.y -= 6 * scale
                layout.paragraph(block.text, 13, bold=True, colour=PRIMARY, after=0.2)
            elif block.kind == "meta":
                layout.paragraph(block.text, 10, colour=MUTED, after=0.8)
            elif block.kind == "step":
                layout.step(block)
            else:
                layout.paragraph(block.text, 11)
        if layout.fits:
            break
        scale = round(scale - 0.05, 2)
        if scale < 0.7:
            raise ValueError(f"{title!r} does not fit on one page")

    width, height = A4
    red, green, blue = PRIMARY
    band = [
        f"{red:.3f} {green:.3f} {blue:.3f} rg 0 {height - BAND_HEIGHT} {width} {BAND_HEIGHT} re f",
        f"BT /F2 11 Tf 1 1 1 rg 1 0 0 1 {MARGIN} {height - 38} Tm {_pdf_string(kicker.upper())} Tj ET",
        f"BT /F1 10 Tf {MUTED[0]:.3f} {MUTED[1]:.3f} {MUTED[2]:.3f} rg 1 0 0 1 {MARGIN} 36 Tm "
        f"{_pdf_string(footer)} Tj ET",
    ]
    content = "\n".join([*band, *layout.ops]).encode("ascii")
    return _pdf_document(content, title, language)


def _pdf_document(content: bytes, title: str, language: str) -> bytes:
    objects = [
        f"<< /Type /Catalog /Pages 2 0 R /Lang ({language}) >>".encode("ascii"),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {A4[0]} {A4[1]}] "
            "/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>"
        ).encode("ascii"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        f"<< /Title {_pdf_text_string(title)} /Producer (Innovatarium) >>".encode("ascii"),
    ]
    # A binary comment on line two tells transfer programs that the file is not plain text.
    output = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        output += b"%010d 00000 n \n" % offset
    output += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\n" % (len(objects) + 1, len(objects))
    output += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(output)


# ---- Word (.docx) ---------------------------------------------------------------------------------

W_NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006"
_OFFICE_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WORD_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

_CONTENT_TYPES = f"""{_XML_DECLARATION}<Types xmlns="{_PACKAGE}/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="{_WORD_TYPE}.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="{_WORD_TYPE}.styles+xml"/>
<Override PartName="/docProps/core.xml"
 ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>"""

_PACKAGE_RELATIONSHIPS = f"""{_XML_DECLARATION}<Relationships xmlns="{_PACKAGE}/relationships">
<Relationship Id="rId1" Type="{_OFFICE_RELATIONSHIPS}/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="{_PACKAGE}/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>"""

_DOCUMENT_RELATIONSHIPS = f"""{_XML_DECLARATION}<Relationships xmlns="{_PACKAGE}/relationships">
<Relationship Id="rId1" Type="{_OFFICE_RELATIONSHIPS}/styles" Target="styles.xml"/>
</Relationships>"""

_BORDER = 'w:val="single" w:sz="4" w:color="8A8FA6"'
_STYLES = f"""{_XML_DECLARATION}<w:styles xmlns:w="{W_NAMESPACE}">
<w:docDefaults>
<w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/><w:sz w:val="22"/>
<w:lang w:val="{{lang}}"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault>
</w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/>
<w:next w:val="Normal"/><w:pPr><w:spacing w:after="240"/></w:pPr>
<w:rPr><w:b/><w:color w:val="1B1F3B"/><w:sz w:val="44"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
<w:next w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="320" w:after="120"/>
<w:outlineLvl w:val="0"/></w:pPr>
<w:rPr><w:b/><w:color w:val="3A36C9"/><w:sz w:val="28"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Hint"><w:name w:val="Hint"/><w:basedOn w:val="Normal"/>
<w:rPr><w:i/><w:color w:val="5B6078"/></w:rPr></w:style>
<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders>
<w:top {_BORDER}/><w:left {_BORDER}/><w:bottom {_BORDER}/><w:right {_BORDER}/>
<w:insideH {_BORDER}/><w:insideV {_BORDER}/></w:tblBorders>
<w:tblCellMar><w:left w:w="100" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar>
</w:tblPr></w:style>
</w:styles>"""

_CORE_PROPERTIES = f"""{_XML_DECLARATION}<cp:coreProperties xmlns:cp="{_PACKAGE}/metadata/core-properties"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title>{{title}}</dc:title><dc:creator>Innovatarium</dc:creator><dc:language>{{lang}}</dc:language>
</cp:coreProperties>"""

PAGE_WIDTH_TWIPS = 11906  # A4
PAGE_HEIGHT_TWIPS = 16838
PAGE_MARGIN_TWIPS = 1134  # 2 cm


@dataclass(frozen=True)
class WordSection:
    """A heading, a hint in grey italics on what to write, then lines to fill in or a table."""

    heading: str
    hint: str = ""
    blank_lines: int = 2
    table_headers: tuple[str, ...] = ()
    table_rows: int = 0


def _paragraph(text: str = "", style: str = "") -> str:
    properties = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    run = f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>' if text else ""
    return f"<w:p>{properties}{run}</w:p>"


def _table(headers: tuple[str, ...], rows: int) -> str:
    usable = PAGE_WIDTH_TWIPS - 2 * PAGE_MARGIN_TWIPS
    column = usable // len(headers)
    grid = "".join(f'<w:gridCol w:w="{column}"/>' for _ in headers)

    def cell(text: str, bold: bool = False) -> str:
        run_properties = "<w:rPr><w:b/></w:rPr>" if bold else ""
        run = f"<w:r>{run_properties}<w:t>{escape(text)}</w:t></w:r>" if text else ""
        shade = '<w:shd w:val="clear" w:color="auto" w:fill="F5EEE3"/>' if bold else ""
        return f'<w:tc><w:tcPr><w:tcW w:w="{column}" w:type="dxa"/>{shade}</w:tcPr><w:p>{run}</w:p></w:tc>'

    # The header row repeats on every page, and screen readers announce it as the column headers.
    header = "<w:tr><w:trPr><w:tblHeader/></w:trPr>" + "".join(cell(text, bold=True) for text in headers)
    header += "</w:tr>"
    body = "".join(
        '<w:tr><w:trPr><w:trHeight w:val="567"/></w:trPr>' + "".join(cell("") for _ in headers) + "</w:tr>"
        for _ in range(rows)
    )
    return (
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{header}{body}</w:tbl>"
    )


def word_document(
    title: str, introduction: str, sections: list[WordSection], footer: str, language: str
) -> bytes:
    """A minimal, valid WordprocessingML document (.docx) that Word, LibreOffice and Google Docs open."""
    body = [_paragraph(title, "Title"), _paragraph(introduction)]
    for section in sections:
        body.append(_paragraph(section.heading, "Heading1"))
        if section.hint:
            body.append(_paragraph(section.hint, "Hint"))
        if section.table_headers:
            body.append(_table(section.table_headers, section.table_rows))
            body.append(_paragraph())
        else:
            body.extend(_paragraph() for _ in range(section.blank_lines))
    body.append(_paragraph(footer, "Hint"))
    margin = PAGE_MARGIN_TWIPS
    section_properties = (
        f'<w:sectPr><w:pgSz w:w="{PAGE_WIDTH_TWIPS}" w:h="{PAGE_HEIGHT_TWIPS}"/>'
        f'<w:pgMar w:top="{margin}" w:right="{margin}" w:bottom="{margin}" w:left="{margin}" '
        'w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>'
    )
    document = (
        f'{_XML_DECLARATION}<w:document xmlns:w="{W_NAMESPACE}">'
        f"<w:body>{''.join(body)}{section_properties}</w:body></w:document>"
    )
    word_language = {"da": "da-DK", "en": "en-GB"}.get(language, language)
    parts = [
        ("[Content_Types].xml", _CONTENT_TYPES),
        ("_rels/.rels", _PACKAGE_RELATIONSHIPS),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", _DOCUMENT_RELATIONSHIPS),
        ("word/styles.xml", _STYLES.format(lang=word_language)),
        ("docProps/core.xml", _CORE_PROPERTIES.format(title=escape(title), lang=word_language)),
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts:
            # A fixed date keeps the file the same from run to run.
            archive.writestr(zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0)), text.encode("utf-8"))
    return buffer.getvalue()


# ---- Spreadsheets ---------------------------------------------------------------------------------


def spreadsheet(title: str, sheet_name: str, headers: list[str], rows: list[list], hint: str = "") -> bytes:
    """An .xlsx with a bold, frozen header row; rows given are examples or data, a hint goes above."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_name[:31]
    workbook.properties.title = title
    workbook.properties.creator = "Innovatarium"
    first_row = 1
    if hint:
        sheet.append([hint])
        sheet.cell(row=1, column=1).font = Font(italic=True, color="5B6078")
        first_row = 2
    sheet.append(headers)
    for cell in sheet[first_row]:
        cell.font = Font(bold=True, color="1B1F3B")
        cell.fill = PatternFill("solid", fgColor="F5EEE3")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append(row)
    for column, header in enumerate(headers, start=1):
        sheet.column_dimensions[sheet.cell(row=first_row, column=column).column_letter].width = max(
            14, min(40, len(header) + 6)
        )
    sheet.freeze_panes = sheet.cell(row=first_row + 1, column=1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_file(headers: list[str], rows: list[list], language: str) -> bytes:
    """CSV that Excel opens right in the reader's region: ";" and decimal commas in Danish, with a BOM."""
    delimiter = ";" if language == "da" else ","
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(
            [
                str(value).replace(".", ",") if isinstance(value, float) and language == "da" else value
                for value in row
            ]
        )
    return buffer.getvalue().encode("utf-8")
