"""The demo's evidence: the seeds' figures for their years, unlabelled; the
invented values labelled illustrative on the page and in the open data."""

import csv
import io

from django.contrib.contenttypes.models import ContentType

from demo.models import Illustrative
from evidence.models import IndicatorValue


def test_seed_figures_are_entered_for_their_year_and_invented_ones_are_marked(client, demo):
    seeds = {
        (v.partnership.short_name, v.indicator.code): v.value
        for v in IndicatorValue.objects.filter(period="2022-23")
    }
    assert seeds[("SSCP", "training-places-booked")] == 1933
    assert seeds[("SSCP", "training-sessions")] == 100
    assert seeds[("STSCP", "rapid-reviews")] == 3
    marked = set(
        Illustrative.objects.filter(
            content_type=ContentType.objects.get_for_model(IndicatorValue)
        ).values_list("object_id", flat=True)
    )
    assert not {v.pk for v in IndicatorValue.objects.filter(period="2022-23")} & marked
    invented = IndicatorValue.objects.filter(indicator__plan_indicator__isnull=False)
    assert invented.exists() and {v.pk for v in invented} <= marked

    html = client.get("/publications/indicators/indicators/19/", HTTP_HOST="127.0.0.1")
    assert "Illustrative" in html.content.decode()
    rows = csv.DictReader(
        io.StringIO(
            client.get("/open-data/evidence/values.csv", HTTP_HOST="127.0.0.1").content.decode()
        )
    )
    labels = {row["id"]: row["label"] for row in rows}
    assert labels["training-places-booked/2022-23"] == ""
    assert labels["19/2018-19"] == "Demo indicator value"


def test_the_annual_report_shows_the_figure_from_its_indicator(client, demo):
    html = client.get("/publications/annual-report-2022-23/", HTTP_HOST="127.0.0.1").content
    assert "Compared with the year before" in html.decode()
