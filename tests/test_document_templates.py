"""Documents from templates an authority can change: every document in PDF and Word for a made-up
child, the plainer versions for a younger child, an uploaded template used at once, a broken one
refused with what is wrong and where, and the sandbox that keeps templates to the document's
data."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from docx import Document

from carereview.documents import services
from carereview.documents.context import review_context
from carereview.documents.engine import docx_text
from carereview.documents.kinds import KINDS
from carereview.documents.models import DocumentTemplate
from carereview.documents.samples import sample_contexts

from .document_setup import make_review, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(staff, make_child, clock):
    return make_review(staff, make_child, clock)


def _docx_with(*paragraphs: str) -> bytes:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _words(fmt: str, content: bytes) -> str:
    return pdf_text(content) if fmt == "pdf" else " ".join(docx_text(content).split())


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_every_review_document_is_made_in_pdf_and_word_for_a_made_up_child(review, fmt) -> None:
    mother = review.invitees.get(role="mother")
    made = {
        "invitation": services.invitee_document(review, mother, "invitation", fmt),
        "consultation": services.invitee_document(review, mother, "consultation", fmt),
        "decisions": services.review_document(review, "decisions", fmt),
        "record": services.review_document(review, "review_record", fmt),
        "letter": services.review_document(review, "letter_child", fmt),
    }
    for what, produced in made.items():
        assert produced.content.startswith(b"%PDF" if fmt == "pdf" else b"PK"), what
        assert produced.filename.endswith(f".{fmt}") and "T0" in produced.filename
    words = {what: _words(fmt, p.content) for what, p in made.items()}
    assert "Invitation to a review of Jordan Madeup's care plan" in words["invitation"]
    assert (
        "Dear Morag Parent" in words["invitation"] and "Tuesday 4 March 2025" in words["invitation"]
    )
    assert "10:30am" in words["invitation"] and "One Tester" in words["invitation"]
    assert "Your views before the review of Jordan Madeup's care plan" in words["consultation"]
    assert "Arrange a dental check" in words["decisions"] and "15 April 2025" in words["decisions"]
    assert "Record of the review of Jordan Madeup's care plan" in words["record"]
    assert "Demoshire Council" in words["record"]
    assert "Jojo came to the start of the meeting" in words["record"]
    assert "Dear Jojo" in words["letter"] and "I am your IRO" in words["letter"]


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_each_person_invited_gets_the_consultation_form_for_their_part(review, fmt) -> None:
    expected = {
        "child": "All about me",
        "mother": "Your views before the review",
        "carer": "Carer's views before the review",
        "designated_teacher": "Report for the review",
    }
    for role, heading in expected.items():
        invitee = review.invitees.get(role=role)
        produced = services.invitee_document(review, invitee, "consultation", fmt)
        assert heading in _words(fmt, produced.content), role


def test_a_child_of_11_or_over_gets_the_fuller_form_and_letter_in_their_preferred_name(
    staff, make_child, clock
) -> None:
    review = make_review(staff, make_child, clock, date_of_birth=date(2012, 1, 20))  # 13
    child = review.invitees.get(role="child")
    form = docx_text(services.invitee_document(review, child, "consultation", "docx").content)
    letter = docx_text(services.review_document(review, "letter_child", "docx").content)
    assert "Your review: what you think" in form and "All about me" not in form
    assert "Hi Jojo," in form
    assert "Dear Jojo," in letter and "Your rights" in letter
    assert "You can ask me how to apply to court." in letter
    assert services.review_kind(review, "letter_child") == "letter_child_older"


def test_the_younger_childs_letter_uses_short_everyday_sentences(review) -> None:
    letter = docx_text(services.review_document(review, "letter_child", "docx").content)
    assert services.review_kind(review, "letter_child") == "letter_child_younger"
    sentences = [s for s in letter.replace("\n", " ").split(". ") if s.strip()]
    own_words = [s for s in sentences if not any(d in s for d in ("dental", "family time", "plan"))]
    assert max(len(s.split()) for s in own_words) <= 25
    assert "Jordan" not in letter  # her preferred name, not her first name


def test_the_data_a_template_gets_has_the_shape_of_the_samples_uploads_are_checked_against(
    review,
) -> None:
    def shape(value):
        if isinstance(value, dict):
            return {k: shape(v) for k, v in value.items()}
        if isinstance(value, list):
            return [shape(value[0])] if value else []
        return None

    review.invitees.filter(role="father").update(
        invited=False, left_out_because="Made up for this test"
    )
    sample = sample_contexts("review_record")[0]
    # The office copy, where every list has something in it (who was not invited, and why,
    # is in no one else's), and a recipient's copy: the same names.
    assert shape(review_context(review)) == shape(sample)
    real = review_context(review, review.invitees.get(role="mother"))
    assert set(real) == set(sample) == set(sample_contexts("review_record")[1])
    assert set(real["review"]) == set(sample["review"])
    assert set(real["recipient"]) == set(sample["recipient"])


def test_an_uploaded_template_is_used_at_once_and_the_default_comes_back_when_it_is_not(
    review, staff
) -> None:
    services.upload_template(
        "decisions",
        "html",
        b"<h1>Demoshire decisions for {{ child.called }}</h1>",
        staff["manager"],
    )
    services.upload_template(
        "decisions",
        "docx",
        _docx_with("Demoshire decisions for {{ child.called }}"),
        staff["manager"],
    )
    pdf = services.review_document(review, "decisions", "pdf").content
    word = services.review_document(review, "decisions", "docx").content
    assert "Demoshire decisions for Jojo" in pdf_text(pdf)
    assert docx_text(word).strip() == "Demoshire decisions for Jojo"
    DocumentTemplate.objects.update(active=False)
    word = services.review_document(review, "decisions", "docx").content
    assert "Decisions of the review of Jordan Madeup's care plan" in docx_text(word)


def test_a_second_upload_replaces_the_first_which_is_kept(staff) -> None:
    first = services.upload_template("invitation", "html", b"<p>One {{ child.name }}</p>", None)
    second = services.upload_template("invitation", "html", b"<p>Two {{ child.name }}</p>", None)
    first.refresh_from_db()
    assert not first.active and second.active
    assert DocumentTemplate.objects.filter(kind="invitation").count() == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<h1>Review</h1>\n<p>{{ child.name </p>", "Line 2"),
        (b"<h1>Review</h1>\n<p>{{ child.name </p>", "the template cannot be read"),
        (
            b"<h1>Review</h1>\n\n<p>{{ chld.name }}</p>",
            "Line 3 (\u201c<p>{{ chld.name }}</p>\u201d): unknown name \u201cchld\u201d",
        ),
        (
            b"<p>{{ child.nmae }}</p>",
            "Line 1 (\u201c<p>{{ child.nmae }}</p>\u201d): unknown name \u201cnmae\u201d",
        ),
        (
            b"{% if review.held %}<p>{{ review.hled_on }}</p>{% endif %}",
            "unknown name \u201chled_on\u201d",
        ),
        (b"{% for d in decisions %}{{ d.txt }}{% endfor %}", "unknown name \u201ctxt\u201d"),
        (b"\xff\xfe<p>", "not UTF-8"),
    ],
)
def test_a_broken_html_template_is_refused_saying_what_and_where(staff, content, message) -> None:
    with pytest.raises(services.TemplateProblem) as refused:
        services.upload_template("decisions", "html", content, staff["manager"])
    assert message in str(refused.value)
    assert "Traceback" not in str(refused.value)
    assert not DocumentTemplate.objects.exists()


@pytest.mark.parametrize(
    ("paragraphs", "message"),
    [
        (
            ("Heading", "Dear {{ recipient.nmae }},"),
            "In the document, in the paragraph \u201cDear {{ recipient.nmae }},\u201d: "
            "unknown name \u201cnmae\u201d",
        ),
        (("{% if child.name %}Hello", "no end"), "the template cannot be read"),
        (("Dear {{ chlid.called }}",), "unknown name \u201cchlid\u201d"),
    ],
)
def test_a_broken_word_template_is_refused_naming_the_paragraph(staff, paragraphs, message) -> None:
    with pytest.raises(services.TemplateProblem) as refused:
        services.upload_template(
            "outcome_letter", "docx", _docx_with(*paragraphs), staff["manager"]
        )
    assert message in str(refused.value)
    assert not DocumentTemplate.objects.exists()


def test_a_file_that_is_not_a_word_document_is_refused(staff) -> None:
    with pytest.raises(services.TemplateProblem, match="not a Word document"):
        services.upload_template("decisions", "docx", b"<p>not a docx</p>", staff["manager"])


def test_the_admin_site_refuses_a_broken_upload_on_the_form_and_keeps_a_good_one(
    client, make_user
) -> None:
    admin = make_user("admin.one", "iro_manager", is_staff=True, is_superuser=True)
    client.force_login(admin)
    broken = io.BytesIO(b"<p>{{ child.nmae }}</p>")
    broken.name = "decisions.html"
    page = client.post(
        "/admin/documents/documenttemplate/add/",
        {"kind": "decisions", "format": "html", "active": "on", "upload": broken},
    )
    assert page.status_code == 200
    assert "unknown name \u201cnmae\u201d" in page.content.decode()
    assert not DocumentTemplate.objects.exists()
    good = io.BytesIO(b"<p>{{ child.name }}</p>")
    good.name = "decisions.html"
    done = client.post(
        "/admin/documents/documenttemplate/add/",
        {"kind": "decisions", "format": "html", "active": "on", "upload": good},
    )
    assert done.status_code == 302
    saved = DocumentTemplate.objects.get()
    assert saved.active and saved.uploaded_by == admin and bytes(saved.content) == good.getvalue()


@pytest.mark.parametrize(
    "attempt",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ child.__class__.__subclasses__() }}",
        "{{ lipsum.__globals__ }}",
        "{% set _ = decisions.append(1) %}",
        "{{ child.update({'name': 'x'}) }}",
    ],
)
def test_the_sandbox_refuses_anything_beyond_the_documents_data(staff, attempt) -> None:
    with pytest.raises(services.TemplateProblem) as refused:
        services.upload_template("decisions", "html", attempt.encode(), staff["manager"])
    assert "not allowed: access to attribute" in str(refused.value)
    assert not DocumentTemplate.objects.exists()


def test_a_template_can_include_nothing_from_the_server_but_the_shipped_layout(staff) -> None:
    for attempt in ('{% include "/etc/passwd" %}', '{% extends "../settings.py" %}'):
        with pytest.raises(services.TemplateProblem, match="no shipped layout"):
            services.upload_template("decisions", "html", attempt.encode(), staff["manager"])
    ok = '{% extends "_base.html" %}{% block body %}<p>Mine</p>{% endblock %}'
    services.upload_template("decisions", "html", ok.encode(), staff["manager"])


def test_the_pdf_loads_no_file_from_the_server_only_what_the_template_carries(
    review, staff, tmp_path
) -> None:
    import pypdfium2
    import pypdfium2.raw as raw
    from PIL import Image

    picture = tmp_path / "secret.png"
    Image.new("RGB", (40, 40), "red").save(picture)
    embedded = (
        "data:image/png;base64," + __import__("base64").b64encode(picture.read_bytes()).decode()
    )
    template = f'<p>{{{{ child.name }}}}</p><img src="file://{picture}"><img src="{embedded}">'
    services.upload_template("decisions", "html", template.encode(), staff["manager"])
    pdf = services.review_document(review, "decisions", "pdf").content
    page = pypdfium2.PdfDocument(pdf)[0]
    images = list(page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE]))
    assert len(images) == 1  # the data: one; the file on the server was not read


def test_every_shipped_template_passes_the_check_an_upload_must_pass() -> None:
    for kind in KINDS:
        for fmt in ("html", "docx"):
            services.check_template(kind, fmt, services.default_template(kind, fmt))


def test_the_cafcass_bundle_is_made_from_the_authoritys_template_too(
    staff, make_child, make_user, clock
) -> None:
    from carereview.escalation.bundle_render import render_bundle_docx, render_bundle_html

    from .cafcass_bundle_setup import make_referral

    referral = make_referral(staff, make_child, make_user, clock)
    services.upload_template(
        "cafcass_bundle",
        "html",
        b"<h1>{{ authority.name }} referral: {{ bundle.cover.child_name }}</h1>"
        b"{% for e in bundle.chronology %}<p>{{ e.on }}: {{ e.kind }}</p>{% endfor %}",
        staff["manager"],
    )
    services.upload_template(
        "cafcass_bundle",
        "docx",
        _docx_with("{{ marking }}: {{ bundle.cover.child_name }} ({{ bundle.cover.reference }})"),
        staff["manager"],
    )
    markup = render_bundle_html(referral)
    assert markup.startswith("<h1>Demoshire County Council referral: Robin Bundle</h1>")
    assert "2023" in markup  # the chronology's dates, written out
    word = docx_text(render_bundle_docx(referral))
    assert word.strip() == f"OFFICIAL-SENSITIVE: Robin Bundle ({referral.child.reference})"


def _docx_plus(extra: dict[str, bytes]) -> bytes:
    """A Word template with more files packed inside it."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_docx_with("Dear {{ recipient.name }},"))) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        for name, data in extra.items():
            target.writestr(name, data)
    return out.getvalue()


def test_a_word_template_that_unpacks_to_gigabytes_is_refused(staff) -> None:
    bomb = _docx_plus({"word/media/picture.bin": bytes(25 * 1024 * 1024)})
    assert len(bomb) < 100_000  # small to upload...
    with pytest.raises(services.TemplateProblem) as refused:
        services.upload_template("outcome_letter", "docx", bomb, staff["manager"])
    # ... but 25 MB unpacked
    assert "unpacks to 25 MB" in str(refused.value) and "up to 20 MB" in str(refused.value)
    many = _docx_plus({f"word/media/{n}.bin": b"" for n in range(2000)})
    with pytest.raises(services.TemplateProblem, match=r"holds 2,0[0-9]{2} files inside it"):
        services.upload_template("outcome_letter", "docx", many, staff["manager"])
    assert not DocumentTemplate.objects.exists()


@pytest.mark.parametrize(
    ("attempt", "message"),
    [
        ("{{ 'x' * 10**9 }}", "Repeating text 1,000,000,000 times"),
        ("{{ [child.name] * 10**9 }}", "Repeating text 1,000,000,000 times"),
        ("{{ 9 ** (9 ** 9) }}", "9 ** 387420489 would be a number too large"),
        ("{{ '%999999999s' % child.name }}", "The width 999,999,999"),
        ("{{ child.name|center(10**9) }}", "Padding to 1,000,000,000 characters"),
        ("{{ child.name.ljust(10**9) }}", "Padding to 1,000,000,000 characters"),
        ("{{ '{:>999999999}'.format(child.name) }}", "The width 999,999,999"),
        (
            "{% set ns = namespace(s=child.name) %}{% for i in range(64) %}"
            "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}",
            "Joining text with \u201c~\u201d",
        ),
        ("{{ range(99999)|join(child.name * 1000) }}", "Joining these with this separator"),
        (
            "{% for i in range(99999) %}{{ child.name * 20000 }}{% endfor %}",
            "The document would be longer than the 20,000,000 characters",
        ),
    ],
)
def test_a_template_cannot_make_text_too_large_for_the_server(staff, attempt, message) -> None:
    for fmt, content in (("html", attempt.encode()), ("docx", _docx_with(attempt))):
        with pytest.raises(services.TemplateProblem) as refused:
            services.upload_template("decisions", fmt, content, staff["manager"])
        assert message in str(refused.value), fmt
        assert "a template may make" in str(refused.value) or "too large" in str(refused.value)
    assert not DocumentTemplate.objects.exists()
    # What a letter does with text and numbers still works.
    ok = b"{{ child.name * 2 }} {{ '%05.1f' % 3.14159 }} {{ child.name|center(30) }} {{ 2 ** 10 }}"
    services.upload_template("decisions", "html", ok, staff["manager"])


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_childs_letter_says_whether_they_came_who_else_was_invited_and_their_rights(
    staff, make_child, clock, fmt
) -> None:
    younger = make_review(staff, make_child, clock)  # 8, and came to the meeting
    letter = _words(fmt, services.review_document(younger, "letter_child", fmt).content)
    assert "You came to your meeting." in letter
    assert "We also asked these people to come:" in letter
    assert "Morag Parent (Mother)." in letter and "Tara Teacher (Designated teacher)." in letter
    for right in (
        "You have the right to be asked what you think.",
        "You have the right to be listened to.",
        "You can have an advocate.",
        "You can complain if you are not happy.",
    ):
        assert right in letter, right

    older = make_review(staff, make_child, clock, date_of_birth=date(2012, 1, 20))  # 13
    older.invitees.filter(role="child").update(attendance="absent")
    older.invitees.filter(role="father").update(invited=False, left_out_because="Made up")
    letter = _words(fmt, services.review_document(older, "letter_child", fmt).content)
    assert "You did not come to your review meeting." in letter
    assert "These people were also invited to your review:" in letter
    assert "Fern Carer (Carer (foster carer or connected person))." in letter
    assert "Frank Parent" not in letter  # not invited
    for right in (
        "You have the right to be asked what you think before every review.",
        "You have the right to have your views heard and taken seriously.",
        "You can have an advocate: someone who helps you say what you think.",
        "You can make a complaint if you are unhappy with your care.",
    ):
        assert right in letter, right
