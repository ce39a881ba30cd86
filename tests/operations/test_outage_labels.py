"""The 500 and 503 pages label the demo's invented numbers as every other page
does, from what the snapshot recorded when it was written; 999, Childline and
a real partnership's numbers carry no label."""

import io
import json
import re

import pytest
from django.core.management import call_command

from operations import outage
from tests.factories.site_core import make_site

pytestmark = pytest.mark.django_db

LABEL = '<span class="demo-label">Demo contact</span>'


@pytest.fixture
def outage_dir(tmp_path, settings):
    settings.OUTAGE_DIR = str(tmp_path / "outage")
    return tmp_path / "outage"


def items(html):
    """Each line of the "Worried about a child?" list."""
    return re.findall(r'<li class="worried__item[^"]*">(.*?)</li>', html, re.S)


def item_with(html, text):
    (found,) = [item for item in items(html) if text in item]
    return found


def error_pages(rf, host, django_assert_num_queries):
    request = rf.get("/", HTTP_HOST=host)
    with django_assert_num_queries(0):  # as when the database is down
        return [outage.response(request, status).content.decode() for status in (503, 500)]


def test_the_demos_invented_numbers_are_labelled(demo, outage_dir, rf, django_assert_num_queries):
    call_command("write_outage_pages", stdout=io.StringIO())
    snapshot = json.loads((outage_dir / "eastsussex.localhost.json").read_text())
    assert snapshot["contacts_label"] == "Demo contact"
    for html in error_pages(rf, "eastsussex.localhost", django_assert_num_queries):
        for number in ("01632 960 101", "01632 960 102", "01632 960 103"):
            assert f"{number}</a> {LABEL}" in item_with(html, number)
        assert "demo-label" not in item_with(html, 'href="tel:999"')
        assert "demo-label" not in item_with(html, "0800 1111")  # Childline


def test_numbers_nothing_labels_carry_no_label(outage_dir, rf, django_assert_num_queries):
    """As in production, where no app registers a label."""
    make_site(hostname="localhost")
    call_command("write_outage_pages", stdout=io.StringIO())
    snapshot = json.loads((outage_dir / "localhost.json").read_text())
    assert snapshot["contacts_label"] == ""
    for html in error_pages(rf, "localhost", django_assert_num_queries):
        assert "0191 498 0000" in item_with(html, "0191 498 0000")
        assert "demo-label" not in html and "Demo contact" not in html
