"""Indicators from a spreadsheet: every row checked, nothing saved while any
row is wrong, each problem by row and column; a good file makes a new draft
that readers see only once it is published; another partnership's staff are
refused."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from site_core.roles import Role
from tests.factories.thresholds import ThresholdGuidePageFactory, four_levels, some_indicators
from thresholds.models import ThresholdGuidePage

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]


@pytest.fixture(autouse=True)
def _admin_templates(invalid_template_variables_as_in_production):
    pass


@pytest.fixture
def guide(home):
    return ThresholdGuidePageFactory(
        parent=home, slug="thresholds", levels=four_levels(), indicators=some_indicators()
    )


def csv_file(text, name="indicators.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def latest(guide):
    return ThresholdGuidePage.objects.get(pk=guide.pk).get_latest_revision_as_object()


def url(guide):
    return f"/admin/thresholds/{guide.pk}/spreadsheet/"


GOOD = (
    "level,area_of_need,indicator\n"
    "1,Health,Registered with a GP\n"
    "Early help,Education,Often late for school\n"
    "4,Safety,Disclosed abuse\n"
)


def test_good_rows_make_a_new_draft_not_yet_public(client, guide, editor, login_as):
    login_as(client, editor)
    response = client.post(url(guide), {"file": csv_file(GOOD)})
    assert response.status_code == 302
    draft = latest(guide)
    assert [(i.level_number, i.area, i.text) for i in draft.indicators.all()] == [
        (1, "Health", "Registered with a GP"),
        (2, "Education", "Often late for school"),
        (4, "Safety", "Disclosed abuse"),
    ]
    # Readers still see the published guide until an Approver publishes the draft.
    client.logout()
    public = client.get("/thresholds/search/", {"q": "late for school"}).content.decode()
    assert "No indicator matches" in public
    draft.get_latest_revision().publish()
    public = client.get("/thresholds/search/", {"q": "late for school"}).content.decode()
    assert "Often late for school" in public


def test_an_excel_file_is_read_too(client, guide, editor, login_as):
    book = Workbook()
    sheet = book.active
    sheet.append(["Level", "Area of need", "Indicator"])
    sheet.append([3, "Family and environment", "Domestic abuse at home"])
    data = io.BytesIO()
    book.save(data)
    login_as(client, editor)
    upload = SimpleUploadedFile("indicators.xlsx", data.getvalue())
    assert client.post(url(guide), {"file": upload}).status_code == 302
    draft = latest(guide)
    assert [i.text for i in draft.indicators.all()] == ["Domestic abuse at home"]


def test_one_bad_row_saves_nothing_and_each_problem_is_named(client, guide, editor, login_as):
    revisions = guide.revisions.count()
    login_as(client, editor)
    bad = GOOD + "7,Health,No such level\n,Health,No level at all\n2,,\n"
    response = client.post(url(guide), {"file": csv_file(bad)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was imported: 4 problems to fix in the file." in html
    assert "Row 5, column “level”: “7” is not one of the guide" in html
    assert "Row 6, column “level”: give the level" in html
    assert "Row 7, column “area_of_need”: say which area of need." in html
    assert "Row 7, column “indicator”: write the indicator." in html
    assert guide.revisions.count() == revisions
    draft = latest(guide)
    assert len(draft.indicators.all()) == len(some_indicators())


def test_a_file_without_the_columns_or_of_another_kind_is_refused(client, guide, editor, login_as):
    login_as(client, editor)
    response = client.post(url(guide), {"file": csv_file("level,words\n1,x\n")})
    assert "Row 1, column “area_of_need”: this column is missing" in response.content.decode()
    response = client.post(url(guide), {"file": csv_file("x", name="notes.txt")})
    assert "Upload a .csv or .xlsx file." in response.content.decode()


def test_the_current_indicators_download_as_csv(client, guide, editor, login_as):
    login_as(client, editor)
    response = client.get(url(guide), {"download": "1"})
    lines = response.content.decode().splitlines()
    assert lines[0] == "level,area_of_need,indicator"
    assert "3,Family and environment,Parental substance misuse" in lines


def test_another_partnerships_staff_are_refused(
    client, guide, make_user, other_partnership, login_as
):
    outsider = make_user("olly", Role.EDITORS, Role.APPROVERS, partnership=other_partnership)
    login_as(client, outsider)
    revisions = guide.revisions.count()
    # Wagtail's admin answers a refusal by sending the user back to the dashboard.
    for response in (
        client.get(url(guide)),
        client.post(url(guide), {"file": csv_file(GOOD)}),
        client.get(url(guide), {"download": "1"}),
    ):
        assert response.status_code in (302, 403)
        assert "Parental substance misuse" not in response.content.decode()
        if response.status_code == 302:
            assert response["Location"] == "/admin/"
    assert guide.revisions.count() == revisions
    assert "Registered with a GP" not in [i.text for i in latest(guide).indicators.all()]


def test_a_reader_who_is_not_signed_in_is_sent_to_sign_in(client, guide):
    response = client.get(url(guide))
    assert response.status_code == 302 and "/login/" in response["Location"]
