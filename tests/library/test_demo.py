"""The library's demo content: about thirty resources in both languages, real files, the home page's cards."""

import csv
import io
import re
import shutil
import subprocess
import zipfile
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.documents.models import Document
from wagtail.models import Locale

from events.models import EventPage
from library.demo import load_demo_library
from library.demo_files import PdfBlock, csv_file, one_page_pdf, word_document
from library.models import ContributionPage, LibraryIndexPage, ResourceFile, ResourcePage
from library.vocabulary import FileRole, Licence, Phase, ResourceType
from taxonomy.models import TargetGroup

pytestmark = pytest.mark.django_db

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def live_resources(language_code):
    return ResourcePage.objects.live().filter(locale__language_code=language_code)


# ---- The pages ------------------------------------------------------------------------------------


def test_library_and_contribution_form_exist_in_both_languages():
    danish = LibraryIndexPage.objects.live().get(locale__language_code="da")
    english = LibraryIndexPage.objects.live().get(locale__language_code="en")
    assert (danish.title, danish.url_path.split("/")[-2]) == ("Bibliotek", "bibliotek")
    assert (english.title, english.url_path.split("/")[-2]) == ("Library", "library")
    assert english.translation_key == danish.translation_key
    assert danish.show_in_menus and english.show_in_menus
    assert "velfærdsprofessionerne" in danish.introduction
    assert "welfare professions" in english.introduction

    form = ContributionPage.objects.live().child_of(danish).get()
    form_en = ContributionPage.objects.live().child_of(english).get()
    assert (form.title, form.slug) == ("Del din metode eller case", "del-din-viden")
    assert (form_en.title, form_en.slug) == ("Share your method or case", "share")
    assert [block.value["text"] for block in form.body if block.block_type == "heading"] == [
        "Det leder vi efter",
        "Sådan foregår det",
    ]
    assert form.thank_you.startswith("Tak for dit bidrag")
    assert form_en.thank_you.startswith("Thank you for your contribution")
    # A translation keeps its source's block ids, so a later sync in wagtail-localize lines up.
    assert [block.id for block in form_en.body] == [block.id for block in form.body]


def test_there_are_about_thirty_resources_in_each_language():
    danish, english = live_resources("da").count(), live_resources("en").count()
    assert danish >= 28
    assert english == danish


def test_every_type_and_phase_is_there():
    resources = live_resources("da")
    assert set(resources.values_list("resource_type", flat=True)) == set(ResourceType.values)
    assert set(resources.values_list("phase", flat=True)) == set(Phase.values)


def test_every_danish_resource_has_a_live_english_translation_in_english():
    english = Locale.objects.get(language_code="en")
    for resource in live_resources("da"):
        translation = resource.get_translation_or_none(english)
        assert translation is not None and translation.live, resource.title
        translation = translation.specific
        assert translation.title != resource.title, f"{resource.title} is not translated"
        assert translation.summary != resource.summary
        assert translation.slug.isascii() and translation.url_path.startswith("/home/library/")
        # Facts are one across the languages (wagtail-localize keeps them synchronised).
        for field in ("resource_type", "phase", "licence", "published_date", "participation_level"):
            assert getattr(translation, field) == getattr(resource, field), field


def test_methods_have_what_a_practitioner_needs_to_run_them():
    methods = list(live_resources("da").filter(resource_type=ResourceType.METHOD)) + list(
        live_resources("en").filter(resource_type=ResourceType.METHOD)
    )
    assert len(methods) >= 12
    for method in methods:
        assert method.purpose and method.materials, method.title
        assert method.time_needed and method.group_size and method.difficulty and method.delivery_mode
        steps = list(method.steps)
        assert 3 <= len(steps) <= 7, method.title
        assert all(step.value["title"] and step.value["text"].source.startswith("<p>") for step in steps)


def test_case_stories_say_what_happened_and_whether_it_travels():
    cases = list(live_resources("da").filter(resource_type=ResourceType.CASE)) + list(
        live_resources("en").filter(resource_type=ResourceType.CASE)
    )
    assert len(cases) >= 10
    for case in cases:
        for field in ("problem", "approach", "results", "resources_used", "maturity", "place", "period"):
            assert getattr(case, field), f"{case.title}: {field}"
        assert case.transfer_potential, case.title
    assert {case.maturity for case in cases} == {"idea", "tested", "implemented", "spread"}


def test_every_resource_is_described_and_classified():
    for resource in live_resources("da"):
        assert 0 < len(resource.summary) <= 280
        assert len(resource.body) >= 1, resource.title
        assert resource.themes.exists() and resource.target_groups.exists(), resource.title
        assert resource.participation_level and resource.material_language
    licences = list(live_resources("da").values_list("licence", flat=True))
    assert licences.count(Licence.CC_BY_SA) >= len(licences) * 2 / 3, "mostly CC BY-SA 4.0"
    assert len(set(licences)) >= 4, "a few resources show the other licences"
    dates = sorted(live_resources("da").values_list("published_date", flat=True))
    assert (dates[-1] - dates[0]).days > 600, "published over the last two years"


def test_target_groups_have_both_languages():
    danish = TargetGroup.objects.filter(locale__language_code="da")
    english = {
        group.translation_key: group.name for group in TargetGroup.objects.filter(locale__language_code="en")
    }
    assert danish.count() >= 8
    assert english[danish.get(slug="aeldre").translation_key] == "Older people"


def test_methods_and_cases_point_at_each_other_both_ways():
    resources = live_resources("da")
    pairs = 0
    for resource in resources:
        for other in resource.related_resources.all():
            assert resource in other.related_resources.all(), f"{resource.title} -> {other.title} is one-way"
            pairs += (
                resource.resource_type == ResourceType.METHOD and other.resource_type == ResourceType.CASE
            )
    assert pairs >= 4


def test_resources_are_linked_to_the_calendar():
    linked = live_resources("da").filter(related_events__isnull=False).distinct()
    assert linked.count() >= 10
    workshop = EventPage.objects.get(slug="samskabelse-i-praksis")
    assert workshop.resources.filter(locale__language_code="da").count() >= 3


def test_contributors_come_from_the_shared_people_and_organisations():
    card = live_resources("da").get(slug="borgerens-dag-paa-en-side")
    assert [person.name for person in card.contributor_people.all()] == ["Mette Skov"]
    report = live_resources("da").get(slug="et-aar-med-samskabelse")
    assert set(report.contributor_organisations.values_list("slug", flat=True)) == {
        "fpp",
        "fynsk-velfaerdsfond",
    }


def test_external_links_lead_only_to_the_front_page_of_a_real_organisation():
    for resource in live_resources("da"):
        for link in resource.external_links:
            address = urlsplit(link.value["url"])
            assert address.scheme == "https" and address.path == "/", link.value["url"]


def test_loading_again_changes_nothing(site_pages):
    before = ResourcePage.objects.count(), Document.objects.count()
    load_demo_library(site_pages["da"]["home"], Locale.objects.get(language_code="en"))
    assert (ResourcePage.objects.count(), Document.objects.count()) == before


def test_resources_are_in_the_search_index():
    # Indexed once after loading, not on each save (library.demo._index): still found.
    resources = ResourcePage.objects.live().search("lektiecaféen")
    assert "Forældrene driver lektiecaféen" in [resource.title for resource in resources]


# ---- The files --------------------------------------------------------------------------------------


def pdf_text(data: bytes) -> list[str]:
    """Check a one-page PDF's structure through its cross-reference table and return the text it shows."""
    assert data.startswith(b"%PDF-1.")
    start_xref = int(re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data).group(1))
    header = re.match(rb"xref\s+0 (\d+)\s+", data[start_xref:])
    assert header, "startxref must point at the cross-reference table"
    size = int(header.group(1))
    table = data[start_xref + header.end() :]
    objects = {}
    for number in range(1, size):
        entry = table[20 * number : 20 * number + 20]
        assert re.fullmatch(rb"\d{10} \d{5} n[ \r]\n", entry), entry
        offset = int(entry[:10])
        assert data[offset:].startswith(b"%d 0 obj" % number), f"object {number} is not at {offset}"
        objects[number] = data[offset : data.index(b"endobj", offset)]
    trailer = data[data.index(b"trailer", start_xref) :]
    assert int(re.search(rb"/Size (\d+)", trailer).group(1)) == size
    catalog = objects[int(re.search(rb"/Root (\d+) 0 R", trailer).group(1))]
    assert b"/Type /Catalog" in catalog
    pages = objects[int(re.search(rb"/Pages (\d+) 0 R", catalog).group(1))]
    assert b"/Type /Pages" in pages and b"/Count 1" in pages
    page = objects[int(re.search(rb"/Kids \[(\d+) 0 R\]", pages).group(1))]
    assert b"/MediaBox [0 0 595 842]" in page
    for font in re.findall(rb"/F\d (\d+) 0 R", page):
        assert b"/Type /Font" in objects[int(font)]
    content = objects[int(re.search(rb"/Contents (\d+) 0 R", page).group(1))]
    length = int(re.search(rb"/Length (\d+)", content).group(1))
    stream_start = content.index(b"stream\n") + len(b"stream\n")
    stream = content[stream_start : stream_start + length]
    assert content[stream_start + length :].strip() == b"endstream", "/Length must match the stream"
    lines = stream.splitlines()
    text_objects = [line for line in lines if line.startswith(b"BT ")]
    assert text_objects and all(line.endswith(b" Tj ET") for line in text_objects)
    strings = re.findall(rb"\(((?:[^\\)]|\\.)*)\) Tj", stream)
    return [
        re.sub(rb"\\([0-7]{3}|.)", lambda m: bytes([int(m[1], 8)]) if len(m[1]) == 3 else m[1], s).decode(
            "cp1252"
        )
        for s in strings
    ]


def document_bytes(document: Document) -> bytes:
    with document.open_file() as file:
        return file.read()


def test_every_attached_file_is_a_real_document_of_its_type():
    files = list(ResourceFile.objects.select_related("document", "document__collection", "page"))
    assert len(files) >= 30
    seen = set()
    for file in files:
        document = file.document
        data = document_bytes(document)
        assert document.collection.name == "Bibliotek"
        assert document.file_size == len(data) and document.file_hash
        extension = document.file_extension
        seen.add(extension)
        if file.role == FileRole.PRINTABLE_CARD:
            assert extension == "pdf"
        if extension == "pdf":
            assert any(line.strip() for line in pdf_text(data))
        elif extension == "docx":
            archive = zipfile.ZipFile(io.BytesIO(data))
            assert archive.testzip() is None
            assert {"[Content_Types].xml", "_rels/.rels", "word/document.xml"} <= set(archive.namelist())
            body = ElementTree.fromstring(archive.read("word/document.xml"))  # noqa: S314 (our own file)
            assert body.tag == f"{W}document"
            assert "".join(body.itertext()).startswith(document.title.split(": ")[-1])
        elif extension == "xlsx":
            sheet = load_workbook(io.BytesIO(data), read_only=True).active
            assert any(cell for row in sheet.iter_rows(values_only=True) for cell in row)
        elif extension == "csv":
            assert data.startswith("\ufeff".encode())
            assert len(list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))) > 2
        else:
            pytest.fail(f"unexpected file type {extension}")
    assert seen == {"pdf", "docx", "xlsx", "csv"}


def test_method_card_shows_the_method_and_every_step_in_the_pages_language():
    english = Locale.objects.get(language_code="en")
    method = live_resources("da").get(slug="borgerens-dag-paa-en-side")
    card = method.files.get(role=FileRole.PRINTABLE_CARD)
    text = " ".join(pdf_text(document_bytes(card.document)))
    assert card.document.title == "Metodekort: Borgerens dag på én side"
    assert "Borgerens dag på én side" in text
    for step in method.steps:
        assert step.value["title"] in text
    assert "Tid: 1–3 timer" in text and "Let at gå i gang med" in text
    assert "CC BY-SA 4.0 · innovatarium.dk/bibliotek/borgerens-dag-paa-en-side/" in text

    translation = method.get_translation(english).specific
    english_card = translation.files.get(role=FileRole.PRINTABLE_CARD)
    english_text = " ".join(pdf_text(document_bytes(english_card.document)))
    assert english_card.document.title == "Method card: The citizen's day on one page"
    assert "Draw the day hour by hour (30 min)" in english_text
    assert "Time: 1–3 hours" in english_text


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) is not installed")
def test_poppler_reads_the_method_card(tmp_path):
    """A second opinion from a real PDF reader, where one is installed."""
    card = live_resources("en").get(slug="try-it-out-small").files.get(role=FileRole.PRINTABLE_CARD)
    path = tmp_path / "card.pdf"
    path.write_bytes(document_bytes(card.document))
    pdftotext = shutil.which("pdftotext")
    result = subprocess.run(
        [pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    assert result.stderr == ""
    text = " ".join(result.stdout.split())
    assert "METHOD CARD · INNOVATARIUM" in text
    assert "Try it out small: a 14-day trial" in text
    assert "5 Decide: stop, adjust or continue (45 min)" in text


def test_template_is_an_editable_word_document_with_a_table_to_fill_in():
    template = live_resources("da").get(slug="skabelon-afproevningsplan")
    file = template.files.get()
    assert file.role == FileRole.EDITABLE_TEMPLATE
    archive = zipfile.ZipFile(io.BytesIO(document_bytes(file.document)))
    body = ElementTree.fromstring(archive.read("word/document.xml"))  # noqa: S314 (our own file)
    headings = [
        "".join(paragraph.itertext())
        for paragraph in body.iter(f"{W}p")
        if paragraph.find(f"{W}pPr/{W}pStyle[@{W}val='Heading1']") is not None
    ]
    assert headings[0] == "Idéen i én sætning" and "Opfølgning" in headings
    header_row = body.find(f".//{W}tbl/{W}tr")
    assert header_row.find(f"{W}trPr/{W}tblHeader") is not None
    assert ["".join(cell.itertext()) for cell in header_row.iter(f"{W}tc")] == ["Hvem", "Hvad", "Hvornår"]
    styles = ElementTree.fromstring(archive.read("word/styles.xml"))  # noqa: S314 (our own file)
    assert styles.find(f".//{W}lang").get(f"{W}val") == "da-DK"


def test_spreadsheets_and_data_in_the_readers_language():
    logbook = live_resources("en").get(slug="template-trial-logbook").files.get()
    sheet = load_workbook(io.BytesIO(document_bytes(logbook.document))).active
    assert sheet.freeze_panes == "A3"
    assert [cell.value for cell in sheet[2]][:3] == ["Date", "What did we do?", "Who took part?"]

    report = live_resources("da").get(slug="et-aar-med-samskabelse")
    data = report.files.get(document__file__endswith=".csv").document
    rows = list(csv.reader(io.StringIO(document_bytes(data).decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Måned", "Arrangementer", "Fagprofessionelle", "Borgere"]
    assert rows[1] == ["Januar", "3", "64", "12"]


def test_a_one_language_file_serves_both_translations():
    report = live_resources("da").get(slug="borgerinddragelse-i-nordiske-kommuner")
    translation = live_resources("en").get(slug="citizen-participation-in-nordic-municipalities")
    assert report.material_language == "en"
    assert list(report.files.values_list("document", flat=True)) == list(
        translation.files.values_list("document", flat=True)
    )


def test_a_card_that_cannot_fit_on_one_page_is_refused():
    steps = [
        PdfBlock("step", "Et meget langt trin. " * 100, title=f"Trin {n}", number=n) for n in range(1, 8)
    ]
    with pytest.raises(ValueError, match="does not fit on one page"):
        one_page_pdf("For lang", "Metodekort", steps, "fod")


def test_pdf_text_survives_brackets_backslashes_and_danish_letters():
    data = one_page_pdf(
        "Æbler (og pærer) \\ 100 %", "Kort", [PdfBlock("text", "Blåbær – så er det sagt")], "fod"
    )
    assert pdf_text(data)[:3] == ["KORT", "fod", "Æbler (og pærer) \\ 100 %"]
    assert "Blåbær – så er det sagt" in pdf_text(data)


def test_word_document_escapes_what_it_is_given():
    data = word_document("A & B <C>", "Intro", [], "Fod", "en")
    body = ElementTree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))  # noqa: S314
    assert "".join(body.itertext()).startswith("A & B <C>")


def test_csv_uses_the_list_separator_and_decimal_comma_of_the_language():
    assert csv_file(["Andel"], [[12.5]], "da").decode("utf-8-sig").splitlines() == ["Andel", "12,5"]
    assert csv_file(["a", "b"], [[12.5, 1]], "en").decode("utf-8-sig").splitlines() == ["a,b", "12.5,1"]


# ---- The home page's cards -------------------------------------------------------------------------


def featured_cards(client, url):
    response = client.get(url)
    assert response.status_code == 200
    section = BeautifulSoup(response.content, "html.parser").select_one(".home-section--library")
    return section, section.select(".resource-card")


@pytest.mark.parametrize(
    ("url", "heading", "cards", "library"),
    [
        (
            "/",
            "Fra biblioteket",
            [
                (
                    "Metode eller værktøj",
                    "Afprøv i det små: et forsøg på 14 dage",
                    "/bibliotek/afproev-i-det-smaa/",
                ),
                (
                    "Guide",
                    "Sådan inddrager du borgere uden at spilde deres tid",
                    "/bibliotek/inddrag-borgere-uden-at-spilde-deres-tid/",
                ),
                (
                    "Case",
                    "Ti minutter om morgenen om børn i mistrivsel",
                    "/bibliotek/ti-minutter-om-morgenen/",
                ),
            ],
            ("Gå på opdagelse i biblioteket", "/bibliotek/"),
        ),
        (
            "/en/",
            "From the library",
            [
                ("Method or tool", "Try it out small: a 14-day trial", "/en/library/try-it-out-small/"),
                (
                    "Guide",
                    "How to involve citizens without wasting their time",
                    "/en/library/involve-citizens-without-wasting-their-time/",
                ),
                (
                    "Case story",
                    "Ten minutes in the morning about children who struggle",
                    "/en/library/ten-minutes-in-the-morning/",
                ),
            ],
            ("Explore the library", "/en/library/"),
        ),
    ],
)
def test_home_page_shows_the_newest_resources_in_the_visitors_language(client, url, heading, cards, library):
    section, shown = featured_cards(client, url)
    assert section.h2.get_text(strip=True) == heading
    assert [
        (
            card.select_one(".resource-tag").get_text(strip=True),
            card.h3.get_text(strip=True),
            card.h3.a["href"],
        )
        for card in shown
    ] == cards
    assert shown[0].select_one(".resource-tag")["class"] == ["resource-tag", "resource-tag--method"]
    assert shown[1].select_one(".resource-tag")["class"] == ["resource-tag", "resource-tag--guide"]
    phase = shown[0].select_one(".card__meta").get_text(strip=True)
    assert phase == ("Fase: Prototype og test" if url == "/" else "Phase: Prototype and test")
    assert shown[0].p.get_text(strip=True).startswith("En enkel plan" if url == "/" else "A simple plan")
    button = section.select_one("a.button")
    assert (button.get_text(strip=True), button["href"]) == library


def test_unpublished_and_private_resources_stay_off_the_home_page(client):
    newest = live_resources("da").get(slug="afproev-i-det-smaa")
    newest.unpublish()
    _section, shown = featured_cards(client, "/")
    titles = [card.h3.get_text(strip=True) for card in shown]
    assert "Afprøv i det små: et forsøg på 14 dage" not in titles
    assert titles[0] == "Sådan inddrager du borgere uden at spilde deres tid"


def test_home_page_says_so_when_the_library_is_empty(client):
    ResourcePage.objects.filter(locale__language_code="en").update(live=False)
    section, shown = featured_cards(client, "/en/")
    assert shown == []
    assert "will appear here" in section.select_one(".empty-state").get_text()


def test_home_page_queries_do_not_grow_with_the_number_of_cards(client, site_pages):
    client.get("/")  # warm the per-process caches
    with CaptureQueriesContext(connection) as three:
        assert len(featured_cards(client, "/")[1]) == 3
    home = site_pages["da"]["home"]
    for block in home.body:
        if block.block_type == "featured_resources":
            block.value["count"] = 6
    home.save_revision().publish()
    client.get("/")
    with CaptureQueriesContext(connection) as six:
        assert len(featured_cards(client, "/")[1]) == 6
    assert len(six.captured_queries) == len(three.captured_queries), "\n".join(
        query["sql"] for query in six.captured_queries
    )
