"""Editing a plan at scale: an activity's project is chosen from the plan's
own projects, not typed; indicators and activities are replaced in bulk from a
spreadsheet, checked row by row, into a draft."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from publications.models import PlanActivity, PlanOutcome, PlanPage, PlanProject
from site_core.models import Partnership
from site_core.roles import Role
from tests.factories.publications import PlanPageFactory, PublicationIndexPageFactory
from tests.factories.site_core import make_site
from tests.helpers import role_group

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]


@pytest.fixture(autouse=True)
def _admin_templates(invalid_template_variables_as_in_production):
    pass


@pytest.fixture
def plan(index):
    plan = PlanPageFactory(
        parent=index,
        title="Business plan",
        outcomes=[PlanOutcome(number=1, title="Early help")],
        projects=[
            PlanProject(theme_number=6, reference="6.4", title="Neglect toolkit refresh"),
            PlanProject(theme_number=6, reference="6.5", title="Exploitation pathway"),
        ],
        activities=[PlanActivity(project_reference="6.4", description="Train practitioners")],
    )
    PlanPageFactory(
        parent=index,
        title="Another plan",
        projects=[PlanProject(theme_number=1, reference="9.9", title="Somebody else's project")],
    )
    return plan


def test_an_activitys_project_is_chosen_from_the_plans_own_projects(admin_client, plan):
    html = admin_client.get(f"/admin/pages/{plan.pk}/edit/").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    select = soup.select_one("select[name=activities-0-project_reference]")
    assert select is not None, "the project is typed, not chosen"
    options = {option["value"]: option.get_text() for option in select.find_all("option")}
    assert options["6.4"] == "6.4: Neglect toolkit refresh"
    assert "6.5" in options
    assert "9.9" not in options
    assert select.find("option", selected=True)["value"] == "6.4"
    # The blank row for a new activity offers the same list.
    template = soup.select_one("#id_activities-EMPTY_FORM_TEMPLATE")
    assert template is not None and "6.5: Exploitation pathway" in template.decode_contents()


def upload(client, plan, table, name, content):
    return client.post(
        f"/admin/plans/{plan.pk}/spreadsheet/",
        {"table": table, "file": SimpleUploadedFile(name, content)},
    )


def latest(plan):
    return PlanPage.objects.get(pk=plan.pk).get_latest_revision_as_object()


def test_a_good_csv_replaces_the_activities_in_a_draft(admin_client, plan):
    csv = (
        "project_reference,description,due,status,delay_reason\n"
        "6.4,Train practitioners,2019-03,complete,\n"
        "6.5,Map exploitation pathway,31/07/2019,Delayed,Waiting for police data\n"
        "6.5,Audit cases,,on track,\n"
    )
    response = upload(admin_client, plan, "activities", "activities.csv", csv.encode())
    assert response.status_code == 302
    draft = latest(plan)
    rows = [(a.project_reference, a.description, a.status) for a in draft.activities.all()]
    assert rows == [
        ("6.4", "Train practitioners", "complete"),
        ("6.5", "Map exploitation pathway", "delayed"),
        ("6.5", "Audit cases", "on_track"),
    ]
    # Published content is unchanged until the draft is approved.
    assert PlanActivity.objects.filter(page=plan).count() == 1


def test_a_file_with_any_bad_row_imports_nothing_and_names_each_problem(admin_client, plan):
    csv = (
        "project_reference,description,due,status,delay_reason\n"
        "6.4,Fine row,2019-03,complete,\n"
        "9.9,Someone else's project,2019-03,complete,\n"
        "6.4,Late,soon,delayed,\n"
    )
    response = upload(admin_client, plan, "activities", "activities.csv", csv.encode())
    assert response.status_code == 200
    text = BeautifulSoup(response.content, "html.parser").get_text(" ")
    assert "Nothing was imported" in text
    assert "Row 3, column “project_reference”: the plan has no project 9.9" in text
    assert "Row 4, column “due”" in text
    assert "Row 4, column “delay_reason”: say why the activity is delayed" in text
    assert [a.description for a in latest(plan).activities.all()] == ["Train practitioners"]


def test_indicators_from_an_excel_file(admin_client, plan):
    book = Workbook()
    sheet = book.active
    sheet.append(["outcome_number", "number", "description"])
    sheet.append([1, "56a", "Children seen within 10 days"])
    sheet.append([2, "56b", "An outcome the plan lacks"])
    sheet.append([1, "56a", "The same number again"])
    content = io.BytesIO()
    book.save(content)
    response = upload(admin_client, plan, "indicators", "indicators.xlsx", content.getvalue())
    text = BeautifulSoup(response.content, "html.parser").get_text(" ")
    assert "Row 3, column “outcome_number”: the plan has no outcome 2" in text
    assert "Row 4, column “number”: indicator 56a is also on row 2" in text
    assert not latest(plan).indicators.exists()

    sheet.delete_rows(3, 2)
    content = io.BytesIO()
    book.save(content)
    response = upload(admin_client, plan, "indicators", "indicators.xlsx", content.getvalue())
    assert response.status_code == 302
    assert [i.number for i in latest(plan).indicators.all()] == ["56a"]


def test_the_current_rows_download_as_csv(admin_client, plan):
    response = admin_client.get(f"/admin/plans/{plan.pk}/spreadsheet/?download=activities")
    assert response["Content-Type"] == "text/csv"
    assert "6.4,Train practitioners" in response.content.decode()


def test_another_partnerships_editor_cannot_open_the_spreadsheet(
    client, login_as, django_user_model, plan
):
    other_site = make_site(hostname="other.localhost", default=False, title="Other home")
    PublicationIndexPageFactory(parent=other_site.root_page)
    outsider = django_user_model.objects.create_user("otto")
    outsider.groups.add(role_group(Role.EDITORS, Partnership.for_site(other_site)))
    login_as(client, outsider)
    # Wagtail answers a refusal in the admin with a redirect to the dashboard.
    refused = (302, 403)
    assert client.get(f"/admin/plans/{plan.pk}/spreadsheet/").status_code in refused
    download = client.get(f"/admin/plans/{plan.pk}/spreadsheet/?download=indicators")
    assert download.status_code in refused
    assert "text/csv" not in download.get("Content-Type", "")
    assert upload(client, plan, "activities", "a.csv", b"x").status_code in refused
