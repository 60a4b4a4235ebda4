"""The record of the review as a person receives it: the PDF turned into page images and read back
(pdfium), checked for its pages, its headings in order, the decisions table's rows (decision, who,
by when: CPPCR 2010 reg 36) laid out as rows, and pages that are not blank; and the same table in
the Word version."""

from __future__ import annotations

import io

import pypdfium2
import pytest
from docx import Document

from carereview.documents import services

from .document_setup import DECISIONS, make_review

pytestmark = pytest.mark.django_db

HEADINGS = [
    "Record of the review of Jordan Madeup's care plan",
    "1. About the review",
    "2. Who took part",
    "3. How Jojo took part",
    "4. What the review considered",
    "5. Views of those consulted",
    "6. Decisions",
    "7. Next review",
]
A4 = (595.3, 841.9)


@pytest.fixture
def record_pdf(staff, make_child, clock) -> tuple[bytes, bytes]:
    review = make_review(staff, make_child, clock)
    pdf = services.review_document(review, "review_record", "pdf").content
    word = services.review_document(review, "review_record", "docx").content
    return pdf, word


def _boxes(textpage, needle: str) -> list[tuple[float, float, float, float]]:
    """Where each occurrence of the words starts on the page: (left, bottom, right, top)."""
    found = []
    searcher = textpage.search(needle, match_case=True)
    while (hit := searcher.get_next()) is not None:
        index, count = hit
        first, last = textpage.get_charbox(index), textpage.get_charbox(index + count - 1)
        found.append((first[0], first[1], last[2], first[3]))
    return found


def test_the_record_is_on_a4_pages_numbered_page_n_of_m(record_pdf) -> None:
    document = pypdfium2.PdfDocument(record_pdf[0])
    pages = len(document)
    assert 2 <= pages <= 4  # the considered matters run over the first page
    for number in range(pages):
        page = document[number]
        width, height = page.get_size()
        assert abs(width - A4[0]) < 1 and abs(height - A4[1]) < 1
        text = page.get_textpage().get_text_range()
        assert f"Page {number + 1} of {pages}" in text
        assert "OFFICIAL-SENSITIVE" in text and "Demoshire Council" in text


def test_the_headings_are_there_in_order(record_pdf) -> None:
    document = pypdfium2.PdfDocument(record_pdf[0])
    text = " ".join(
        " ".join(document[i].get_textpage().get_text_range().split()) for i in range(len(document))
    )
    positions = [text.find(heading) for heading in HEADINGS]
    assert -1 not in positions, [h for h, p in zip(HEADINGS, positions, strict=True) if p < 0]
    assert positions == sorted(positions)
    assert HEADINGS[0] in document[0].get_textpage().get_text_range()


def test_each_decision_is_a_row_with_who_and_by_when(record_pdf) -> None:
    document = pypdfium2.PdfDocument(record_pdf[0])
    page = next(
        document[i]
        for i in range(len(document))
        if "6. Decisions" in document[i].get_textpage().get_text_range()
    )
    textpage = page.get_textpage()
    who = _boxes(textpage, "Who is responsible")[0]
    header = [
        next(b for b in _boxes(textpage, words) if abs(b[3] - who[3]) < 2)
        for words in ("Decision", "Who is responsible", "By")
    ]
    tops = [box[3] for box in header]
    assert [b[0] for b in header] == sorted(b[0] for b in header)
    row_tops = []
    for text, who, by in DECISIONS:
        decision = _boxes(textpage, text)[0]
        owner = [b for b in _boxes(textpage, who) if abs(b[3] - decision[3]) < 2]
        deadline = [
            b for b in _boxes(textpage, f"{by.day} {by:%B %Y}") if abs(b[3] - decision[3]) < 2
        ]
        assert owner and deadline, text
        # In the columns of the header: the decision, then who, then by when.
        assert decision[0] < owner[0][0] < deadline[0][0]
        assert abs(owner[0][0] - header[1][0]) < 3 and abs(deadline[0][0] - header[2][0]) < 3
        assert decision[3] < tops[0]  # below the header
        row_tops.append(decision[3])
    assert row_tops == sorted(row_tops, reverse=True)  # in the order of their deadlines


def test_the_pages_are_not_blank(record_pdf) -> None:
    document = pypdfium2.PdfDocument(record_pdf[0])
    for number in range(len(document)):
        image = document[number].render(scale=1).to_pil().convert("L")
        histogram = image.histogram()
        dark = sum(histogram[:160]) / (image.width * image.height)
        assert 0.005 < dark < 0.5, (number, dark)  # ink on the page, but not a black page
        assert image.getextrema()[0] < 60  # text is drawn in near-black


def test_the_word_version_holds_the_same_decisions_table(record_pdf) -> None:
    doc = Document(io.BytesIO(record_pdf[1]))
    rows = [
        tuple(cell.text for cell in row.cells)
        for table in doc.tables
        for row in table.rows
        if row.cells[0].text == "Decision" or row.cells[0].text in {d[0] for d in DECISIONS}
    ]
    assert rows == [
        ("Decision", "Who is responsible", "By"),
        *((text, who, f"{by.day} {by:%B %Y}") for text, who, by in DECISIONS),
    ]
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[:2] == HEADINGS[:2] and "6. Decisions" in headings
