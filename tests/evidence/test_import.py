import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from evidence.models import IndicatorValue, Unit
from tests.factories.evidence import IndicatorFactory, IndicatorValueFactory
from tests.helpers import sign_in_with_second_factor

# Wagtail's own admin templates use unset variables.
pytestmark = pytest.mark.ignore_template_errors

HEADER = "indicator,period,value,target,source,notes\n"


@pytest.fixture
def indicators(partnership):
    return [
        IndicatorFactory(partnership=partnership, code="56a", name="Re-referrals"),
        IndicatorFactory(
            partnership=partnership, code="20", name="Reviews on time", unit=Unit.PERCENT
        ),
    ]


@pytest.fixture
def staff(client, editor):
    return sign_in_with_second_factor(client, editor)


def csv_file(body, name="values.csv"):
    return SimpleUploadedFile(name, (HEADER + body).encode("utf-8"), content_type="text/csv")


def xlsx_file(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("values.xlsx", out.getvalue())


def upload(client, partnership, file):
    return client.post(reverse("evidence_import"), {"partnership": partnership.pk, "file": file})


@pytest.fixture
def confirm(django_capture_on_commit_callbacks):
    """Confirm a preview; the saving task runs (at once, in tests) and the
    progress page it leads to is returned."""

    def confirm(client, response):
        token = re.search(r'name="token" value="([^"]+)"', response.content.decode())[1]
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("evidence_import"), {"token": token})
        assert response.status_code == 302
        return client.get(response["Location"])

    return confirm


def test_a_good_csv_is_previewed_then_imported_on_confirmation(
    staff, partnership, indicators, confirm
):
    response = upload(
        staff,
        partnership,
        csv_file(
            "56a,2022-23,120,100,CSC returns,\n56a,2023/24,90,100,,\n20,2023-24 Q1,87.5%,90,,\n"
        ),
    )
    assert response.status_code == 200
    assert "Check before importing" in response.content.decode()
    assert IndicatorValue.objects.count() == 0, "nothing is saved before confirming"

    response = confirm(staff, response)
    assert "3 values imported" in response.content.decode()
    values = {(v.indicator.code, v.period): v for v in IndicatorValue.objects.all()}
    assert set(values) == {("56a", "2022-23"), ("56a", "2023-24"), ("20", "2023-24 Q1")}
    assert values[("20", "2023-24 Q1")].value == 87.5
    assert values[("56a", "2022-23")].source == "CSC returns"


def test_a_good_xlsx_is_imported_and_replaces_an_existing_period(
    staff, partnership, indicators, confirm
):
    IndicatorValueFactory(indicator=indicators[0], period="2023-24", value=1)
    file = xlsx_file(
        [
            ["indicator", "period", "value", "target", "source", "notes"],
            ["56a", "2023-24", 95, None, None, "Provisional"],
        ]
    )
    response = confirm(staff, upload(staff, partnership, file))
    assert "1 value imported" in response.content.decode()
    value = IndicatorValue.objects.get()
    assert (value.value, value.notes) == (95, "Provisional")


BAD_ROWS = [
    ("99z,2023-24,5,,,\n", "indicator", "is not one of your indicators"),
    (",2023-24,5,,,\n", "indicator", "Give the indicator"),
    ("56a,2023,5,,,\n", "period", "is not a period"),
    ("56a,2023-25,5,,,\n", "period", "must follow"),
    ("56a,2023-24,lots,,,\n", "value", "is not a number"),
    ("56a,2023-24,,,,\n", "value", "is not a number"),
    ("56a,2023-24,-3,,,\n", "value", "below nought"),
    ("56a,2023-24,5,soon,,\n", "target", "is not a number"),
    ("56a,2023-24,5.125,,,\n", "value", "at most 2 decimal places"),
    ("56a,2023-24,99999999999,,,\n", "value", "at most 2 decimal places"),
    ("56a,2023-24,5,-1,,\n", "target", "from nought"),
    ("20,2023-24,120,,,\n", "value", "cannot be over 100"),
    ("56a,2023-24,5,,," + "x" * 501 + "\n", "notes", "500 characters"),
    ("56a,2023-24,5,,,\n56a,2023/24,6,,,\n", "period", "Row 3 already gives this period"),
]


@pytest.mark.parametrize(("bad", "column", "message"), BAD_ROWS)
def test_each_kind_of_bad_row_is_reported_by_row_and_column_and_nothing_is_imported(
    staff, partnership, indicators, bad, column, message
):
    good = "56a,2021-22,100,,,\n"
    response = upload(staff, partnership, csv_file(good + bad))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was imported" in html
    row = "4" if "already gives" in message else "3"
    assert re.search(
        rf"<tr><td>{row}</td><td>{column}</td><td>[^<]*{re.escape(message)}",
        html.replace("&#x27;", "'"),
    ), html[-3000:]
    assert IndicatorValue.objects.count() == 0


def test_every_problem_in_the_file_is_reported_at_once(staff, partnership, indicators):
    response = upload(staff, partnership, csv_file("99z,2023-24,5,,,\n56a,nope,x,,,\n"))
    assert "3 problems found" in response.content.decode()


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (SimpleUploadedFile("v.csv", b"indicator,value\n56a,3\n"), "missing: period"),
        (
            SimpleUploadedFile(
                "v.csv", "indicator,period,value\n56a,2023-24,\xe9\n".encode("latin-1")
            ),
            "not UTF-8",
        ),
        (SimpleUploadedFile("v.txt", b"whatever"), "Choose a .csv or .xlsx file"),
        (SimpleUploadedFile("v.xlsx", b"not a workbook"), "not an Excel"),
        (SimpleUploadedFile("v.csv", HEADER.encode()), "no rows of values"),
    ],
)
def test_a_file_that_cannot_be_read_says_why(staff, partnership, indicators, file, message):
    response = upload(staff, partnership, file)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert IndicatorValue.objects.count() == 0


def test_a_tampered_preview_is_refused(staff, partnership, indicators):
    response = staff.post(reverse("evidence_import"), {"token": "forged:token"})
    assert response.status_code == 400
    assert IndicatorValue.objects.count() == 0


def test_another_partnerships_indicators_cannot_be_imported_into(
    staff, partnership, indicators, other_partnership
):
    IndicatorFactory(partnership=other_partnership, code="77")
    response = upload(staff, other_partnership, csv_file("77,2023-24,5,,,\n"))
    assert response.status_code == 400, "the form offers only the user's partnerships"
    response = upload(staff, partnership, csv_file("77,2023-24,5,,,\n"))
    assert "is not one of your indicators" in response.content.decode()
    assert IndicatorValue.objects.count() == 0


def test_the_templates_list_the_partnerships_indicators(staff, indicators, other_partnership):
    IndicatorFactory(partnership=other_partnership, code="not-ours")
    response = staff.get(reverse("evidence_import_template", args=["csv"]))
    text = response.content.decode()
    assert text.splitlines()[0] == TEMPLATE_HEADER
    assert "56a,Re-referrals," in text and "not-ours" not in text
    response = staff.get(reverse("evidence_import_template", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == TEMPLATE_HEADER.split(",")
    assert [c.value for c in sheet[3]][:2] == ["56a", "Re-referrals"]


TEMPLATE_HEADER = "indicator,title,period,value,target,source,notes"


def test_a_template_with_one_row_filled_in_imports_that_row_alone(
    staff, partnership, indicators, confirm
):
    """The rows the template came with, left as they were, are skipped."""
    response = staff.get(reverse("evidence_import_template", args=["xlsx"]))
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    assert sheet.max_row == 3  # the header and a row per indicator
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "56a")
    row[2].value, row[3].value = "2023-24", 80
    out = io.BytesIO()
    workbook.save(out)
    response = upload(staff, partnership, SimpleUploadedFile("values.xlsx", out.getvalue()))
    page = response.content.decode()
    assert "problem" not in page
    assert "Import 1 value" in page
    confirm(staff, response)
    [saved] = IndicatorValue.objects.all()
    assert (saved.indicator.code, saved.period, saved.value) == ("56a", "2023-24", 80)

    # The CSV template likewise; a row with a value but no period is still a problem.
    text = staff.get(reverse("evidence_import_template", args=["csv"])).content.decode()
    filled = text.replace("56a,Re-referrals,,,", "56a,Re-referrals,,75,")
    response = upload(
        staff,
        partnership,
        SimpleUploadedFile("values.csv", filled.encode(), content_type="text/csv"),
    )
    assert "1 problem found" in response.content.decode()


def test_people_without_the_permission_cannot_import(client, board_member, indicators):
    sign_in_with_second_factor(client, board_member)
    response = client.get(reverse("evidence_import"))
    assert response.status_code in (302, 403)


def test_a_file_that_goes_on_and_on_is_refused_without_reading_it_all(
    staff, partnership, indicators, monkeypatch
):
    from evidence import importer

    monkeypatch.setattr(importer, "MAX_LINES", 4)
    response = upload(staff, partnership, csv_file("56a,2023-24,5,,,\n" + "\n" * 10))
    assert response.status_code == 400
    assert "more than 4 lines" in response.content.decode()
    assert IndicatorValue.objects.count() == 0
