"""Word documents (issue 11): a DOCX written by code, read through the real CLI:
headings from paragraph styles, list items, table rows, notes not read."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from typer.testing import CliRunner

from reader.cli import app

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
runner = CliRunner()


def para(text: str, style: str = "", numbered: bool = False, extra: str = "") -> str:
    ppr = ""
    if style or numbered:
        ppr = "<w:pPr>" + (f'<w:pStyle w:val="{style}"/>' if style else "")
        ppr += '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>' if numbered else ""
        ppr += "</w:pPr>"
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r>{extra}</w:p>'


FOOTNOTE_MARK = '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
DELETED = '<w:del w:id="9"><w:r><w:delText>withdrawn words</w:delText></w:r></w:del>'
PROSE = "The harbour wall has stood for two hundred years and gave way this winter after the storms."


def build_docx(body: str, styles: str = "", title: str = "", author: str = "Ann Tide") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        z.writestr("word/document.xml", f'<?xml version="1.0"?><w:document {W}><w:body>{body}</w:body></w:document>')
        if styles:
            z.writestr("word/styles.xml", f'<?xml version="1.0"?><w:styles {W}>{styles}</w:styles>')
        z.writestr(
            "word/footnotes.xml",
            f'<?xml version="1.0"?><w:footnotes {W}><w:footnote w:id="1">{para("A note never read aloud.")}</w:footnote></w:footnotes>',
        )
        z.writestr(
            "docProps/core.xml",
            '<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{title}</dc:title><dc:creator>{author}</dc:creator></cp:coreProperties>',
        )
    return buffer.getvalue()


REPORT_STYLES = (
    '<w:style w:type="paragraph" w:styleId="Kop2"><w:name w:val="heading 2"/></w:style>'  # a Dutch Word's id
    '<w:style w:type="paragraph" w:styleId="SectionHead"><w:name w:val="Section Head"/>'
    '<w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'
)
REPORT = "".join(
    [
        para("Storm Damage Report", "Title"),
        para("The Wall", "Heading1"),
        para(PROSE, extra=FOOTNOTE_MARK),
        para("Repairs", "Kop2"),
        para("Stone by stone the masons rebuilt it." + "", extra=DELETED),
        para("Order the stone", numbered=True),
        para("Hire the masons", numbered=True),
        "<w:tbl><w:tr><w:tc>" + para("Item") + "</w:tc><w:tc>" + para("Cost") + "</w:tc></w:tr>"
        "<w:tr><w:tc>" + para("Stone") + "</w:tc><w:tc>" + para("4,000 pounds") + "</w:tc></w:tr></w:tbl>",
        para("Costs", "SectionHead"),
        para(PROSE),
    ]
)


def outline_of(tmp_path: Path, data: bytes, name: str = "report.docx") -> dict:
    path = tmp_path / name
    path.write_bytes(data)
    result = runner.invoke(app, ["outline", str(path), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_headings_come_from_paragraph_styles_and_title_from_the_title_style(tmp_path):
    outline = outline_of(tmp_path, build_docx(REPORT, REPORT_STYLES))
    assert outline["title"] == "Storm Damage Report" and outline["author"] == "Ann Tide"
    assert [(s["level"], s["title"]) for s in outline["sections"] if s["title"]] == [
        (1, "The Wall"),
        (2, "Repairs"),
        (1, "Costs"),
    ]


def test_lists_and_tables_are_read_and_notes_and_deleted_text_are_not(tmp_path):
    outline = outline_of(tmp_path, build_docx(REPORT, REPORT_STYLES))
    read = " ".join(t for s in outline["sections"] for t in s["sentences"])
    assert "Order the stone" in read and "Hire the masons" in read
    assert "Stone, 4,000 pounds" in read
    assert "A note never read aloud" not in read and "withdrawn words" not in read


def test_a_docx_renamed_is_still_a_word_document(tmp_path):
    outline = outline_of(tmp_path, build_docx(REPORT, REPORT_STYLES), name="report.bin")
    assert outline["title"] == "Storm Damage Report"


def test_a_damaged_docx_is_one_clear_line(tmp_path):
    path = tmp_path / "cut.docx"
    path.write_bytes(build_docx(REPORT)[:-200])
    result = runner.invoke(app, ["outline", str(path)])
    assert result.exit_code != 0
    assert "damaged" in result.output or "ZIP archive" in result.output
