"""The house by floors: which app may import which, in Python and in templates' {% load %} tags.

The rule (README, "Architecture"): the shared floor (core, staff_security) imports only Django,
Wagtail and libraries; vocabularies and people sit on it; domain apps (events, library) on those;
the outward-facing apps (search, partner_api, network) on top. Apps reach upwards only through
registries (Wagtail hooks). The project package imports apps only in urls.py and settings.
"""

import ast
import re
import tomllib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR = {"core", "staff_security"}
VOCABULARIES = FLOOR | {"taxonomy", "people"}
PAGES = VOCABULARIES | {"home"}
DOMAIN = PAGES | {"events", "library"}
MAY_IMPORT = {
    "core": set(),
    "staff_security": {"core"},
    "taxonomy": FLOOR,
    "people": FLOOR | {"taxonomy"},
    "home": FLOOR,
    "events": PAGES,
    # A resource names the events where it was made or used: the library sits above events.
    "library": PAGES | {"events"},
    # Orders and invoices sit above events: events never imports billing (issue 14).
    "billing": PAGES | {"events"},
    "search": DOMAIN | {"network"},
    "partner_api": DOMAIN,
    "network": DOMAIN,
}
APPS = set(MAY_IMPORT) | {"innovatarium"}


def python_files(app: str):
    for path in (ROOT / app).rglob("*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if "/migrations/" not in relative:
            yield relative, path


def imported_apps(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {name.split(".")[0] for name in names} & APPS
    return found


def tag_library_owners() -> dict[str, str]:
    """Each template tag library of ours, by the app that defines it."""
    return {
        path.stem: path.relative_to(ROOT).parts[0]
        for app in APPS
        for path in (ROOT / app).glob("templatetags/*.py")
        if path.stem != "__init__"
    }


def app_edges() -> dict[str, dict[str, set[str]]]:
    """app → imported app → the files that import it (Python modules and templates)."""
    edges: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for app in APPS:
        for relative, path in python_files(app):
            for other in imported_apps(path) - {app}:
                edges[app][other].add(relative)
    owners = tag_library_owners()
    for app in APPS:
        for path in (ROOT / app).rglob("templates/**/*.html"):
            for line in re.findall(r"{%\s*load\s+([^%]+)%}", path.read_text(encoding="utf-8")):
                for library in line.split():
                    other = owners.get(library)
                    if other and other != app:
                        edges[app][other].add(path.relative_to(ROOT).as_posix())
    return edges


def test_every_app_imports_only_the_floors_below_it():
    wrong = {
        f"{app} → {other}": sorted(files)
        for app, imported in app_edges().items()
        if app != "innovatarium"
        for other, files in imported.items()
        if other not in MAY_IMPORT[app]
    }
    assert wrong == {}


def test_events_never_imports_network():
    assert "network" not in app_edges()["events"]


def test_events_never_imports_billing():
    assert "billing" not in app_edges()["events"]


def test_the_project_package_imports_apps_only_in_urls_and_settings():
    # Its site-wide templates (base.html, header, footer) compose the apps' tags, like urls.py.
    importing = {
        relative for relative, path in python_files("innovatarium") if imported_apps(path) - {"innovatarium"}
    }
    assert {file for file in importing if not file.startswith("innovatarium/settings/")} == {
        "innovatarium/urls.py"
    }


def test_there_is_no_import_cycle_between_apps():
    edges = {app: set(imported) for app, imported in app_edges().items()}
    visiting, done = set(), set()

    def visit(app, path):
        assert app not in visiting, " → ".join([*path, app])
        if app in done:
            return
        visiting.add(app)
        for other in edges.get(app, ()):
            visit(other, [*path, app])
        visiting.discard(app)
        done.add(app)

    for app in APPS:
        visit(app, [])


def test_the_rules_name_every_app_of_ours():
    apps_on_disk = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps_on_disk - {"innovatarium", "demo"} == set(MAY_IMPORT)


def test_ruffs_first_party_list_names_every_app_of_ours():
    """isort sorts an import of ours among the third-party ones when ruff does not know the app."""
    from django.apps import apps

    with open(ROOT / "pyproject.toml", "rb") as file:
        first_party = set(tomllib.load(file)["tool"]["ruff"]["lint"]["isort"]["known-first-party"])
    packages = {config.name.split(".")[0]: Path(config.path) for config in apps.get_app_configs()}
    # Ours: the app's package is a folder of the repository (the virtualenv's apps are not).
    installed = {name for name, path in packages.items() if path.is_relative_to(ROOT / name)}
    on_disk = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert "demo" in installed  # the test settings install the development apps too
    assert (installed | on_disk) - first_party == set()


# What the project takes from modelsearch beyond Wagtail's documented search API (get_search_backend,
# index, query) goes through one adapter, whose contract tests pin its shape.
SEARCH_ADAPTER = "search/backends/modelsearch_adapter.py"
SEARCH_CONTRACT_TESTS = "tests/search/test_modelsearch_adapter.py"
SEARCH_INTERNALS = re.compile(r"^(modelsearch|wagtail\.search\.(models|backends\.\w+))(\.|$)")


def test_only_the_search_adapter_reaches_into_modelsearch():
    reaching = set()
    for folder in [*APPS, "demo", "bench", "tests"]:
        for path in (ROOT / folder).rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" in relative or relative in (SEARCH_ADAPTER, SEARCH_CONTRACT_TESTS):
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules = [node.module]
                else:
                    continue
                if any(SEARCH_INTERNALS.match(module) for module in modules):
                    reaching.add(relative)
    assert reaching == set()
