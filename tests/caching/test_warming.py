"""Warming (caching/warming.py): after a change, the changed site's home page,
its menu pages and the changed page are rendered again, so the first reader
finds their fragments ready; through the edge when EDGE_URL names it."""

from types import SimpleNamespace

import pytest
import requests

from site_core.models import HomePage, Navigation, NavigationLink
from tests.factories.site_core import StandardPageFactory

from .conftest import OTHER, main

pytestmark = pytest.mark.django_db


@pytest.fixture
def warming(settings):
    settings.WARM_AFTER_CHANGE = True


def test_after_a_publish_the_home_page_is_ready_before_anyone_asks(
    client, home, warming, django_capture_on_commit_callbacks
):
    page = StandardPageFactory(parent=home, title="Neglect strategy", show_in_menus=True)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    # Rendered by the warming, not by a reader: a change behind the cache's back
    # is not seen, as it would be had the first reader rendered it.
    HomePage.objects.filter(pk=home.pk).update(introduction="Written behind its back")
    body = main(client, "/")
    assert "Neglect strategy" in body
    assert "Written behind its back" not in body


def test_the_changed_page_and_the_menu_pages_are_warmed_through_the_edge(
    home, other_home, warming, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.EDGE_URL = "http://127.0.0.1:6081"
    asked = []

    def get(url, headers, timeout):
        asked.append((url, headers["Host"]))
        return SimpleNamespace(status_code=200)

    monkeypatch.setattr(requests, "get", get)
    contact = StandardPageFactory(parent=home, title="Contact us", slug="contact")
    NavigationLink.objects.create(
        navigation=Navigation.objects.get(site=home.get_site()), page=contact
    )
    page = StandardPageFactory(parent=home, title="Threshold guidance", slug="thresholds")
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert sorted(asked) == [
        ("http://127.0.0.1:6081/", "localhost"),
        ("http://127.0.0.1:6081/contact/", "localhost"),
        ("http://127.0.0.1:6081/thresholds/", "localhost"),
    ]
    assert not any(host == OTHER for _url, host in asked)  # another partnership's: untouched


def test_without_warming_the_first_reader_renders_afresh(
    client, home, django_capture_on_commit_callbacks
):
    page = StandardPageFactory(parent=home, title="Neglect strategy", show_in_menus=True)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    HomePage.objects.filter(pk=home.pk).update(introduction="Written behind its back")
    assert "Written behind its back" in main(client, "/")
