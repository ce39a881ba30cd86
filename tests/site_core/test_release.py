"""A deploy never serves what the previous release cached (site_core/caching/release.py).

A publish changes the content generation; a deploy does not. What the old
code kept (whole pages, page fragments, remembered values) was made by old
templates with the old stylesheets' names, so the new release reads none of
it, while the old release, still serving during a rolling deploy, keeps
reading its own.
"""

import pytest

from site_core.caching import release as releases
from site_core.models import StandardPage
from tests.factories.site_core import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def deploy(monkeypatch):
    """Switch this process to the release named, as a new process of it would be."""

    def to(name):
        monkeypatch.setenv("RELEASE", name)
        releases.release.cache_clear()

    yield to
    releases.release.cache_clear()


def test_a_new_release_renders_afresh_what_the_old_one_cached(client, home, deploy, page_cache):
    deploy("release-1")
    page = StandardPageFactory(parent=home, title="Neglect strategy")
    assert client.get(page.url)["X-Page-Cache"] == "miss"
    assert client.get(page.url)["X-Page-Cache"] == "hit"
    # A change no publish announced: only a page made afresh shows it.
    StandardPage.objects.filter(pk=page.pk).update(title="Neglect strategy 2026")

    deploy("release-2")
    response = client.get(page.url)

    assert response["X-Page-Cache"] == "miss"
    assert "Neglect strategy 2026" in response.content.decode()


def test_the_old_release_keeps_reading_its_own_during_a_rolling_deploy(
    client, home, deploy, page_cache
):
    deploy("release-1")
    page = StandardPageFactory(parent=home, title="Neglect strategy")
    client.get(page.url)
    deploy("release-2")
    client.get(page.url)

    deploy("release-1")

    assert client.get(page.url)["X-Page-Cache"] == "hit"


def test_without_a_named_release_a_change_to_what_is_served_names_a_new_one(
    monkeypatch, settings, tmp_path
):
    monkeypatch.delenv("RELEASE", raising=False)
    settings.BASE_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "uploads"
    for name, text in {
        "templates/page.html": "<h1>{{ page.title }}</h1>",
        "static/css/site.css": "h1 { color: navy; }",
        "tests/test_page.py": "def test_page(): pass",
        "uploads/report.txt": "An editor's upload",
    }.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)

    def release_now():
        releases.release.cache_clear()
        return releases.release()

    first = release_now()
    assert release_now() == first  # the same files, the same release
    # Tests and uploads are not what a release serves.
    (tmp_path / "tests/test_page.py").write_text("def test_page(): assert True")
    (tmp_path / "uploads/report.txt").write_text("Another upload")
    assert release_now() == first
    # A template or a stylesheet is.
    (tmp_path / "static/css/site.css").write_text("h1 { color: maroon; }")
    second = release_now()
    assert second != first
    (tmp_path / "templates/page.html").write_text("<h1 class='title'>{{ page.title }}</h1>")
    assert release_now() not in (first, second)
    releases.release.cache_clear()
