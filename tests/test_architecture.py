"""The dependency rules the layout promises (docs/architecture.md), checked on the code.

* no import circle between first-party modules, counting the imports made
  inside functions: a circle hidden in a function still ties its modules together;
* a first-party import inside a function only where Django requires it, with
  the reason in a comment directly above it that starts ``# Imported here:``;
* the kernel (site_core) imports no app and names none, not even in a string
  such as ``"governance.Body"``: apps plug into it through Wagtail hooks;
* sign-in (accounts) and operations each build on the kernel alone, and
  neither imports the other; the domain apps may use sign-in's gate
  (``accounts.second_factor.members_only``) and rate limits;
* governance never imports publications (publications may refer to governance);
* evidence may import site_core, governance and publications, and none of them
  imports it (it adds to their pages through the "publication_sections" hook);
* no app's templates load another app's template tags, except publications'
  templates may load governance's;
* caching imports the kernel only, and no app imports it: every app tells it
  its public records through a Wagtail hook ("register_public_records").

The apps are read from the repository: every top-level package with an
``apps.py``. The first-party code is every top-level package (the apps,
``config``, ``benchmarks``) outside its migrations; the tests are not part of it.
"""

import ast
import re
from collections import defaultdict, deque
from itertools import pairwise
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KERNEL = "site_core"
APPS = sorted(path.parent.name for path in ROOT.glob("*/apps.py"))
PACKAGES = sorted(
    path.parent.name for path in ROOT.glob("*/__init__.py") if path.parent.name != "tests"
)
# app -> the apps it may import (the kernel imports none)
ALLOWED = {
    KERNEL: set(),
    # Sign-in and operations: the kernel only, and never each other.
    "accounts": {KERNEL},
    "operations": {KERNEL},
    "governance": {KERNEL, "accounts"},
    "publications": {KERNEL, "accounts", "governance"},
    # Evidence builds on the publications' plans and reviews; none imports it.
    "evidence": {KERNEL, "accounts", "governance", "publications"},
    "moving_in": {KERNEL, "governance", "publications"},
    # The doors list young people's versions of reports; none imports doors.
    "doors": {KERNEL, "publications"},
    # A threshold guide names the governance body that approved it and reuses
    # the spreadsheet reader of publications; none imports thresholds.
    "thresholds": {KERNEL, "governance", "publications"},
    # Training books the partnership's agencies (governance), tags courses
    # with the shared topics (publications) and writes its yearly figures
    # into the evidence; none imports it.
    "training": {KERNEL, "accounts", "governance", "publications", "evidence"},
    # Consultations build on the publications (an annual report's "voice of
    # children and families" section, through the "publication_sections" hook)
    # and the evidence (its small-number threshold, indicators a consultation
    # changed); none imports them.
    "consultations": {KERNEL, "accounts", "governance", "publications", "evidence"},
    # Caching knows the kernel; every app tells it its public records through
    # a Wagtail hook ("register_public_records"), so none imports it.
    "caching": {KERNEL},
}
TAG_LIBRARIES = {
    "governance": {"governance_tags"},
    "publications": {"publication_tags", "publications_tags"},
}
REASON = "# Imported here:"
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


class Module:
    """One first-party .py file; a package's ``__init__.py`` is the package."""

    def __init__(self, path, root=ROOT):
        self.path = path.relative_to(root)
        parts = list(self.path.with_suffix("").parts)
        self.is_package = parts[-1] == "__init__"
        if self.is_package:
            parts.pop()
        self.name = ".".join(parts)
        self.source = path.read_text()
        self.tree = ast.parse(self.source, filename=str(path))

    def imports(self):
        """Yield (import statement, whether it runs inside a function)."""

        def visit(node, in_function):
            for child in ast.iter_child_nodes(node):
                nested = in_function or isinstance(child, FUNCTIONS)
                if isinstance(child, ast.Import | ast.ImportFrom):
                    yield child, nested
                yield from visit(child, nested)

        yield from visit(self.tree, False)

    def targets(self, node, modules):
        """The first-party modules an import statement loads.

        ``from x import y`` loads the module ``x.y`` when ``y`` is a submodule,
        the module ``x`` otherwise; relative imports are resolved first.
        """
        if isinstance(node, ast.Import):
            return {alias.name for alias in node.names if alias.name in modules}
        base = node.module
        if node.level:
            package = self.name.split(".") if self.is_package else self.name.split(".")[:-1]
            base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
        found = set()
        for alias in node.names:
            if f"{base}.{alias.name}" in modules:
                found.add(f"{base}.{alias.name}")
            elif base in modules:
                found.add(base)
        return found

    def where(self, node):
        return f"{self.path}:{node.lineno}"


def load_modules(root, packages):
    return {
        module.name: module
        for package in packages
        for path in sorted((root / package).rglob("*.py"))
        if "migrations" not in path.relative_to(root).parts
        for module in [Module(path, root)]
    }


def import_graph(modules):
    """module -> {module it imports: where}."""
    graph = defaultdict(dict)
    for module in modules.values():
        for node, _ in module.imports():
            for target in sorted(module.targets(node, modules) - {module.name}):
                graph[module.name].setdefault(target, module.where(node))
    return graph


def circles(graph):
    """The strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def connect(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in graph.get(node, ()):
            if successor not in index:
                connect(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = set()
            while node not in component:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return sorted(found)


def chain(component, graph):
    """The shortest circle through a component's first module, as a readable chain."""
    start, members = component[0], set(component)
    previous = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for successor in sorted(graph.get(node, ())):
            if successor == start:
                path = [node]
                while previous[path[0]] is not None:
                    path.insert(0, previous[path[0]])
                path.append(start)
                return start + "".join(
                    f" → {there} ({graph[here][there]})" for here, there in pairwise(path)
                )
            if successor in members and successor not in previous:
                previous[successor] = node
                queue.append(successor)
    raise AssertionError(f"{component} is not a circle")


def unexplained_late_imports(module, modules):
    """First-party imports inside a function with no ``# Imported here:`` comment above.

    One comment may explain a run of imports that follow it directly.
    """
    lines = module.source.splitlines()
    import_lines = set()
    for node, _ in module.imports():
        import_lines.update(range(node.lineno, node.end_lineno + 1))
    for node, in_function in module.imports():
        if not in_function or not module.targets(node, modules):
            continue
        line = node.lineno - 1
        while line > 0 and (line in import_lines or lines[line - 1].lstrip().startswith("#")):
            text = lines[line - 1].strip()
            if text.startswith(REASON) and text[len(REASON) :].strip():
                break
            line -= 1
        else:
            yield module.where(node)


def top_package(name):
    return name.split(".")[0]


MODULES = load_modules(ROOT, PACKAGES)
GRAPH = import_graph(MODULES)
CIRCLES = circles(GRAPH)


# -- the detector, on made-up code ------------------------------------------


def test_the_detector_finds_a_circle_and_names_it():
    graph = {"a": {"b": "a.py:3"}, "b": {"c": "b.py:5"}, "c": {"a": "c.py:7"}, "d": {"a": ""}}
    assert circles(graph) == [["a", "b", "c"]]
    assert chain(["a", "b", "c"], graph) == "a → b (a.py:3) → c (b.py:5) → a (c.py:7)"
    assert circles({"a": {"b": "a.py:1"}, "b": {}}) == []


def test_the_detector_follows_late_relative_and_submodule_imports(tmp_path):
    shop = tmp_path / "shop"
    (shop / "views").mkdir(parents=True)
    (shop / "__init__.py").write_text("")
    (shop / "views" / "__init__.py").write_text("")
    (shop / "views" / "pages.py").write_text("from shop import models\n")
    (shop / "models.py").write_text("def f():\n    from .views import pages\n")
    modules = load_modules(tmp_path, ["shop"])
    assert circles(import_graph(modules)) == [["shop.models", "shop.views.pages"]]
    assert list(unexplained_late_imports(modules["shop.models"], modules)) == ["shop/models.py:2"]

    (shop / "models.py").write_text(
        "def f():\n    # Imported here: a reason.\n    from .views import pages\n"
    )
    modules = load_modules(tmp_path, ["shop"])
    assert list(unexplained_late_imports(modules["shop.models"], modules)) == []


# -- the rules ----------------------------------------------------------------


def test_the_apps_are_read_from_the_repository():
    assert KERNEL in APPS
    assert set(ALLOWED) <= set(APPS)


@pytest.mark.parametrize("package", PACKAGES)
def test_no_import_circle(package):
    """Each circle is reported under every package it passes through."""
    found = [
        chain(component, GRAPH)
        for component in CIRCLES
        if package in {top_package(member) for member in component}
    ]
    assert not found, "import circles:\n" + "\n".join(found)


@pytest.mark.parametrize("package", PACKAGES)
def test_first_party_imports_inside_functions_give_their_reason(package):
    found = [
        where
        for module in MODULES.values()
        if top_package(module.name) == package
        for where in unexplained_late_imports(module, MODULES)
    ]
    assert not found, (
        f"first-party imports inside a function with no '{REASON} <why>' comment above:\n"
        + "\n".join(found)
    )


def test_the_kernel_names_no_app():
    others = "|".join(re.escape(app) for app in APPS if app != KERNEL)
    names_an_app = re.compile(rf"^({others})([.:/]|$)")
    breaches = [
        f"{module.path}:{node.lineno} names {node.value!r}"
        for module in MODULES.values()
        if top_package(module.name) == KERNEL
        for node in ast.walk(module.tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and names_an_app.match(node.value)
    ]
    assert not breaches, "\n".join(breaches)


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_apps_import_only_what_they_may(app):
    breaches = []
    for module in MODULES.values():
        if top_package(module.name) != app:
            continue
        for node, _ in module.imports():
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""] * (node.level == 0)
            )
            for imported in {top_package(name) for name in names}:
                if imported in APPS and imported != app and imported not in ALLOWED[app]:
                    breaches.append(f"{module.where(node)} imports {imported}")
    assert not breaches, "\n".join(breaches)


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_templates_load_only_allowed_tag_libraries(app):
    folders = [ROOT / "templates" / app]
    if app == KERNEL:
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
        app == KERNEL
        and set(" ".join(re.findall(r"{%\s*load\s+([^%]+)%}", base)).split()) & forbidden
    ):
        breaches.append("templates/base.html loads an app's tag library")
    assert not breaches, "\n".join(breaches)
