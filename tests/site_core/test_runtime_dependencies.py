"""The site runs on what `make install` puts in: no test-only package.

`make run` and a server install requirements/base.txt only. In a separate
process where the test tools cannot be imported, Django starts, passes its
checks (which import every URL, view and admin hook), and loads every
management command of the project's own apps."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Packages from the `test` extra (pyproject.toml), and the tests themselves.
TEST_ONLY = [
    "factory",
    "wagtail_factories",
    "pytest",
    "_pytest",
    "pytest_django",
    "xdist",
    "playwright",
    "axe_playwright_python",
    "moto",
    "tests",
]

START = f"""
import sys
for name in {TEST_ONLY!r}:
    sys.modules[name] = None  # `import name` now raises ImportError

import django
django.setup()
from pathlib import Path
from django.apps import apps
from django.core.management import call_command, get_commands, load_command_class

call_command("check")
ours = {{
    config.name
    for config in apps.get_app_configs()
    if Path(config.path).is_relative_to({str(ROOT)!r}) and ".venv" not in Path(config.path).parts
}}
loaded = [
    name for name, app in sorted(get_commands().items())
    if app in ours and load_command_class(app, name)
]
print("loaded", len(loaded), "commands of", sorted(ours))
"""


def test_the_site_and_its_commands_load_without_test_packages(tmp_path):
    result = subprocess.run(  # noqa: S603 - this file's own code, no shell
        [sys.executable, "-c", START],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        },
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout + result.stderr
    assert "loaded" in result.stdout
    assert "site_core" in result.stdout
