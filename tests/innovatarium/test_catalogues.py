"""The message catalogues: `makemessages --check` on a tiny project of its own, and compiling with polib."""

import io
import shutil
from contextlib import chdir

import polib
import pytest

from django.core.management import call_command
from django.core.management.base import CommandError
from django.template import Context, Template
from django.utils import translation

needs_gettext = pytest.mark.skipif(
    not all(shutil.which(name) for name in ("xgettext", "msgmerge", "msgfmt")),
    reason="GNU gettext is not installed (sudo apt-get install gettext)",
)

TEMPLATE = """\
{% load i18n %}
<h1>{% translate "Opening hours" %}</h1>
<p>{% blocktranslate with name=visitor %}Welcome, {{ name }}{% endblocktranslate %}</p>
"""
PYTHON = """\
from django.utils.translation import gettext_lazy as _

BASKET = _("Basket")
SEATS = _("{count} seats left")
"""
DANISH = {
    "Opening hours": "Åbningstider",
    "Welcome, %(name)s": "Velkommen, %(name)s",
    "Basket": "Kurv",
    "{count} seats left": "{count} pladser tilbage",
}


@pytest.fixture
def project(tmp_path, settings):
    """A project with one app, catalogues made by makemessages and the Danish filled in."""
    root = tmp_path / "site"
    (root / "shop" / "templates" / "shop").mkdir(parents=True)
    (root / "shop" / "templates" / "shop" / "page.html").write_text(TEMPLATE, encoding="utf-8")
    (root / "shop" / "labels.py").write_text(PYTHON, encoding="utf-8")
    (root / "locale").mkdir()
    settings.BASE_DIR = root
    settings.LOCALE_PATHS = [root / "locale"]
    settings.LANGUAGES = [("da", "Dansk"), ("en", "English")]
    with chdir(root):
        call_command("makemessages", verbosity=0)
    edit_danish(root, lambda entry: setattr(entry, "msgstr", DANISH[entry.msgid]))
    return root


def edit_danish(root, change):
    po = polib.pofile(str(root / "locale" / "da" / "LC_MESSAGES" / "django.po"))
    for entry in po:
        change(entry)
    po.save()


def check():
    """The problems `makemessages --check` reports, one per line; empty when it passes."""
    stderr = io.StringIO()
    try:
        call_command("makemessages", "--check", verbosity=0, stderr=stderr)
    except CommandError:
        return stderr.getvalue().splitlines() or ["(failed without saying why)"]
    return []


@needs_gettext
def test_check_passes_when_the_catalogues_match_the_code(project):
    # The control for the tests below: each of them breaks exactly one thing in this project.
    assert check() == []


@needs_gettext
def test_check_fails_for_a_string_missing_from_the_catalogues(project):
    page = project / "shop" / "templates" / "shop" / "page.html"
    page.write_text(TEMPLATE + '{% translate "Closed on Mondays" %}\n', encoding="utf-8")

    assert check() == [
        f"locale/{language}/LC_MESSAGES/django.po: 'Closed on Mondays' from shop/templates/shop/page.html "
        "is not in the catalogue"
        for language in ("da", "en")
    ]


@needs_gettext
def test_check_fails_for_a_string_no_longer_in_the_code(project):
    (project / "shop" / "labels.py").write_text(PYTHON.replace("Basket", "Shopping basket"), encoding="utf-8")

    problems = check()

    assert (
        "locale/da/LC_MESSAGES/django.po: 'Basket' from shop/labels.py is no longer in the code" in problems
    )
    assert any("'Shopping basket'" in problem and "not in the catalogue" in problem for problem in problems)


@needs_gettext
def test_check_leaves_the_working_tree_alone(project):
    (project / "shop" / "labels.py").write_text(PYTHON + '\nMORE = _("Checkout")\n', encoding="utf-8")
    before = {path: path.read_bytes() for path in project.rglob("*") if path.is_file()}

    assert check() != []

    assert {path: path.read_bytes() for path in project.rglob("*") if path.is_file()} == before


@needs_gettext
def test_check_fails_for_an_empty_danish_translation(project):
    edit_danish(
        project, lambda entry: setattr(entry, "msgstr", "" if entry.msgid == "Basket" else entry.msgstr)
    )

    assert check() == ["locale/da/LC_MESSAGES/django.po: 'Basket' from shop/labels.py has no translation"]


@needs_gettext
def test_check_fails_for_a_fuzzy_danish_translation(project):
    edit_danish(
        project, lambda entry: entry.flags.append("fuzzy") if entry.msgid == "Opening hours" else None
    )

    assert check() == [
        "locale/da/LC_MESSAGES/django.po: 'Opening hours' from shop/templates/shop/page.html is fuzzy"
    ]


@needs_gettext
@pytest.mark.parametrize(
    ("msgid", "msgstr", "complaint"),
    [
        ("Welcome, %(name)s", "Velkommen, %(navn)s", "argument 'name' doesn't exist in 'msgstr'"),
        ("{count} seats left", "{antal} pladser tilbage", "argument 'antal' doesn't exist in 'msgid'"),
    ],
)
def test_check_fails_when_placeholders_differ(project, msgid, msgstr, complaint):
    edit_danish(project, lambda entry: setattr(entry, "msgstr", msgstr) if entry.msgid == msgid else None)

    [problem] = check()

    assert problem.startswith("locale/da/LC_MESSAGES/django.po:")
    assert complaint in problem


def test_check_says_how_to_install_gettext_when_it_is_missing(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)

    with pytest.raises(CommandError, match="apt-get install gettext"):
        call_command("makemessages", "--check")


def test_compile_leaves_out_fuzzy_and_untranslated_entries(tmp_path, settings):
    po = polib.POFile()
    po.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    po.append(polib.POEntry(msgid="Catalogue test: opening hours", msgstr="Katalogtest: åbningstider"))
    po.append(polib.POEntry(msgid="Catalogue test: basket", msgstr="Katalogtest: kurv?", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="Catalogue test: checkout", msgstr=""))
    (tmp_path / "da" / "LC_MESSAGES").mkdir(parents=True)
    po.save(str(tmp_path / "da" / "LC_MESSAGES" / "django.po"))
    settings.LOCALE_PATHS = [tmp_path]

    call_command("compile_catalogues", verbosity=0)

    assert (tmp_path / "da" / "LC_MESSAGES" / "django.mo").exists()
    with translation.override("da"):
        assert translation.gettext("Catalogue test: opening hours") == "Katalogtest: åbningstider"
        assert translation.gettext("Catalogue test: basket") == "Catalogue test: basket"
        assert translation.gettext("Catalogue test: checkout") == "Catalogue test: checkout"


def test_the_compiled_catalogues_speak_danish_and_english():
    call_command("compile_catalogues", verbosity=0)
    template = Template(
        "{% load i18n %}{% translate 'Skip to content' %} / "
        "{% blocktranslate count counter=3 %}{{ counter }} seat is free.{% plural %}"
        "{{ counter }} seats are free.{% endblocktranslate %}"
    )

    with translation.override("da"):
        assert template.render(Context()) == "Spring til indhold / 3 pladser er ledige."
    # English is not the default language, and an empty English msgstr must show the msgid, not Danish.
    with translation.override("en"):
        assert template.render(Context()) == "Skip to content / 3 seats are free."
