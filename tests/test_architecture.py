"""The dependency rules the layout promises (README, Layout), checked on the code.

* the kernel (site_core) imports no app: apps plug into it through Wagtail
  hooks (home page features, a new partnership's pages);
* governance never imports publications (publications may refer to governance);
* evidence may import site_core, governance and publications, and none of them
  imports it (it adds to their pages through the "publication_sections" hook);
* no app's templates load another app's template tags, except publications'
  templates may load governance's;
* caching imports the kernel only, and no app imports it.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = {"site_core", "governance", "publications", "evidence", "moving_in", "demo", "caching"}
# app -> the apps it may import
ALLOWED = {
    "site_core": set(),
    "governance": {"site_core"},
    "publications": {"site_core", "governance"},
    # Evidence builds on the publications' plans and reviews; none imports it.
    "evidence": {"site_core", "governance", "publications"},
    "moving_in": {"site_core", "governance", "publications"},
    # Caching knows the kernel; every app tells it its public records through
    # a Wagtail hook ("register_public_records"), so none imports it.
    "caching": {"site_core"},
}
TAG_LIBRARIES = {
    "governance": {"governance_tags"},
    "publications": {"publication_tags", "publications_tags"},
}


def imported_apps(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in APPS:
                yield top, node.lineno


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_apps_import_only_what_they_may(app):
    breaches = []
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue  # historical, and they name other apps' migrations on purpose
        for imported, line in imported_apps(path):
            if imported != app and imported not in ALLOWED[app]:
                breaches.append(f"{path.relative_to(ROOT)}:{line} imports {imported}")
    assert not breaches, "\n".join(breaches)


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_templates_load_only_allowed_tag_libraries(app):
    folders = [ROOT / "templates" / app]
    if app == "site_core":
        folders += [ROOT / "templates" / "includes", ROOT / "templates" / "components"]
    forbidden = set().union(
        *(TAG_LIBRARIES[other] for other in TAG_LIBRARIES if other not in ALLOWED[app] | {app})
    )
    breaches = []
    for folder in folders:
        for path in sorted(folder.rglob("*.html")):
            for loaded in re.findall(r"{%\s*load\s+([^%]+)%}", path.read_text()):
                if set(loaded.split()) & forbidden:
                    breaches.append(f"{path.relative_to(ROOT)} loads {loaded.strip()}")
    base = (ROOT / "templates" / "base.html").read_text()
    if (
        app == "site_core"
        and set(" ".join(re.findall(r"{%\s*load\s+([^%]+)%}", base)).split()) & forbidden
    ):
        breaches.append("templates/base.html loads an app's tag library")
    assert not breaches, "\n".join(breaches)
