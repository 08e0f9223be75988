"""The polib-based catalogue tools: extraction, merging, checking, compiling, and the real catalogues."""

import gettext
import os
import textwrap

import polib
import pytest

from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from innovatarium.catalogues import (
    CatalogueError,
    catalogue_path,
    check_catalogues,
    compile_catalogue,
    compile_catalogues,
    extract_messages,
    find_sources,
    merge_catalogue,
)

TEMPLATE = """\
{% load i18n %}
<p>{% translate "Skip to content" %}</p>
<p>{% translate 'May' context "month" %}</p>
{# Translators: the event title follows #}
<p>{% blocktranslate with title=event.title %}Join us at {{ title }}{% endblocktranslate %}</p>
<p>{% blocktranslate count counter=n %}One event{% plural %}{{ counter }} events{% endblocktranslate %}</p>
{% blocktranslate trimmed context "seats" count counter=seats %}
    One seat left
{% plural %}
    {{ counter }} seats left
{% endblocktranslate %}
<p>{% translate "Save 50%" %}</p>
{{ value|default:_("Nothing yet") }}
<p>{% translate variable %}</p>
"""

PYTHON = """\
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, npgettext_lazy, pgettext_lazy

# Translators: the name of a page type in the admin
LABEL = _("Standard page")
GREETING = translation.gettext("Hello %(name)s")
FILES = ngettext("%d file", "%d files", 3)
SEATS = npgettext_lazy("seats", "One seat", "{count} seats", "count")
BOOK = pgettext_lazy(context="verb", message="Book")
NOT_A_LITERAL = _(LABEL)
NOT_A_LITERAL_EITHER = _(f"{LABEL}!")
"""


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def sources(tmp_path):
    app = tmp_path / "app"
    write(app / "templates" / "app" / "page.html", TEMPLATE)
    write(app / "texts.py", PYTHON)
    return app


def test_extracts_template_strings(sources, tmp_path):
    messages = extract_messages([sources / "templates" / "app" / "page.html"], root=tmp_path)

    assert messages[(None, "Skip to content")].occurrences == [("app/templates/app/page.html", 2)]
    assert ("month", "May") in messages
    join = messages[(None, "Join us at %(title)s")]
    assert join.comments == ["Translators: the event title follows"]
    assert join.flags == ["python-format"]
    assert messages[(None, "One event")].msgid_plural == "%(counter)s events"
    seats = messages[("seats", "One seat left")]
    assert seats.msgid_plural == "%(counter)s seats left"
    assert seats.occurrences == [("app/templates/app/page.html", 7)]
    # Templates double a literal %, just as the {% translate %} tag does when it looks the msgid up.
    assert (None, "Save 50%%") in messages
    assert (None, "Nothing yet") in messages
    assert len(messages) == 7


def test_extracts_python_strings(sources, tmp_path):
    messages = extract_messages([sources / "texts.py"], root=tmp_path)

    assert set(messages) == {
        (None, "Standard page"),
        (None, "Hello %(name)s"),
        (None, "%d file"),
        ("seats", "One seat"),
        ("verb", "Book"),
    }
    assert messages[(None, "Standard page")].comments == ["Translators: the name of a page type in the admin"]
    assert messages[(None, "Standard page")].occurrences == [("app/texts.py", 6)]
    assert messages[(None, "Hello %(name)s")].flags == ["python-format"]
    assert messages[(None, "%d file")].msgid_plural == "%d files"
    assert messages[("seats", "One seat")].msgid_plural == "{count} seats"
    assert messages[("seats", "One seat")].flags == ["python-brace-format"]


def test_find_sources_skips_what_is_not_the_apps_own(sources):
    write(sources / "migrations" / "0001_initial.py", '_("Migration")\n')
    write(sources / "tests" / "test_page.py", '_("Test")\n')
    write(sources / "settings" / "base.py", '_("Setting")\n')
    write(sources / "static" / "app" / "licence.txt", "MIT\n")
    write(sources / "node_modules" / "x" / "templates" / "x.html", "{% translate 'Vendored' %}\n")

    found = {path.relative_to(sources).as_posix() for path in find_sources([sources])}

    assert found == {"templates/app/page.html", "texts.py"}


def test_one_msgid_cannot_be_both_plain_and_plural(tmp_path):
    write(tmp_path / "a.py", '_("Event")\nngettext("Event", "Events", 2)\n')

    with pytest.raises(CatalogueError, match="give one of them a context"):
        extract_messages([tmp_path / "a.py"])


def test_broken_template_is_reported_with_its_name(tmp_path):
    path = write(tmp_path / "templates" / "bad.html", "{% blocktranslate %}{% if x %}{% endblocktranslate %}")

    with pytest.raises(CatalogueError, match="bad.html"):
        extract_messages([path], root=tmp_path)


def test_merge_adds_keeps_and_obsoletes(sources, tmp_path):
    locale = tmp_path / "locale"
    messages = extract_messages([sources], root=tmp_path)
    da, en = catalogue_path(locale, "da"), catalogue_path(locale, "en")

    result = merge_catalogue(da, messages, "da")
    merge_catalogue(en, messages, "en")

    assert result.changed and len(result.added) == len(messages) == result.untranslated
    po = polib.pofile(str(da))
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert po.metadata["Language"] == "da"
    assert po.find("Skip to content").msgstr == ""
    assert po.find("Skip to content").occurrences == [("app/templates/app/page.html", "2")]
    assert "python-format" in po.find("Join us at %(title)s").flags
    en_po = polib.pofile(str(en))
    assert en_po.metadata["Language"] == "en"
    assert en_po.find("Skip to content").msgstr == "Skip to content"
    assert en_po.find("One event").msgstr_plural == {0: "One event", 1: "%(counter)s events"}

    po.find("Skip to content").msgstr = "Gå til indholdet"
    po.find("Book", msgctxt="verb").msgstr = "Book"
    po.save()
    del messages[(None, "Skip to content")]
    write(tmp_path / "extra.py", '_("A new string")\n')
    messages.update(extract_messages([tmp_path / "extra.py"], root=tmp_path))

    result = merge_catalogue(da, messages, "da")

    assert result.added == ["A new string"]
    assert result.obsoleted == ["Skip to content"]
    po = polib.pofile(str(da))
    assert po.find("Skip to content") is None
    assert po.find("Skip to content", include_obsolete_entries=True).msgstr == "Gå til indholdet"
    assert po.find("Book", msgctxt="verb").msgstr == "Book"
    # Untranslated entries that left the code are not worth keeping even as obsolete.
    assert merge_catalogue(da, messages, "da").changed is False

    messages.update(extract_messages([sources / "templates"], root=tmp_path))
    result = merge_catalogue(da, messages, "da")

    assert result.revived == ["Skip to content"]
    assert polib.pofile(str(da)).find("Skip to content").msgstr == "Gå til indholdet"


def test_check_lists_every_problem(sources, tmp_path):
    locale = tmp_path / "locale"
    messages = extract_messages([sources], root=tmp_path)

    assert any("does not exist" in problem for problem in check_catalogues(messages, locale, ["da", "en"]))

    for language in ("da", "en"):
        merge_catalogue(catalogue_path(locale, language), messages, language)
    problems = check_catalogues(messages, locale, ["da", "en"])
    assert len(problems) == len(messages)
    assert all(problem.startswith("da: ") and "has no translation" in problem for problem in problems)

    po = polib.pofile(str(catalogue_path(locale, "da")))
    for entry in po:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
    po.save()
    assert check_catalogues(messages, locale, ["da", "en"]) == []

    po.find("Join us at %(title)s").msgstr = "Vær med til %(titel)s"
    po.find("Save 50%%").msgstr = "Spar 50 %"
    po.find("Hello %(name)s").flags.append("fuzzy")
    po.find("May", msgctxt="month").msgstr = ""
    # Naming the count in the singular is fine even though the English singular does not.
    po.find("One event").msgstr_plural = {0: "%(counter)s arrangement", 1: "%(counter)s arrangementer"}
    po.save()
    write(tmp_path / "new.py", '_("Brand new")\n')
    messages.update(extract_messages([tmp_path / "new.py"], root=tmp_path))

    problems = "\n".join(check_catalogues(messages, locale, ["da", "en"]))

    assert "placeholders %(titel)s, msgid has %(title)s" in problems
    assert "lone %" in problems
    assert "'Hello %(name)s' at app/texts.py:7 is fuzzy" in problems
    assert "'May' (context 'month') at app/templates/app/page.html:3 has no translation" in problems
    assert "da: 'Brand new' at new.py:1 is missing" in problems
    assert "en: 'Brand new' at new.py:1 is missing" in problems
    assert "One event" not in problems


def test_compile_writes_a_mo_that_gettext_reads(tmp_path):
    po_path = catalogue_path(tmp_path, "da")
    po_path.parent.mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {
        "Language": "da",
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    po.append(polib.POEntry(msgid="Contact", msgstr="Kontakt"))
    po.append(polib.POEntry(msgid="May", msgctxt="month", msgstr="Maj"))
    po.append(
        polib.POEntry(
            msgid="One event",
            msgid_plural="%(counter)s events",
            msgstr_plural={0: "Ét arrangement", 1: "%(counter)s arrangementer"},
        )
    )
    po.append(polib.POEntry(msgid="Guess", msgstr="Gæt", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="Gone", msgstr="Væk", obsolete=True))
    po.append(polib.POEntry(msgid="Untranslated", msgstr=""))
    po.save(str(po_path))

    assert compile_catalogue(po_path) is True
    mo_path = po_path.with_suffix(".mo")

    assert {entry.msgid for entry in polib.mofile(str(mo_path))} == {"Contact", "May", "One event"}
    with mo_path.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    assert catalogue.info()["language"] == "da"
    assert catalogue.gettext("Contact") == "Kontakt"
    assert catalogue.pgettext("month", "May") == "Maj"
    assert catalogue.ngettext("One event", "%(counter)s events", 1) == "Ét arrangement"
    assert catalogue.ngettext("One event", "%(counter)s events", 3) == "%(counter)s arrangementer"
    # Left out, so gettext falls back to the English msgid rather than a guess or nothing.
    assert catalogue.gettext("Guess") == "Guess"
    assert catalogue.gettext("Untranslated") == "Untranslated"

    # Up to date: nothing to do. Edited: compiled again.
    assert compile_catalogues(tmp_path) == []
    stat = po_path.stat()
    os.utime(po_path, ns=(stat.st_atime_ns, mo_path.stat().st_mtime_ns + 1_000_000))
    assert compile_catalogues(tmp_path) == [po_path]


def test_django_uses_the_compiled_catalogue(settings, tmp_path, capsys):
    po = polib.POFile()
    po.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    po.append(polib.POEntry(msgid="Catalogue test greeting", msgstr="Katalogtesthilsen"))
    po_path = catalogue_path(tmp_path, "da")
    po_path.parent.mkdir(parents=True)
    po.save(str(po_path))
    settings.LOCALE_PATHS = [tmp_path]

    call_command("compile_catalogues")

    assert f"Compiled {po_path}" in capsys.readouterr().out
    with translation.override("da"):
        assert translation.gettext("Catalogue test greeting") == "Katalogtesthilsen"


def test_update_command_then_check(settings, tmp_path):
    # The real sources, merged into throwaway catalogues: the repository's own are left alone.
    settings.LOCALE_PATHS = [tmp_path]
    call_command("update_catalogues")

    with pytest.raises(CommandError, match="catalogue problem"):
        call_command("update_catalogues", "--check")

    po = polib.pofile(str(catalogue_path(tmp_path, "da")))
    assert len(po) > 0
    for entry in po:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
    po.save()
    call_command("update_catalogues", "--check")


def test_repository_catalogues_are_complete():
    """Every visitor-facing string in the code has a Danish translation in locale/da."""
    call_command("update_catalogues", "--check")
