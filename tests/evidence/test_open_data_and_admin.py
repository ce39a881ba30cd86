"""Open data and the admin, each sealed to one partnership."""

import csv
import io
import json

import pytest
from django.urls import reverse

from evidence.models import IndicatorValue
from tests.factories.evidence import IndicatorFactory, IndicatorValueFactory
from tests.helpers import sign_in_with_second_factor


@pytest.fixture
def ours(partnership):
    indicator = IndicatorFactory(partnership=partnership, code="cp", name="Children on a plan")
    IndicatorValueFactory(indicator=indicator, period="2022-23", value=3)
    return IndicatorValueFactory(indicator=indicator, period="2023-24", value=120, target=100)


@pytest.fixture
def theirs(other_partnership):
    indicator = IndicatorFactory(partnership=other_partnership, code="theirs", name="Their count")
    return IndicatorValueFactory(indicator=indicator, period="2023-24", value=77)


def test_values_as_csv_with_stable_ids_and_suppression(client, ours, theirs):
    response = client.get("/open-data/evidence/values.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert [r["id"] for r in rows] == ["cp/2022-23", "cp/2023-24"]
    assert rows[0]["value"] == "" and rows[0]["suppressed"] == "True"
    assert (rows[1]["value"], rows[1]["target"], rows[1]["status"]) == ("120", "100", "met")
    assert rows[1]["label"] == "", "real data carries no demo label"


def test_indicators_as_json_for_this_site_only(client, ours, theirs):
    data = json.loads(client.get("/open-data/evidence/indicators.json").content)
    assert [i["id"] for i in data["indicators"]] == ["cp"]
    data = json.loads(
        client.get("/open-data/evidence/indicators.json", HTTP_HOST="other.localhost").content
    )
    assert [i["id"] for i in data["indicators"]] == ["theirs"]


def test_an_unknown_dataset_is_a_404(client, site):
    assert client.get("/open-data/evidence/secrets.csv").status_code == 404
    assert client.get("/open-data/evidence/values.xml").status_code == 404


pytestmark_admin = pytest.mark.ignore_template_errors


@pytestmark_admin
def test_editors_list_only_their_partnerships_values(client, editor, ours, theirs):
    sign_in_with_second_factor(client, editor)
    response = client.get(reverse("wagtailsnippets_evidence_indicatorvalue:list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "cp" in html and "theirs" not in html


@pytestmark_admin
def test_editors_cannot_open_or_edit_another_partnerships_value(client, editor, theirs):
    sign_in_with_second_factor(client, editor)
    url = reverse("wagtailsnippets_evidence_indicatorvalue:edit", args=[theirs.pk])
    assert client.get(url).status_code == 404
    response = client.post(url, {"indicator": theirs.indicator_id, "period": "2023-24", "value": 1})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.value == 77


@pytestmark_admin
def test_editors_edit_a_single_value_inline(client, editor, ours):
    sign_in_with_second_factor(client, editor)
    url = reverse("wagtailsnippets_evidence_indicatorvalue:edit", args=[ours.pk])
    response = client.post(
        url,
        {
            "indicator": ours.indicator_id,
            "period": "2023/24",
            "value": "130",
            "target": "100",
            "source": "",
            "notes": "Revised",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    ours.refresh_from_db()
    assert (ours.value, ours.notes) == (130, "Revised")


@pytestmark_admin
def test_a_value_cannot_be_added_to_another_partnerships_indicator(client, editor, theirs):
    sign_in_with_second_factor(client, editor)
    response = client.post(
        reverse("wagtailsnippets_evidence_indicatorvalue:add"),
        {"indicator": theirs.indicator_id, "period": "2021-22", "value": "5"},
    )
    assert response.status_code == 200  # the form again, with the choice refused
    assert not IndicatorValue.objects.filter(period="2021-22").exists()
