"""The site's own admin pages are headed by their own titles, not "Home"
(Wagtail shows the breadcrumbs as the visible heading)."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from evidence.models import ValuesImport
from moving_in.models import ImportRun

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]


def heading(response):
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    crumbs = [li.get_text(" ", strip=True) for li in soup.select("nav[aria-label] ol li")]
    return crumbs[-1] if crumbs else ""


def test_each_of_the_sites_admin_pages_is_headed_by_its_title(
    admin_client, partnership, admin_user
):
    run = ImportRun.objects.create(partnership=partnership, source_name="annual-reports.zip")
    job = ValuesImport.objects.create(
        partnership=partnership, started_by=admin_user, file_name="values.csv"
    )
    expected = {
        reverse("moving_in:index"): "Import publications",
        reverse("moving_in:run", args=[run.pk]): "Import report",
        reverse("moving_in:accessibility"): "Document accessibility",
        reverse("evidence_import"): "Import indicator values",
        reverse("evidence_import_progress", args=[job.pk]): "Import indicator values",
        reverse("site_core_editors_guide"): "Editors' guide",
    }
    for url, title in expected.items():
        shown = heading(admin_client.get(url))
        assert shown.startswith(title), (url, shown)
