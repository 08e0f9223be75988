"""Contributions end to end: the form, the draft in the workflow, publishing, translating, rejecting,
files that are too big or not what they claim, spam, and the e-mails to moderators and contributors."""

import contextlib
import logging
import os
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth.models import User
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction, WorkflowState

from library.contributions import LIBRARY_COLLECTION_NAME, REVIEW_COLLECTION_NAME
from library.filetypes import MAX_SIZE
from library.models import Contribution, ContributionPage, ResourcePage
from library.models.contributions import ContributionDecision
from tests.clearing import delete_demo_rows
from tests.library import files
from tests.library.contribution_factories import FORM_URL, contribution_form_page
from tests.library.contribution_factories import moderator as make_moderator
from tests.library.factories import library_index, translate_resource

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_library(db):
    """Start from a library without the demo's resources and files, so counts are the test's own
    (rolled back after each test)."""
    delete_demo_rows(ResourcePage.objects.all())
    Document.objects.all().delete()


CONTRIBUTOR = {"name": "Karen Østergaard", "email": "karen.oestergaard@example.dk"}


# ---- Pages, people and posts ----------------------------------------------------------------------


@pytest.fixture
def form_page():
    return contribution_form_page("da")


@pytest.fixture
def english_form_page():
    return contribution_form_page("en")


@pytest.fixture
def moderator():
    return make_moderator()


def upload(name: str = "Karen Østergaard - idé.pdf", content: bytes = files.PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def form_data(**overrides):
    data = {
        "kind": "idea",
        "title": "Gåture med de ældre i stedet for møder",
        "summary": "Opfølgningsmøder på en gåtur i nærområdet: borgerne taler friere, og vi ser mere.",
        "phase": "ideate",
        "text": (
            "Vi har i et halvt år holdt opfølgningsmøder på en gåtur.\n"
            "Borgerne vælger selv ruten.\n\n"
            "Det virker for børn < 6 år <script>alert('x')</script> & deres forældre også."
        ),
        "name": CONTRIBUTOR["name"],
        "email": CONTRIBUTOR["email"],
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def submit(client, url, django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(url, form_data(**overrides))


def errors_of(response) -> dict[str, list[str]]:
    soup = BeautifulSoup(response.content, "lxml")
    errors = {}
    for error_list in soup.select("ul.errorlist[id]"):
        field = error_list["id"].removeprefix("id_").removesuffix("_error")
        errors[field] = [item.get_text(strip=True) for item in error_list.select("li")]
    return errors


def the_resource() -> ResourcePage:
    return ResourcePage.objects.get(contribution__isnull=False)


def task_state_of(page):
    return WorkflowState.objects.get(
        base_content_type__model="page", object_id=str(page.pk)
    ).current_task_state


def decide(client, moderator, resource, action, django_capture_on_commit_callbacks):
    """A moderator approves or turns down the contribution through the admin, as on the dashboard."""
    client.force_login(moderator)
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[resource.pk, action, task_state_of(resource).pk]
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"comment": ""})
    client.logout()
    assert response.status_code == 302, response.content[:500]
    return type(resource).objects.get(pk=resource.pk)


def mails_to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


def search_results(client, url: str, words: str) -> str:
    soup = BeautifulSoup(client.get(url, {"q": words}).content, "lxml")
    return " ".join(result.get_text(" ") for result in soup.select(".search-result"))


def visible_text(response) -> str:
    return BeautifulSoup(response.content, "lxml").get_text(" ")


# ---- The form -------------------------------------------------------------------------------------


def test_the_form_asks_in_danish_with_guidance_and_licence(client, form_page):
    soup = BeautifulSoup(client.get(FORM_URL["da"]).content, "lxml")
    form = soup.select_one("form.contribution-form")
    assert form["enctype"] == "multipart/form-data"
    assert form.select_one('input[name="csrfmiddlewaretoken"]') is not None
    labels = {label.get_text(" ", strip=True) for label in form.select("label, legend")}
    assert {"Titel *", "Resumé *", "Navn *", "E-mail *", "Fil"} <= labels, labels
    assert [radio["value"] for radio in form.select('input[name="kind"]')] == ["idea", "case", "method"]
    assert form.select_one('input[type="file"]')["accept"].split(",")[:2] == [".pdf", ".docx"]
    assert form.select_one('textarea[name="summary"]')["maxlength"] == "280"
    licence = form.select_one(".field--check a")
    assert licence["href"] == "https://creativecommons.org/licenses/by-sa/4.0/deed.da"
    assert "Vi leder efter erfaringer" in soup.select_one(".contribution__guidance").get_text()
    assert soup.select_one(".contribution-sent") is None


def test_the_admin_preview_shows_the_form(form_page):
    response = form_page.make_preview_request()
    soup = BeautifulSoup(response.rendered_content, "lxml")
    assert soup.select_one('form.contribution-form input[name="title"]') is not None
    assert soup.select_one(".field--check a")["href"].endswith("/deed.da")


def test_the_english_form_asks_in_english(client, english_form_page):
    response = client.get(FORM_URL["en"])
    soup = BeautifulSoup(response.content, "lxml")
    assert soup.html["lang"] == "en"
    labels = {label.get_text(" ", strip=True) for label in soup.select("form label, form legend")}
    assert {"Title *", "Summary *", "Name *", "E-mail *", "File"} <= labels, labels
    assert soup.select_one(".field--check a")["href"].endswith("/deed.en")
    assert soup.select_one("main button[type=submit]").get_text(strip=True) == "Send your contribution"


def test_sending_thanks_the_visitor_on_a_page_of_its_own(
    client, form_page, django_capture_on_commit_callbacks
):
    response = submit(client, FORM_URL["da"], django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == FORM_URL["da"] + "?sent=1"
    soup = BeautifulSoup(client.get(response["Location"]).content, "lxml")
    assert "Tak! Vi læser dit bidrag i løbet af en uge." in soup.select_one(".contribution-sent").get_text()
    assert soup.select_one("form.contribution-form") is None
    assert CONTRIBUTOR["name"] not in soup.get_text() and "karen" not in response["Location"]


@pytest.mark.parametrize(
    ("language", "thanks"), [("da", "Tak for dit bidrag"), ("en", "Thank you for your contribution")]
)
def test_the_demo_thanks_once(client, language, thanks):
    """The heading thanks the visitor; the demo's text under it goes on from there."""
    demo_form = ContributionPage.objects.get(locale__language_code=language)

    notice = BeautifulSoup(client.get(demo_form.url + "?sent=1").content, "lxml").select_one(
        ".contribution-sent"
    )

    assert notice.h2.get_text(strip=True) == thanks
    assert notice.get_text().count(thanks) == 1


def test_the_english_thank_you_is_the_standard_text(client, english_form_page):
    soup = BeautifulSoup(client.get(FORM_URL["en"] + "?sent=1").content, "lxml")
    assert "We have received it." in soup.select_one(".contribution-sent").get_text()


# ---- A submission becomes a draft in the workflow -------------------------------------------------


def test_a_submission_becomes_a_draft_resource_awaiting_review(
    client, form_page, moderator, django_capture_on_commit_callbacks
):
    submit(client, FORM_URL["da"], django_capture_on_commit_callbacks, file=upload())

    resource = the_resource()
    assert not resource.live and resource.has_unpublished_changes
    assert resource.get_parent().specific == library_index()
    assert resource.locale.language_code == "da"
    assert resource.title == "Gåture med de ældre i stedet for møder"
    assert resource.slug == "gaature-med-de-aeldre-i-stedet-for-moeder"
    assert (resource.resource_type, resource.maturity, resource.phase) == ("case", "idea", "ideate")
    assert resource.licence == "cc-by-sa-4.0" and resource.material_language == "da"

    # The text became two paragraphs, escaped, with the line break kept.
    paragraphs = [block.value.source for block in resource.body]
    assert paragraphs == [
        "<p>Vi har i et halvt år holdt opfølgningsmøder på en gåtur.<br/>Borgerne vælger selv ruten.</p>",
        "<p>Det virker for børn &lt; 6 år &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; "
        "&amp; deres forældre også.</p>",
    ]

    # The sender is kept apart from the page.
    contribution = resource.contribution
    assert (contribution.name, contribution.email, contribution.language) == (
        CONTRIBUTOR["name"],
        CONTRIBUTOR["email"],
        "da",
    )
    assert contribution.kind == "idea" and contribution.decision == ContributionDecision.PENDING
    assert contribution.consented_to_licence_at is not None and contribution.decided_at is None

    # The file waits where only logged-in staff can open it, under a name without the sender's.
    resource_file = resource.files.get()
    document = resource_file.document
    assert resource_file.role == "handout"
    assert document.collection.name == REVIEW_COLLECTION_NAME
    assert CollectionViewRestriction.objects.filter(
        collection=document.collection, restriction_type=CollectionViewRestriction.LOGIN
    ).exists()
    assert re.fullmatch(r"private/contributions/[0-9a-f]{32}\.pdf", document.file.name), document.file.name
    assert document.file_size == len(files.PDF) and document.file_hash
    assert client.get(document.url).status_code == 302  # to the login page
    client.force_login(moderator)
    assert client.get(document.url).status_code == 200

    # In the workflow: the moderators see it on their dashboard and got Wagtail's notification.
    state = WorkflowState.objects.get(object_id=str(resource.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS and state.requested_by is None
    assert state.workflow.name == "Moderators approval"
    assert resource.title in client.get(reverse("wagtailadmin_home")).content.decode()
    to_moderator = mails_to(moderator.email)
    assert len(to_moderator) == 1
    assert resource.title in to_moderator[0].subject
    assert f"/admin/pages/{resource.pk}/edit/" in to_moderator[0].body
    assert CONTRIBUTOR["email"] not in to_moderator[0].body
    assert not mails_to(CONTRIBUTOR["email"]), "the contributor hears only when staff have decided"


@pytest.mark.parametrize(
    ("kind", "resource_type", "maturity"),
    [("idea", "case", "idea"), ("case", "case", ""), ("method", "method", "")],
)
def test_each_kind_becomes_its_resource_type(
    client, form_page, kind, resource_type, maturity, django_capture_on_commit_callbacks
):
    submit(client, FORM_URL["da"], django_capture_on_commit_callbacks, kind=kind)
    resource = the_resource()
    assert (resource.resource_type, resource.maturity) == (resource_type, maturity)


def test_presentations_are_slides_and_case_files_reports(
    client, form_page, django_capture_on_commit_callbacks
):
    slides = SimpleUploadedFile("oplaeg.pptx", files.pptx())
    submit(client, FORM_URL["da"], django_capture_on_commit_callbacks, file=slides)
    report = SimpleUploadedFile("rapport.odt", files.opendocument("text"))
    submit(
        client, FORM_URL["da"], django_capture_on_commit_callbacks, kind="case", title="Andet", file=report
    )
    roles = dict(ResourcePage.objects.values_list("title", "files__role"))
    assert roles == {"Gåture med de ældre i stedet for møder": "slides", "Andet": "report"}


def test_a_second_submission_with_the_same_title_gets_its_own_address(
    client, form_page, django_capture_on_commit_callbacks
):
    submit(client, FORM_URL["da"], django_capture_on_commit_callbacks)
    submit(client, FORM_URL["da"], django_capture_on_commit_callbacks)
    assert sorted(ResourcePage.objects.values_list("slug", flat=True)) == [
        "gaature-med-de-aeldre-i-stedet-for-moeder",
        "gaature-med-de-aeldre-i-stedet-for-moeder-1",
    ]


def test_an_english_submission_is_an_english_draft(
    client, english_form_page, django_capture_on_commit_callbacks
):
    submit(client, FORM_URL["en"], django_capture_on_commit_callbacks, title="Walking meetings")
    resource = the_resource()
    assert resource.locale.language_code == "en"
    assert resource.get_parent().specific == library_index("en")
    assert resource.material_language == "en" and resource.contribution.language == "en"


def test_the_draft_is_not_public(client, form_page, django_capture_on_commit_callbacks):
    submit(client, FORM_URL["da"], django_capture_on_commit_callbacks)
    resource = the_resource()
    assert client.get("/bibliotek/" + resource.slug + "/").status_code == 404
    assert resource.slug not in client.get("/sitemap.xml").content.decode()
    assert not ResourcePage.objects.live().filter(pk=resource.pk).exists()


def test_everything_is_undone_when_a_step_fails(client, form_page, monkeypatch):
    from wagtail.models import Workflow

    def broken_start(self, obj, user):
        raise RuntimeError("the workflow could not start")

    def stored_documents() -> set[str]:
        storage = Document._meta.get_field("file").storage
        folder = "private/contributions"
        return set(storage.listdir(folder)[1]) if storage.exists(folder) else set()

    before = stored_documents()
    monkeypatch.setattr(Workflow, "start", broken_start)
    with pytest.raises(RuntimeError):
        client.post(FORM_URL["da"], form_data(file=upload()))
    assert not ResourcePage.objects.exists() and not Contribution.objects.exists()
    assert not Document.objects.filter(title=form_data()["title"]).exists()
    assert stored_documents() == before


# ---- Publishing, translating, rejecting -----------------------------------------------------------


def test_approval_publishes_then_translation_shows_it_in_english(
    client, form_page, moderator, django_capture_on_commit_callbacks, settings
):
    submit(client, FORM_URL["da"], django_capture_on_commit_callbacks, file=upload())
    assert "Gåture med de ældre" not in search_results(client, "/s%C3%B8g/", "gåture ældre")
    private_copy = Path(the_resource().files.get().document.file.path)
    resource = decide(client, moderator, the_resource(), "approve", django_capture_on_commit_callbacks)

    assert resource.live
    assert "Gåture med de ældre" in search_results(client, "/s%C3%B8g/", "gåture ældre")
    assert WorkflowState.objects.get(object_id=str(resource.pk)).status == WorkflowState.STATUS_APPROVED
    response = client.get(resource.url)
    assert response.status_code == 200
    assert resource.title in visible_text(response)
    html = response.content.decode()
    assert CONTRIBUTOR["name"] not in html and CONTRIBUTOR["email"] not in html
    assert "karen" not in html.lower()

    # The file is public now, under a name from the title, and the decision is recorded once.
    document = resource.files.get().document
    assert document.collection.name == LIBRARY_COLLECTION_NAME
    assert document.file.name == "documents/gaature-med-de-aeldre-i-stedet-for-moeder.pdf"
    assert (settings.MEDIA_ROOT / document.file.name).read_bytes() == files.PDF
    assert not private_copy.exists()
    assert client.get(document.url).status_code == 200
    contribution = Contribution.objects.get()
    assert contribution.decision == ContributionDecision.PUBLISHED and contribution.decided_at is not None

    published = mails_to(CONTRIBUTOR["email"])
    assert len(published) == 1
    assert published[0].subject == f"Dit bidrag er i biblioteket: {resource.title}"
    assert "Kære Karen Østergaard" in published[0].body
    assert f"http://testserver{resource.url}" in published[0].body
    assert f'href="http://testserver{resource.url}"' in published[0].alternatives[0][0]

    # Publishing again (an editor's later correction) sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        resource.save_revision().publish()
    assert len(mails_to(CONTRIBUTOR["email"])) == 1

    # An editor translates it; the English page is visible in the English tree, and no one is e-mailed again.
    with django_capture_on_commit_callbacks(execute=True):
        english = translate_resource(
            resource, title="Walks instead of meetings", slug="walks-instead-of-meetings"
        )
    response = client.get(english.url)
    assert english.url.startswith("/en/") and response.status_code == 200
    assert "Walks instead of meetings" in visible_text(response)
    assert "Walks instead of meetings" in search_results(client, "/en/search/", "walks meetings")
    assert CONTRIBUTOR["name"] not in response.content.decode()
    assert client.get(english.files.get().document.url).status_code == 200
    assert len(mails_to(CONTRIBUTOR["email"])) == 1


def test_the_english_contributor_hears_in_english(
    client, english_form_page, moderator, django_capture_on_commit_callbacks
):
    submit(client, FORM_URL["en"], django_capture_on_commit_callbacks, title="Walking meetings")
    resource = decide(client, moderator, the_resource(), "approve", django_capture_on_commit_callbacks)
    (message,) = mails_to(CONTRIBUTOR["email"])
    assert message.subject == "Your contribution is in the library: Walking meetings"
    assert "Dear Karen Østergaard," in message.body
    assert f"http://testserver{resource.url}" in message.body and resource.url.startswith("/en/")


def test_a_rejected_contribution_stays_hidden_and_the_contributor_hears_kindly_once(
    client, form_page, moderator, django_capture_on_commit_callbacks
):
    submit(client, FORM_URL["da"], django_capture_on_commit_callbacks, file=upload())
    resource = decide(client, moderator, the_resource(), "reject", django_capture_on_commit_callbacks)

    assert not resource.live
    state = WorkflowState.objects.get(object_id=str(resource.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    contribution = Contribution.objects.get()
    assert contribution.decision == ContributionDecision.REJECTED and contribution.decided_at is not None
    (message,) = mails_to(CONTRIBUTOR["email"])
    assert message.subject == f"Om dit bidrag: {resource.title}"
    assert "Tak, fordi du tog dig tid" in message.body
    assert "http://testserver/bibliotek/" not in message.body  # no link to a page that is not there

    assert client.get("/bibliotek/" + resource.slug + "/").status_code == 404
    assert client.get(resource.files.get().document.url).status_code == 302
    assert resource.slug not in client.get("/sitemap.xml").content.decode()
    assert "Gåture med de ældre" not in search_results(client, "/s%C3%B8g/", "gåture ældre")

    # Sent back into the workflow and turned down again: the contributor is not told twice.
    with django_capture_on_commit_callbacks(execute=True):
        state.resume(user=moderator)
    decide(client, moderator, resource, "reject", django_capture_on_commit_callbacks)
    assert len(mails_to(CONTRIBUTOR["email"])) == 1


def test_a_rejected_contribution_is_not_in_the_library_listing(
    client, form_page, moderator, django_capture_on_commit_callbacks
):
    submit(client, FORM_URL["da"], django_capture_on_commit_callbacks)
    resource = decide(client, moderator, the_resource(), "reject", django_capture_on_commit_callbacks)
    assert resource.title not in visible_text(client.get(library_index().url))


def test_a_contribution_published_after_all_is_announced_once(
    client, form_page, moderator, django_capture_on_commit_callbacks
):
    submit(client, FORM_URL["da"], django_capture_on_commit_callbacks)
    resource = decide(client, moderator, the_resource(), "reject", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        resource.save_revision().publish()
    subjects = [message.subject for message in mails_to(CONTRIBUTOR["email"])]
    assert subjects == [f"Om dit bidrag: {resource.title}", f"Dit bidrag er i biblioteket: {resource.title}"]
    assert Contribution.objects.get().decision == ContributionDecision.PUBLISHED


# ---- Files that are too big or not what they claim ------------------------------------------------

PDF_DETAILS = {"extension": "pdf", "kind": "PDF"}
WORD_DETAILS = {"extension": "docx", "kind": "Word"}
FILE_ERRORS = {
    "da": {
        "size": "Filen fylder 10,0\xa0MB; den må højst fylde 10 MB.",
        "disguised": "Filens navn ender på .{extension}, men indholdet er ikke en {kind}-fil.",
        "type": "Den filtype kan vi ikke modtage.",
        "text": "Filen er ikke almindelig tekst i UTF-8.",
        "empty": "Den medsendte fil er tom.",
        "pdf_active": "PDF-filen indeholder aktivt indhold",
        "bomb": "{kind}-filen fylder for meget, når den pakkes ud: mere end 100 MB eller mere end 2000 dele.",
        "pixels": "Billedet har mere end 60 millioner pixels.",
    },
    "en": {
        "size": "The file is 10.0\xa0MB; it may be at most 10 MB.",
        "disguised": "The file's name ends in .{extension}, but its content is not a {kind} file.",
        "type": "We cannot take files of this type.",
        "text": "The file is not plain text in UTF-8.",
        "empty": "The submitted file is empty.",
        "pdf_active": "The PDF contains active content",
        "bomb": "The {kind} file unpacks to too much: more than 100 MB or more than 2000 parts.",
        "pixels": "The picture has more than 60 million pixels.",
    },
}


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize(
    ("name", "content", "error", "details"),
    [
        pytest.param("stor.pdf", files.pdf_of_size(MAX_SIZE + 1), "size", {}, id="oversized"),
        pytest.param(
            "program.pdf", files.WINDOWS_PROGRAM, "disguised", {"extension": "pdf", "kind": "PDF"}, id="exe"
        ),
        pytest.param("side.pdf", files.HTML, "disguised", {"extension": "pdf", "kind": "PDF"}, id="html"),
        pytest.param(
            "arkiv.docx", files.plain_zip(), "disguised", {"extension": "docx", "kind": "Word"}, id="zip"
        ),
        pytest.param("program.exe", files.WINDOWS_PROGRAM, "type", {}, id="exe-named-exe"),
        pytest.param("noter.txt", "Æblegrød".encode("cp1252"), "text", {}, id="not-utf8"),
        pytest.param("tom.pdf", b"", "empty", {}, id="empty"),
        pytest.param("side.pdf", files.html_pdf_polyglot(), "disguised", PDF_DETAILS, id="html-pdf-polyglot"),
        pytest.param("js.pdf", files.pdf_with_javascript_on_opening(), "pdf_active", {}, id="pdf-javascript"),
        pytest.param("bombe.docx", files.docx_bomb, "bomb", WORD_DETAILS, id="docx-zip-bomb"),
        pytest.param("kaempe.png", files.png_claiming(50_000, 50_000), "pixels", {}, id="png-50000x50000"),
    ],
)
def test_files_too_big_or_in_disguise_are_refused_at_the_field(
    client, language, name, content, error, details, form_page, english_form_page
):
    content = content() if callable(content) else content
    response = client.post(FORM_URL[language], form_data(file=SimpleUploadedFile(name, content)))
    assert response.status_code == 200
    expected = FILE_ERRORS[language][error].format(**details)
    assert any(expected in message for message in errors_of(response).get("file", [])), errors_of(response)
    assert (
        not ResourcePage.objects.exists() and not Document.objects.filter(title=form_data()["title"]).exists()
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("kort.pdf", files.pdf_opening_on_the_first_page()),
        ("links.docx", files.docx_with_a_web_link()),
    ],
)
def test_ordinary_files_with_links_and_bookmarks_are_accepted(
    client, form_page, name, content, django_capture_on_commit_callbacks
):
    response = submit(
        client, FORM_URL["da"], django_capture_on_commit_callbacks, file=SimpleUploadedFile(name, content)
    )
    assert response.status_code == 302, errors_of(response)


def test_a_file_exactly_10_mb_is_accepted(client, form_page, django_capture_on_commit_callbacks):
    content = files.pdf_of_size(MAX_SIZE)
    response = submit(
        client, FORM_URL["da"], django_capture_on_commit_callbacks, file=upload("stor.pdf", content)
    )
    assert response.status_code == 302
    assert the_resource().files.get().document.file_size == MAX_SIZE


def test_the_visitor_is_asked_to_choose_the_file_again_after_other_errors(client, form_page):
    response = client.post(FORM_URL["da"], form_data(title="", file=upload()))
    summary = BeautifulSoup(response.content, "lxml").select_one("#form-errors").get_text()
    assert "vælg den igen" in summary


# ---- Bad input, spam and limits -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "Dette felt er påkrævet."),
        ({"title": "Idé\x00"}, "title", "Null-tegn er ikke tilladte."),
        ({"text": "Tekst\x07med klokke"}, "text", "Fjern de usynlige kontroltegn"),
        ({"text": "x" * 100_000}, "text", "Denne værdi må højst have 10000 tegn (den har 100000)."),
        ({"summary": "x" * 281}, "summary", "Denne værdi må højst have 280 tegn (den har 281)."),
        ({"name": "<b>Karen</b>"}, "name", "Skriv almindelig tekst uden < eller >."),
        ({"email": "karen@"}, "email", "Angiv en gyldig e-mailadresse."),
        ({"kind": "poem"}, "kind", "Marker en gyldig valgmulighed."),
        ({"phase": "'; drop table"}, "phase", "Marker en gyldig valgmulighed."),
        ({"consent": None}, "consent", "Accepter venligst licensen"),
    ],
)
def test_bad_input_gets_a_field_error_in_danish_and_keeps_nothing(
    client, form_page, overrides, field, message
):
    response = client.post(FORM_URL["da"], form_data(**overrides))
    assert response.status_code == 200
    errors = errors_of(response)
    assert any(message in error for error in errors.get(field, [])), errors
    assert not ResourcePage.objects.exists() and not Contribution.objects.exists()
    soup = BeautifulSoup(response.content, "lxml")
    assert soup.select_one("#form-errors a")["href"].startswith("#id_")


def test_line_breaks_count_as_one_character_as_in_the_browser(
    client, form_page, django_capture_on_commit_callbacks
):
    # 140 lines of one character: 279 characters in the browser, 419 bytes with CRLF on the wire.
    summary = "\r\n".join("x" * 140)
    text = "\r\n".join("y" * 5000)  # 9,999 characters in the browser
    response = submit(client, FORM_URL["da"], django_capture_on_commit_callbacks, summary=summary, text=text)
    assert response.status_code == 302, errors_of(response)
    assert the_resource().summary == " ".join("x" * 140)


def test_a_broken_upload_is_a_bad_request_not_a_server_error(client, form_page):
    body = b'--boundary\r\nContent-Disposition: form-data; name="title"\r\n\r\nHalv'
    response = client.generic(
        "POST", FORM_URL["da"], body, content_type="multipart/form-data; boundary=boundary"
    )
    assert response.status_code in (200, 400)
    response = client.generic("POST", FORM_URL["da"], b"x", content_type="multipart/form-data")
    assert response.status_code == 400
    assert not ResourcePage.objects.exists()


def test_other_methods_are_not_allowed(client, form_page):
    assert client.put(FORM_URL["da"], b"").status_code == 405
    assert client.delete(FORM_URL["da"]).status_code == 405


def test_honeypot_is_thanked_and_keeps_nothing(
    client, form_page, moderator, django_capture_on_commit_callbacks
):
    response = submit(
        client, FORM_URL["da"], django_capture_on_commit_callbacks, website="http://spam.example"
    )
    assert response.status_code == 302 and response["Location"].endswith("?sent=1")
    assert not ResourcePage.objects.exists() and not Contribution.objects.exists()
    assert not mail.outbox


def test_rate_limit_answers_with_a_friendly_page(
    client, form_page, settings, django_capture_on_commit_callbacks
):
    settings.CONTRIBUTION_POSTS_PER_HOUR = 2
    for number in range(2):
        submit(client, FORM_URL["da"], django_capture_on_commit_callbacks, title=f"Idé {number}")
    response = client.post(FORM_URL["da"], form_data(title="Idé 3"))
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3601
    assert "Vent venligst lidt" in response.content.decode()
    assert ResourcePage.objects.count() == 2


def test_the_form_needs_csrf(form_page):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(FORM_URL["da"], form_data())
    assert response.status_code == 403
    assert not ResourcePage.objects.exists()


def test_personal_data_stays_out_of_the_logs(
    client, form_page, moderator, caplog, django_capture_on_commit_callbacks
):
    # Everything, from every logger the flow passes through, at its most talkative.
    with contextlib.ExitStack() as stack:
        for name in ("", "django", "wagtail", "django_tasks", "library"):
            stack.enter_context(caplog.at_level(logging.DEBUG, logger=name))
        submit(client, FORM_URL["da"], django_capture_on_commit_callbacks, file=upload())
        decide(client, moderator, the_resource(), "approve", django_capture_on_commit_callbacks)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert caplog.records, "the flow logs something, so the check below means something"
    for secret in (CONTRIBUTOR["name"], CONTRIBUTOR["email"], "Østergaard"):
        assert secret not in logged


def test_the_admin_log_does_not_name_the_contributor(
    client, form_page, moderator, django_capture_on_commit_callbacks
):
    from wagtail.models import ModelLogEntry

    submit(client, FORM_URL["da"], django_capture_on_commit_callbacks)
    contribution = Contribution.objects.get()
    assert str(contribution) == contribution.page.title
    admin = User.objects.create_superuser("admin-test", "admin@innovatarium.dk", "pw")
    client.force_login(admin)
    client.post(
        reverse("contributions:edit", args=[contribution.pk]),
        {"name": "Karen Ø.", "email": CONTRIBUTOR["email"]},
    )
    labels = list(ModelLogEntry.objects.values_list("label", flat=True))
    assert labels and not any("Karen" in label for label in labels)


def test_staff_go_from_a_contribution_to_the_draft_it_became(
    client, form_page, moderator, django_capture_on_commit_callbacks
):
    submit(client, FORM_URL["da"], django_capture_on_commit_callbacks)
    contribution = Contribution.objects.get()
    edit_draft = reverse("wagtailadmin_pages:edit", args=[contribution.page_id])
    client.force_login(User.objects.create_superuser("admin-test", "admin@innovatarium.dk", "pw"))

    inspect_url = reverse("contributions:inspect", args=[contribution.pk])
    inspect = BeautifulSoup(client.get(inspect_url).content, "lxml")
    links = {a.get_text(strip=True): a["href"] for a in inspect.select("main a[href]")}
    assert links["Åbn materialet"] == edit_draft  # the header button
    assert links[contribution.page.title] == edit_draft  # the resource field

    listing = BeautifulSoup(client.get(reverse("contributions:index")).content, "lxml")
    row_links = [a.get_text(strip=True) for a in listing.select(f"main a[href='{edit_draft}']")]
    assert "Åbn materialet" in row_links


def test_collections_are_made_once(client, form_page, django_capture_on_commit_callbacks):
    for number in range(2):
        submit(
            client, FORM_URL["da"], django_capture_on_commit_callbacks, title=f"Idé {number}", file=upload()
        )
    assert Collection.objects.filter(name=REVIEW_COLLECTION_NAME).count() == 1
    assert CollectionViewRestriction.objects.filter(collection__name=REVIEW_COLLECTION_NAME).count() == 1


def test_the_contribution_email_does_not_leak_markup(
    client, form_page, moderator, django_capture_on_commit_callbacks
):
    submit(client, FORM_URL["da"], django_capture_on_commit_callbacks, title="Børn & <unge> i fællesskab")
    decide(client, moderator, the_resource(), "approve", django_capture_on_commit_callbacks)
    (message,) = mails_to(CONTRIBUTOR["email"])
    html = message.alternatives[0][0]
    assert "Børn &amp; &lt;unge&gt; i fællesskab" in html and "<unge>" not in html
    assert "Børn & <unge> i fællesskab" in message.body
    assert re.search(r"http://testserver/bibliotek/boern-unge-i-faellesskab/", message.body)


# ---- Query budgets --------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_form_page_keeps_to_its_query_budget(client, language, form_page, english_form_page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(FORM_URL[language])  # warm the per-process caches (site root paths, settings)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(FORM_URL[language]).status_code == 200
    assert len(queries) <= 18, [query["sql"] for query in queries]


def test_a_submission_costs_the_same_in_a_full_library(client, form_page, django_capture_on_commit_callbacks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.library.factories import make_resource

    counts = []
    # The first submission with a file also makes the review collection; count the ones after it.
    for number in range(3):
        with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
            client.post(FORM_URL["da"], form_data(title=f"Idé {number}", file=upload()))
        counts.append(len(queries))
        for _resource in range(15):
            make_resource()
    assert counts[1] == counts[2], counts


# ---- The sender's side in the admin ---------------------------------------------------------------


def test_staff_with_permission_see_who_sent_what(
    client, form_page, moderator, django_capture_on_commit_callbacks
):
    submit(client, FORM_URL["da"], django_capture_on_commit_callbacks, kind="method")
    admin = User.objects.create_superuser("admin-list", "admin-list@innovatarium.dk", "pw")
    client.force_login(admin)
    listing = client.get(reverse("contributions:index"), {"q": "oestergaard"})
    assert listing.status_code == 200
    rows = BeautifulSoup(listing.content, "lxml").select("tbody tr")
    assert len(rows) == 1
    assert CONTRIBUTOR["name"] in rows[0].get_text() and "Gåture med de ældre" in rows[0].get_text()
    inspect = client.get(reverse("contributions:inspect", args=[Contribution.objects.get().pk]))
    assert CONTRIBUTOR["email"] in inspect.content.decode()

    # Moderators review the page; who sent it is for those given the Contribution permissions.
    client.force_login(moderator)
    assert client.get(reverse("contributions:index")).status_code in (302, 403)


@pytest.mark.parametrize(
    "name", ["idé\x00.pdf", "../../etc/passwd.pdf", "..pdf", "C:\\Users\\karen\\idé.PDF"]
)
def test_odd_file_names_never_reach_the_stored_name(
    client, form_page, name, django_capture_on_commit_callbacks
):
    response = submit(client, FORM_URL["da"], django_capture_on_commit_callbacks, file=upload(name))
    assert response.status_code == 302, errors_of(response)
    stored = the_resource().files.get().document.file.name
    assert re.fullmatch(r"private/contributions/[0-9a-f]{32}\.pdf", stored), stored


# ---- Where unreviewed files wait ------------------------------------------------------------------


def test_an_unreviewed_file_is_outside_the_public_media_under_a_name_nobody_can_guess(
    client, form_page, django_capture_on_commit_callbacks, settings
):
    for _attempt in range(2):
        submit(client, FORM_URL["da"], django_capture_on_commit_callbacks, file=upload())
    documents = [resource.files.get().document for resource in ResourcePage.objects.order_by("pk")]
    names = [document.file.name for document in documents]
    # Two sends of the same title and file name get unrelated names.
    assert names[0] != names[1] and not any("gaature" in name or "karen" in name.lower() for name in names)
    for document in documents:
        assert Path(document.file.path).is_relative_to(settings.PRIVATE_MEDIA_ROOT)
        assert not Path(document.file.path).is_relative_to(settings.MEDIA_ROOT)
        assert not any(Path(settings.MEDIA_ROOT).rglob(document.filename))
        with pytest.raises(NotImplementedError):
            document.file.url  # noqa: B018 - no direct address exists
        # The only address is Wagtail's document view, which sends visitors to the login page.
        assert document.url == f"/documents/{document.pk}/{document.filename}"
        assert client.get(document.url).status_code == 302
        assert client.get("/media/" + document.file.name).status_code == 404
        assert client.get("/media/documents/" + document.filename).status_code == 404


@pytest.fixture
def development_urls(settings):
    """The URLs as `make run` has them (DEBUG on: media served by Django)."""
    import importlib

    from django.urls import clear_url_caches

    import innovatarium.urls

    settings.DEBUG = True
    importlib.reload(innovatarium.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(innovatarium.urls)
    clear_url_caches()


def test_the_development_server_serves_pictures_but_never_documents_directly(
    client, development_urls, settings
):
    for folder, name in (("documents", "rapport.pdf"), ("images", "foto.png")):
        (settings.MEDIA_ROOT / folder).mkdir(exist_ok=True)
        (settings.MEDIA_ROOT / folder / name).write_bytes(b"x")
    assert client.get("/media/images/foto.png").status_code == 200
    assert client.get("/media/documents/rapport.pdf").status_code == 404
    assert client.get("/media/../private/x.pdf").status_code == 404


def test_a_private_root_inside_the_public_media_is_refused(tmp_path):
    import subprocess
    import sys

    environment = {"MEDIA_ROOT": str(tmp_path), "PRIVATE_MEDIA_ROOT": str(tmp_path / "private")}
    result = subprocess.run(
        [sys.executable, "-c", "import innovatarium.settings.base"],
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        check=False,
    )
    assert result.returncode != 0
    assert "PRIVATE_MEDIA_ROOT must not be inside MEDIA_ROOT" in result.stderr


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("ok.pdf\x00.exe", "Den filtype kan vi ikke modtage."),
        ("uden-endelse", "Den filtype kan vi ikke modtage."),
        ("x" * 300 + ".pdf", "Dette filnavn må højst have 200 tegn"),
    ],
)
def test_file_names_that_cannot_be_taken(client, form_page, name, message):
    response = client.post(FORM_URL["da"], form_data(file=upload(name)))
    assert any(message in error for error in errors_of(response)["file"]), errors_of(response)
    assert not ResourcePage.objects.exists()


def test_the_contributions_list_costs_the_same_for_many(
    client, form_page, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    admin = User.objects.create_superuser("admin-count", "admin-count@innovatarium.dk", "pw")
    counts = []
    for batch in (1, 4):
        for number in range(batch):
            submit(client, FORM_URL["da"], django_capture_on_commit_callbacks, title=f"Idé {batch}-{number}")
        client.force_login(admin)
        client.get(reverse("contributions:index"))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("contributions:index")).status_code == 200
        counts.append(len(queries))
        client.logout()
    assert counts[0] == counts[1], counts
