"""The demo stays out of the product: production does not install it and no production module imports it."""

import ast
from pathlib import Path

from tests.innovatarium.test_settings import load_settings, manage

BASE_DIR = Path(__file__).resolve().parents[2]
NOT_PRODUCTION = {"demo", "tests", "bench", "scripts"}


def production_modules():
    for package in sorted(BASE_DIR.iterdir()):
        if (package / "__init__.py").exists() and package.name not in NOT_PRODUCTION:
            yield from package.rglob("*.py")


def imports_of(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            modules.add(node.module or "")
    return modules


def test_no_production_module_imports_the_demo():
    modules = list(production_modules())
    assert any(path.parent.name == "settings" for path in modules), "the project package is looked at"
    offenders = [
        str(path.relative_to(BASE_DIR))
        for path in modules
        if any(name == "demo" or name.startswith("demo.") for name in imports_of(path))
    ]
    assert offenders == []


def test_production_settings_do_not_install_the_demo():
    code = "print('demo' in settings.INSTALLED_APPS)"
    result = load_settings(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"
    unknown = manage("load_demo")
    assert unknown.returncode != 0 and "Unknown command: 'load_demo'" in unknown.stderr


def test_development_and_test_settings_install_it():
    from django.conf import settings

    assert "demo" in settings.INSTALLED_APPS
    result = load_settings(
        "print('demo' in settings.INSTALLED_APPS)", DJANGO_SETTINGS_MODULE="innovatarium.settings.dev"
    )
    assert result.stdout.strip().splitlines()[-1] == "True", result.stderr
