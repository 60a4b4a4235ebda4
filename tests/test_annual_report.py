"""The IRO annual report (IRO Handbook 7.11): for a small year built by hand
(tests/annual_setup.py), the PDF turned into images and read back, the Word document opened, the
manager's narrative in both, the page for IRO managers only, and the command."""

from __future__ import annotations

import io
import re
from datetime import date
from html import unescape

import docx
import pypdfium2
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image

from carereview.audit.models import Action, AuditEvent
from carereview.reports.annual import YearNotAvailable, annual_report
from carereview.reports.annual_render import NOT_WRITTEN, render_docx, render_pdf
from carereview.reports.models import AnnualReportNarrative, NarrativeSection

from . import annual_setup
from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

PARTS = [label for _, label in NarrativeSection.choices]
INTRODUCTION = "This year the service welcomed two new IROs.\n\n- Visits rose\n- Waits fell"
RESOURCES = "One post stayed vacant for five months."


@pytest.fixture
def year(staff, make_child, make_user, clock):
    built = annual_setup.build(staff, make_child, make_user, clock)
    for section, text in [
        (NarrativeSection.INTRODUCTION, INTRODUCTION),
        (NarrativeSection.RESOURCES, RESOURCES),
    ]:
        AnnualReportNarrative.objects.create(
            year=annual_setup.YEAR, section=section, text=text, updated_by=staff["manager"]
        )
    return {**staff, **built}


@pytest.fixture
def pdf_pages(year):
    document = pypdfium2.PdfDocument(render_pdf(annual_report(annual_setup.YEAR)))
    pages = []
    for page in document:
        text = page.get_textpage().get_text_range().replace("\r\n", "\n")
        pages.append((text, page.render(scale=0.5).to_pil().convert("RGB")))
    document.close()
    return pages


@pytest.fixture
def word(year):
    return docx.Document(io.BytesIO(render_docx(annual_report(annual_setup.YEAR))))


def signed_in(client, username: str):
    assert client.login(username=username, password=PASSWORD)
    return client


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _ink(image: Image.Image) -> float:
    """The share of the page that is not white."""
    grey = image.convert("L")
    return sum(grey.histogram()[:200]) / (grey.width * grey.height)


def _has_colour(image: Image.Image, colour: tuple[int, int, int]) -> bool:
    colours = image.convert("RGB").getcolors(maxcolors=1 << 24) or []
    return any(
        all(abs(a - b) < 12 for a, b in zip(pixel, colour, strict=True)) for _, pixel in colours
    )


# -- the PDF -------------------------------------------------------------------------------


def test_the_pdf_has_every_part_the_handbook_lists_numbered_pages_and_no_blank_page(
    pdf_pages,
) -> None:
    count = len(pdf_pages)
    assert count >= 12  # cover, contents, the year at a glance, nine parts, notes
    everything = _flat("\n".join(text for text, _ in pdf_pages))
    for number, label in enumerate(PARTS, start=1):
        assert f"{number}. {label}" in everything
    for name in ("The year at a glance", "Notes on the figures", "Contents"):
        assert name in everything
    for number, (text, image) in enumerate(pdf_pages, start=1):
        assert f"Page {number} of {count}" in text
        assert _ink(image) > 0.002, f"page {number} is blank"
    first = _flat(pdf_pages[0][0])
    assert "Independent Reviewing Officer service: annual report 2024-25" in first
    assert "1 April 2024 to 31 March 2025" in first


def test_the_pdf_tables_carry_the_years_figures(pdf_pages) -> None:
    everything = _flat("\n".join(text for text, _ in pdf_pages))
    # The official measures (worked out in tests/annual_setup.py).
    assert "Children whose every review was on time 1 of 3 (33.3%)" in everything  # at a glance
    assert "Children counted 3" in everything
    assert "Percentage of children whose every review was on time 33.3%" in everything
    assert "Reviews held in the year 7" in everything
    assert "Reviews held on time 5" in everything
    assert "Reviews held late 2" in everything
    assert "Reviews due and not held 0" in everything
    assert "Children who took part in every review (PN1 to PN6) 2" in everything
    assert "Percentage who took part in every review 66.7%" in everything
    assert "PN1 Child physically attends and speaks for themselves 3" in everything
    assert "PN7 Child does not attend, nor are their views conveyed to the review 1" in everything
    assert "The IRO was not available 1" in everything
    assert "The social worker's report was not ready 1" in everything
    # Parents invited, attended, sent someone, apologies, did not attend, not recorded, left out.
    assert "Mothers 2 1 0 1 0 0 0" in everything
    assert "Fathers 1 0 0 0 1 0 0" in everything
    assert "Others with parental responsibility 1 1 0 0 0 0 1" in everything
    assert "Reviews a parent attended or sent someone to 2" in everything
    # Quality ratings: good, adequate, poor, rated.
    assert "Care plans 2 1 1 4" in everything
    assert "Reports and paperwork 1 2 1 4" in everything
    assert "Reports and plans reached the IRO late 1" in everything
    assert "Management alerts raised 2" in everything
    assert "Still open, past the date set 1" in everything
    assert "Referrals made to Cafcass 1" in everything
    assert "IROs who held cases during the year 3" in everything
    assert "Of those, no longer in post 1" in everything
    assert "Children whose IRO changed during the year 1" in everything
    assert "First language Polish 1 1" in everything
    assert "Reviews held late because the IRO was not available 1" in everything


def test_the_pdf_draws_the_charts(pdf_pages) -> None:
    quality = next(image for text, image in pdf_pages if "The IROs' quality ratings" in text)
    assert _has_colour(quality, (0x1D, 0x70, 0xB8))  # the first series' blue
    assert _has_colour(quality, (0xD4, 0x35, 0x1C))  # the second's red


def test_the_managers_narrative_is_in_the_pdf_with_room_left_where_none_is_written(
    pdf_pages,
) -> None:
    everything = _flat("\n".join(text for text, _ in pdf_pages))
    assert "This year the service welcomed two new IROs." in everything
    assert "Visits rose" in everything and "Waits fell" in everything
    assert RESOURCES in everything
    priorities = next(text for text, _ in pdf_pages if "9. Priorities for the coming year" in text)
    assert NOT_WRITTEN in _flat(priorities)


def test_the_report_names_no_child_and_no_iro(year, pdf_pages, word) -> None:
    pdf_text = "\n".join(text for text, _ in pdf_pages)
    word_text = "\n".join(p.text for p in word.paragraphs) + "\n".join(
        cell.text for table in word.tables for row in table.rows for cell in row.cells
    )
    people = r"\b(Ash|Bo|Cai|Dana|Eve|Finn|Gail|Hal|Ida|Tester)\b"
    for text in (pdf_text, word_text):
        assert re.findall(people, text) == []
        assert "IRO 1" in text


# -- the Word document ---------------------------------------------------------------------


def test_the_word_document_has_the_parts_as_headings_its_tables_and_the_charts(word) -> None:
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings[:2] == ["Contents", "The year at a glance"]
    assert headings[2:11] == [f"{n}. {label}" for n, label in enumerate(PARTS, start=1)]
    assert headings[-1] == "Notes on the figures"
    rows = {tuple(cell.text for cell in row.cells) for table in word.tables for row in table.rows}
    assert ("Mothers", "2", "1", "0", "1", "0", "0", "0") in rows
    assert ("Reviews held on time", "5") in rows and ("Reviews held late", "2") in rows
    assert ("Percentage who took part in every review", "66.7%") in rows
    assert ("Care plans", "2", "1", "1", "4") in rows
    assert ("Referrals made to Cafcass", "1") in rows
    pictures = [part for part in word.part.package.parts if part.content_type == "image/png"]
    assert len(pictures) >= 8
    chart = Image.open(io.BytesIO(pictures[0].blob))
    assert chart.width >= 1000 and _ink(chart) > 0.01
    described = [shape._inline.docPr.get("descr") for shape in word.inline_shapes]
    assert all(described) and any("Stacked bar chart" in d for d in described)


def test_the_managers_narrative_is_in_the_word_document(word) -> None:
    paragraphs = [p.text for p in word.paragraphs]
    assert "This year the service welcomed two new IROs." in paragraphs
    bullets = [p.text for p in word.paragraphs if p.style.name == "List Bullet"]
    assert "Visits rose" in bullets and "Waits fell" in bullets
    assert RESOURCES in paragraphs
    boxes = [t for t in word.tables if t.rows[0].cells[0].text.startswith(NOT_WRITTEN)]
    assert len(boxes) == len(PARTS) - 2  # every part but the two written


def test_a_year_still_running_says_how_far_its_figures_go(year, clock) -> None:
    clock.set_to(date(2024, 11, 15))
    report = annual_report(2024)
    assert not report.complete and report.figures_to == date(2024, 11, 15)
    assert "The year has not ended: the figures run to 15 November 2024." in report.notes


def test_no_report_for_a_year_not_yet_started_or_long_ago(year) -> None:
    with pytest.raises(YearNotAvailable, match="2026-27 has not started: it starts on 1 April"):
        annual_report(2026)
    with pytest.raises(YearNotAvailable, match="from 2000 onwards"):
        annual_report(1999)


# -- the page ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["iro.one", "sw.north", "tm.north", "support.one"])
def test_only_an_iro_manager_may_open_the_annual_report_or_create_it(year, client, who) -> None:
    signed_in(client, who)
    assert client.get("/reports/annual/").status_code == 403
    assert client.post("/reports/annual/", {"year": 2024, "introduction": "x"}).status_code == 403
    assert client.get("/reports/annual/2024/report.pdf").status_code == 403
    assert AuditEvent.objects.filter(action=Action.REFUSED, username=who).count() == 3
    assert not AnnualReportNarrative.objects.filter(text="x").exists()


def test_signed_out_people_are_sent_to_sign_in(year, client) -> None:
    response = client.get("/reports/annual/2024/report.docx")
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_the_page_shows_the_last_full_year_with_the_narrative_written_so_far(year, client) -> None:
    page = signed_in(client, "iro.manager").get("/reports/annual/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "IRO annual report 2024-25" in html
    assert "This year the service welcomed two new IROs." in html
    for label in PARTS:
        assert label in html
    assert "Create the report (PDF)" in html and "Create the report (Word)" in html


def test_the_manager_saves_the_narrative_and_creates_the_report(year, client) -> None:
    signed_in(client, "iro.manager")
    form = _form(client.get("/reports/annual/?year=2024"))
    form["priorities"] = "- Fill the vacant post\n- Advocacy for every child"
    form["action"] = "pdf"
    response = client.post("/reports/annual/", form)
    assert response.status_code == 302
    assert response["Location"] == "/reports/annual/2024/report.pdf"
    saved = AnnualReportNarrative.objects.get(year=2024, section="priorities")
    assert saved.text.startswith("- Fill the vacant post") and saved.updated_by == year["manager"]
    change = AuditEvent.objects.get(action=Action.CHANGE)
    assert change.changes == {"sections": ["priorities"]}

    pdf = client.get(response["Location"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert 'filename="iro-annual-report-2024-25.pdf"' in pdf["Content-Disposition"]
    document = pypdfium2.PdfDocument(pdf.content)
    text = _flat(" ".join(page.get_textpage().get_text_range() for page in document))
    assert "Fill the vacant post" in text
    word = client.get("/reports/annual/2024/report.docx")
    assert word["Content-Type"].startswith("application/vnd.openxmlformats")
    paragraphs = [p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs]
    assert "Advocacy for every child" in paragraphs
    exports = AuditEvent.objects.filter(action=Action.EXPORT, username="iro.manager")
    assert sorted(e.summary for e in exports) == [
        "IRO annual report 2024-25 created (PDF)",
        "IRO annual report 2024-25 created (Word)",
    ]


def test_a_part_someone_else_saved_meanwhile_is_not_overwritten(year, client) -> None:
    signed_in(client, "iro.manager")
    form = _form(client.get("/reports/annual/?year=2024"))
    AnnualReportNarrative.objects.filter(section="introduction").update(text="Their new words")
    form["introduction"] = "My words"
    form["quality"] = "Audits found good plans."
    page = client.post("/reports/annual/", form)
    assert page.status_code == 200
    html = page.content.decode()
    assert "saved this part after you opened the page" in html and "Their new words" in html
    held = dict(AnnualReportNarrative.objects.values_list("section", "text"))
    assert held["introduction"] == "Their new words" and "quality" not in held  # all or nothing
    form = _form(page)
    form["introduction"] = "My words, with theirs"
    assert client.post("/reports/annual/", form).status_code == 302
    assert AnnualReportNarrative.objects.get(section="introduction").text == "My words, with theirs"


def test_too_long_a_narrative_is_refused_with_a_message(year, client) -> None:
    signed_in(client, "iro.manager")
    form = _form(client.get("/reports/annual/?year=2024"))
    form["disputes"] = "x" * 50_001
    page = client.post("/reports/annual/", form)
    assert page.status_code == 200
    assert "Resolving concerns: dispute resolution and its outcomes: write no more than 50,000" in (
        page.content.decode()
    )
    assert not AnnualReportNarrative.objects.filter(section="disputes").exists()


def test_a_year_not_yet_started_is_not_found(year, client) -> None:
    signed_in(client, "iro.manager")
    assert client.get("/reports/annual/?year=2031").status_code == 404
    assert client.get("/reports/annual/2031/report.pdf").status_code == 404
    assert client.get("/reports/annual/2024/report.odt").status_code == 404


def _form(page) -> dict[str, str]:
    """The narrative form's fields as the page filled them in."""
    html = page.content.decode()
    form: dict[str, str] = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html):
        form[name] = value
    for name, value in re.findall(
        r'<textarea[^>]* name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S
    ):
        form[name] = unescape(value).lstrip("\n")
    form.pop("csrfmiddlewaretoken", None)
    return form


# -- the command ---------------------------------------------------------------------------


def test_the_command_writes_the_pdf_and_the_word_document(year, tmp_path) -> None:
    out = io.StringIO()
    pdf, word = tmp_path / "report.pdf", tmp_path / "report.docx"
    call_command(
        "annualreport", "--year", "2024", "--pdf", str(pdf), "--docx", str(word), stdout=out
    )
    assert pdf.read_bytes().startswith(b"%PDF")
    assert len(pypdfium2.PdfDocument(pdf.read_bytes())) >= 12
    headings = [p.text for p in docx.Document(str(word)).paragraphs if p.style.name == "Heading 1"]
    assert "1. Introduction" in headings
    assert f"{pdf}: the IRO annual report (PDF" in out.getvalue()
    assert AuditEvent.objects.filter(action=Action.EXPORT, username="command line").count() == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.docx", "report.pdf"]


@pytest.mark.parametrize(
    ("year_given", "message"),
    [
        ("2026", "The reporting year 2026-27 has not started: it starts on 1 April 2026"),
        ("1999", "1999 is not a reporting year carereview reports on"),
    ],
)
def test_the_command_refuses_a_year_it_cannot_report_on(year, tmp_path, year_given, message):
    with pytest.raises(CommandError, match=message) as refused:
        call_command("annualreport", "--year", year_given, "--pdf", str(tmp_path / "r.pdf"))
    assert refused.value.returncode == 2
    assert list(tmp_path.iterdir()) == []


def test_the_command_refuses_a_file_it_cannot_write_before_making_anything(year, tmp_path):
    missing = tmp_path / "no-such-folder" / "report.pdf"
    good = tmp_path / "report.docx"
    with pytest.raises(CommandError, match=r"the directory .*no-such-folder does not exist"):
        call_command("annualreport", "--year", "2024", "--docx", str(good), "--pdf", str(missing))
    with pytest.raises(CommandError, match="is a directory: give a file name"):
        call_command("annualreport", "--year", "2024", "--pdf", str(tmp_path))
    with pytest.raises(CommandError, match="Say where to write the report"):
        call_command("annualreport", "--year", "2024")
    assert list(tmp_path.iterdir()) == []
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


def test_a_year_with_nothing_recorded_still_makes_both_documents(staff, clock) -> None:
    clock.set_to(date(2025, 4, 1))  # the first day of 2025-26
    report = annual_report(2025)
    pdf = pypdfium2.PdfDocument(render_pdf(report))
    text = _flat(" ".join(page.get_textpage().get_text_range() for page in pdf))
    assert "Reviews held in the year 0" in text
    assert "The year has not ended: the figures run to 1 April 2025." in text
    word = docx.Document(io.BytesIO(render_docx(report)))
    assert "9. Priorities for the coming year" in [p.text for p in word.paragraphs]
