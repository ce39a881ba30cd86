"""Production installs nothing of the demo: not the app, and no production
module needs it. Each check runs in a fresh interpreter under the production
settings, as a deployment would."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "production-settings-test-" + "k" * 40,
    "ALLOWED_HOSTS": "partnership.example.org",
}


def run_python(code):
    result = subprocess.run(  # noqa: S603 - our own interpreter, our own code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=PRODUCTION_ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_settings_do_not_install_the_demo_app():
    apps = run_python(
        "import json; from config.settings import production; "
        "print(json.dumps(production.INSTALLED_APPS))"
    )
    assert "demo" not in apps
    assert not [app for app in apps if app.startswith("demo.")]


# Factories are test code (they draw PDFs with the demo's fpdf2); settings
# modules are checked above, and dev/test name the demo app on purpose.
SKIP = (".factories", "config.settings.")

IMPORT_EVERYTHING_WITHOUT_DEMO = f"""
import importlib, json, pkgutil, sys
sys.modules["demo"] = None  # any `import demo...` now raises ImportError
import django
django.setup()
imported = []
importlib.import_module("config.urls")
imported.append("config.urls")
for app in ("site_core", "governance", "publications"):
    package = importlib.import_module(app)
    for module in pkgutil.walk_packages(package.__path__, app + "."):
        if any(part in module.name for part in {SKIP!r}):
            continue
        importlib.import_module(module.name)
        imported.append(module.name)
print(json.dumps(imported))
"""


def test_every_production_module_imports_without_the_demo_app():
    imported = run_python(IMPORT_EVERYTHING_WITHOUT_DEMO)
    # The walk really went through the apps, their commands and migrations.
    for name in (
        "config.urls",
        "site_core.management.commands.make_renditions",
        "governance.wagtail_hooks",
        "governance.migrations.0006_remove_person_is_demo",
        "publications.models",
    ):
        assert name in imported
