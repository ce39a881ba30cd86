"""Editing a plan at scale: the page editor carries the plan's outline only and
links to its projects, indicators and activities, which are edited one at a
time (an activity's project chosen from the plan's own projects), indicators
and activities also replaced in bulk from a spreadsheet checked row by row.
They are live rows outside the page's revisions, so publishing a page revision
never undoes them."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from wagtail.models import PageLogEntry

from evidence.models import Indicator
from publications.models import (
    PlanActivity,
    PlanIndicator,
    PlanOutcome,
    PlanPage,
    PlanProject,
    PlanTheme,
)
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
        themes=[PlanTheme(number=6, title="Neglect")],
        indicators=[PlanIndicator(outcome_number=1, number="56a", description="Seen in 10 days")],
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
        activities=[PlanActivity(project_reference="9.9", description="Not this plan's")],
    )
    return plan


@pytest.fixture
def elsewhere_board():
    """A board of another partnership: never one this plan's projects may name."""
    from governance.models import Body

    other_site = make_site(hostname="elsewhere.localhost", default=False, title="Elsewhere")
    return Body.objects.create(
        partnership=Partnership.for_site(other_site), name="Elsewhere Board", slug="eb"
    )


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_the_plan_editor_links_to_its_rows_and_says_how_many(admin_client, plan):
    page = soup(admin_client.get(f"/admin/pages/{plan.pk}/edit/"))
    link = page.select_one("[data-plan-rows-panel] a")
    assert link.get_text(strip=True) == "Edit the 2 projects, 1 indicator and 1 activity"
    assert link["href"] == f"/admin/plans/{plan.pk}/rows/"
    assert "not undone by publishing" in page.select_one("[data-plan-rows-panel]").get_text()
    # The rows are no longer hundreds of inline forms of the page editor.
    assert page.select_one("[name^=indicators-]") is None
    assert page.select_one("[name^=activities-]") is None
    assert page.select_one("[name^=projects-]") is None


def test_the_rows_page_lists_this_plans_indicators_and_activities(admin_client, plan):
    page = soup(admin_client.get(f"/admin/plans/{plan.pk}/rows/"))
    assert "1 indicator" in page.select_one("#indicators-heading").get_text()
    assert "Seen in 10 days" in page.select_one("[data-plan-indicators]").get_text()
    activities = page.select_one("[data-plan-activities]").get_text()
    assert "Train practitioners" in activities
    assert "Not this plan's" not in activities


def test_an_activitys_project_is_chosen_from_the_plans_own_projects(admin_client, plan):
    activity = plan.activities.get()
    page = soup(admin_client.get(f"/admin/plans/{plan.pk}/activities/{activity.pk}/"))
    select = page.select_one("select[name=project_reference]")
    assert select is not None, "the project is typed, not chosen"
    options = {option["value"]: option.get_text() for option in select.find_all("option")}
    assert options["6.4"] == "6.4: Neglect toolkit refresh"
    assert "6.5" in options
    assert "9.9" not in options
    assert select.find("option", selected=True)["value"] == "6.4"
    # A new activity offers the same list.
    new = soup(admin_client.get(f"/admin/plans/{plan.pk}/activities/add/"))
    assert "6.5: Exploitation pathway" in new.select_one("select[name=project_reference]").text


def test_editing_an_indicator_saves_it_at_once_and_records_it(admin_client, plan):
    indicator = plan.indicators.get()
    response = admin_client.post(
        f"/admin/plans/{plan.pk}/indicators/{indicator.pk}/",
        {"outcome_number": "1", "number": "56a", "description": "Seen within 7 days"},
    )
    assert response.status_code == 302
    assert PlanIndicator.objects.get(pk=indicator.pk).description == "Seen within 7 days"
    entry = PageLogEntry.objects.filter(page=plan, action="publications.plan_row").get()
    assert entry.message == "Indicator 56a edited"
    listing = admin_client.get(response["Location"], follow=True)
    assert "Seen within 7 days" in listing.content.decode()


def test_adding_an_activity_that_is_delayed_needs_a_reason_and_keeps_what_was_typed(
    admin_client, plan
):
    url = f"/admin/plans/{plan.pk}/activities/add/"
    data = {
        "project_reference": "6.5",
        "description": "Map the pathway",
        "due": "2019-07-31",
        "status": "delayed",
        "delay_reason": "",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    page = soup(response)
    assert "Say why this activity is delayed" in page.get_text()
    typed = page.select_one("form [name=description]")
    assert (typed.get("value") or typed.get_text()) == "Map the pathway"
    assert plan.activities.count() == 1

    response = admin_client.post(url, {**data, "delay_reason": "Waiting for police data"})
    assert response.status_code == 302
    added = plan.activities.get(description="Map the pathway")
    assert (added.project_reference, added.status) == ("6.5", "delayed")
    assert added.sort_order > plan.activities.get(description="Train practitioners").sort_order


def test_an_indicator_must_name_one_of_the_plans_outcomes_and_a_new_number(admin_client, plan):
    response = admin_client.post(
        f"/admin/plans/{plan.pk}/indicators/add/",
        {"outcome_number": "4", "number": "56a", "description": "Again"},
    )
    text = soup(response).get_text(" ")
    assert "Choose one of this plan's strategic outcomes" in text
    assert "The plan already has an indicator 56a" in text
    assert plan.indicators.count() == 1


def test_a_project_offers_the_plans_themes_and_own_partnerships_boards(
    admin_client, plan, board, elsewhere_board
):
    page = soup(admin_client.get(f"/admin/plans/{plan.pk}/projects/add/"))
    themes = [o.get_text() for o in page.select("select[name=theme_number] option")]
    assert "6: Neglect" in themes
    boards = page.select_one("select[name=lead_body]").get_text()
    assert board.name in boards and "Elsewhere Board" not in boards
    response = admin_client.post(
        f"/admin/plans/{plan.pk}/projects/add/",
        {"theme_number": "2", "reference": "6.4", "title": "Twice", "lead_officers": ""},
    )
    text = soup(response).get_text(" ")
    assert "Choose one of this plan's themes" in text
    assert "The plan already has a project 6.4" in text
    response = admin_client.post(
        f"/admin/plans/{plan.pk}/projects/add/",
        {"theme_number": "6", "reference": "6.6", "title": "Audit", "lead_body": str(board.pk),
         "lead_officers": "Chair"},
    )  # fmt: skip
    assert response.status_code == 302
    assert plan.projects.get(reference="6.6").lead_body == board


def test_a_project_with_activities_keeps_its_reference_and_is_not_deleted(admin_client, plan):
    project = plan.projects.get(reference="6.4")
    url = f"/admin/plans/{plan.pk}/projects/{project.pk}/"
    response = admin_client.post(
        url, {"theme_number": "6", "reference": "6.9", "title": "Renumbered", "lead_officers": ""}
    )
    assert "1 activity belong to project 6.4" in soup(response).get_text(" ")
    assert admin_client.post(f"{url}delete/").status_code == 200
    assert plan.projects.filter(reference="6.4").exists()
    unused = plan.projects.get(reference="6.5")
    deleted = admin_client.post(f"/admin/plans/{plan.pk}/projects/{unused.pk}/delete/")
    assert deleted.status_code == 302
    assert not plan.projects.filter(reference="6.5").exists()


def test_deleting_a_row_asks_first(admin_client, plan):
    activity = plan.activities.get()
    url = f"/admin/plans/{plan.pk}/activities/{activity.pk}/delete/"
    assert "Yes, delete it" in admin_client.get(url).content.decode()
    assert plan.activities.exists()
    assert admin_client.post(url).status_code == 302
    assert not plan.activities.exists()


def test_publishing_a_later_page_revision_does_not_undo_an_indicator_edit(admin_client, plan):
    indicator = plan.indicators.get()
    # A draft of the page saved before the edit...
    draft = PlanPage.objects.get(pk=plan.pk)
    draft.mission = "Working together"
    revision = draft.save_revision()
    # ...and a revision from before the rows left revisions, which still holds them.
    old = plan.save_revision()
    old.content["indicators"] = [
        {"pk": indicator.pk, "page": plan.pk, "sort_order": 0, "outcome_number": 1,
         "number": "56a", "description": "Seen in 10 days"},
        {"pk": None, "page": plan.pk, "sort_order": 1, "outcome_number": 1,
         "number": "99", "description": "A row deleted long ago"},
    ]  # fmt: skip
    old.save()
    admin_client.post(
        f"/admin/plans/{plan.pk}/indicators/{indicator.pk}/",
        {"outcome_number": "1", "number": "56a", "description": "Seen within 7 days"},
    )
    revision.publish()
    assert PlanPage.objects.get(pk=plan.pk).mission == "Working together"
    assert [i.description for i in plan.indicators.all()] == ["Seen within 7 days"]
    old.publish()
    assert [i.description for i in plan.indicators.all()] == ["Seen within 7 days"]
    # And saving the page in its editor leaves them alone too.
    assert "indicators" not in PlanPage.objects.get(pk=plan.pk).serializable_data()


def test_the_page_editor_refuses_to_drop_an_outcome_or_theme_rows_use(admin_client, plan):
    from modelcluster.models import get_all_child_relations
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    outcome = plan.outcomes.get()
    data = {
        "title": plan.title,
        "slug": plan.slug,
        "summary": "A plan.",
        "publication_date": "2023-12-12",
        "publication_date_precision": "day",
        "audience": "everyone",
        "status": "current",
        "next_review_due": "2027-12-01",
        "body": streamfield([]),
        "comments": inline_formset([]),
    }
    for relation in get_all_child_relations(PlanPage):
        name = relation.get_accessor_name()
        if name != "wagtail_admin_comments":
            data[name] = inline_formset([])
    # Delete the only outcome, which indicator 56a measures, and the theme of
    # the projects.
    theme = plan.themes.get()
    data["outcomes"] = inline_formset(
        [{"id": str(outcome.pk), "number": "1", "title": "Early help", "DELETE": "1"}],
        initial=1,
    )
    data["themes"] = inline_formset(
        [{"id": str(theme.pk), "number": "6", "title": "Neglect", "DELETE": "1"}], initial=1
    )
    response = admin_client.post(f"/admin/pages/{plan.pk}/edit/", nested_form_data(data))
    assert response.status_code == 200
    assert "Indicators refer to outcome 1" in response.content.decode()
    assert "Projects refer to theme 6" in response.content.decode()
    assert plan.outcomes.count() == 1 and plan.themes.count() == 1


def upload(client, plan, table, name, content):
    return client.post(
        f"/admin/plans/{plan.pk}/spreadsheet/",
        {"table": table, "file": SimpleUploadedFile(name, content)},
    )


def test_a_good_csv_replaces_the_activities(admin_client, plan):
    kept = plan.activities.get()
    csv = (
        "project_reference,description,due,status,delay_reason\n"
        "6.4,Train practitioners,2019-03,complete,\n"
        "6.5,Map exploitation pathway,31/07/2019,Delayed,Waiting for police data\n"
        "6.5,Audit cases,,on track,\n"
    )
    response = upload(admin_client, plan, "activities", "activities.csv", csv.encode())
    assert response.status_code == 302
    rows = [(a.project_reference, a.description, a.status) for a in plan.activities.all()]
    assert rows == [
        ("6.4", "Train practitioners", "complete"),
        ("6.5", "Map exploitation pathway", "delayed"),
        ("6.5", "Audit cases", "on_track"),
    ]
    assert plan.activities.first().pk == kept.pk
    entry = PageLogEntry.objects.get(page=plan, action="publications.plan_row")
    assert entry.message == "3 activities imported from a spreadsheet (replacing 1)"


def test_a_file_with_any_bad_row_imports_nothing_and_names_each_problem(admin_client, plan):
    csv = (
        "project_reference,description,due,status,delay_reason\n"
        "6.4,Fine row,2019-03,complete,\n"
        "9.9,Someone else's project,2019-03,complete,\n"
        "6.4,Late,soon,delayed,\n"
    )
    response = upload(admin_client, plan, "activities", "activities.csv", csv.encode())
    assert response.status_code == 200
    text = soup(response).get_text(" ")
    assert "Nothing was imported" in text
    assert "Row 3, column “project_reference”: the plan has no project 9.9" in text
    assert "Row 4, column “due”" in text
    assert "Row 4, column “delay_reason”: say why the activity is delayed" in text
    assert [a.description for a in plan.activities.all()] == ["Train practitioners"]


def test_a_good_csv_replaces_the_projects_and_keeps_each_by_reference(admin_client, plan, board):
    kept = plan.projects.get(reference="6.4")
    csv = (
        "theme_number,reference,title,lead_board,lead_officers\n"
        "6,6.4,Neglect toolkit refreshed,TSCB,Head of early help\n"
        "6,6.6,Case audit,,\n"
    )
    response = upload(admin_client, plan, "projects", "projects.csv", csv.encode())
    assert response.status_code == 302
    rows = [(p.reference, p.title, p.lead_body, p.lead_officers) for p in plan.projects.all()]
    assert rows == [
        ("6.4", "Neglect toolkit refreshed", board, "Head of early help"),
        ("6.6", "Case audit", None, ""),
    ]
    # Matched by reference: the project its activity belongs to is the same row.
    assert plan.projects.get(reference="6.4").pk == kept.pk
    assert plan.activities.get().project_reference == "6.4"
    entry = PageLogEntry.objects.get(page=plan, action="publications.plan_row")
    assert entry.message == "2 projects imported from a spreadsheet (replacing 2)"

    download = admin_client.get(f"/admin/plans/{plan.pk}/spreadsheet/?download=projects")
    assert download.content.decode().splitlines() == [
        "theme_number,reference,title,lead_board,lead_officers",
        f"6,6.4,Neglect toolkit refreshed,{board.name},Head of early help",
        "6,6.6,Case audit,,",
    ]


def test_a_projects_file_that_drops_one_in_use_or_names_another_partnerships_board_imports_nothing(
    admin_client, plan, board, elsewhere_board
):
    csv = (
        "theme_number,reference,title,lead_board,lead_officers\n"
        "6,6.5,Exploitation pathway,Elsewhere Board,\n"
        "2,6.7,No such theme,,\n"
    )
    response = upload(admin_client, plan, "projects", "projects.csv", csv.encode())
    assert response.status_code == 200
    text = soup(response).get_text(" ")
    assert "Nothing was imported" in text
    assert "Row 2, column “lead_board”: “Elsewhere Board” is not one of the partnership's" in text
    assert "Row 3, column “theme_number”: the plan has no theme 2" in text
    assert "project 6.4 is not in the file, but 1 activity belongs to it" in text
    assert [p.reference for p in plan.projects.all()] == ["6.4", "6.5"]


def test_indicators_from_an_excel_file_keep_their_evidence(admin_client, plan, partnership):
    indicator = plan.indicators.get()
    evidence = Indicator.objects.create(
        partnership=partnership, code="56a", name="Seen", plan_indicator=indicator
    )
    book = Workbook()
    sheet = book.active
    sheet.append(["outcome_number", "number", "description"])
    sheet.append([1, "56b", "Children seen within 10 days"])
    sheet.append([2, "56c", "An outcome the plan lacks"])
    sheet.append([1, "56b", "The same number again"])
    sheet.append([1, "56a", "Seen, reworded"])
    content = io.BytesIO()
    book.save(content)
    response = upload(admin_client, plan, "indicators", "indicators.xlsx", content.getvalue())
    text = soup(response).get_text(" ")
    assert "Row 3, column “outcome_number”: the plan has no outcome 2" in text
    assert "Row 4, column “number”: indicator 56b is also on row 2" in text
    assert [i.number for i in plan.indicators.all()] == ["56a"]

    sheet.delete_rows(3, 2)
    content = io.BytesIO()
    book.save(content)
    response = upload(admin_client, plan, "indicators", "indicators.xlsx", content.getvalue())
    assert response.status_code == 302
    assert [(i.number, i.description) for i in plan.indicators.all()] == [
        ("56b", "Children seen within 10 days"),
        ("56a", "Seen, reworded"),
    ]
    evidence.refresh_from_db()
    assert evidence.plan_indicator_id == indicator.pk


def test_the_current_rows_download_as_csv(admin_client, plan):
    response = admin_client.get(f"/admin/plans/{plan.pk}/spreadsheet/?download=activities")
    assert response["Content-Type"] == "text/csv"
    assert "6.4,Train practitioners" in response.content.decode()


@pytest.fixture
def outsider(django_user_model):
    other_site = make_site(hostname="other.localhost", default=False, title="Other home")
    PublicationIndexPageFactory(parent=other_site.root_page)
    user = django_user_model.objects.create_user("otto")
    user.groups.add(role_group(Role.EDITORS, Partnership.for_site(other_site)))
    return user


def test_this_partnerships_editor_prepares_the_rows_of_a_plan_not_yet_published(
    client, login_as, django_user_model, plan
):
    plan.unpublish()
    editor = django_user_model.objects.create_user("edie")
    editor.groups.add(role_group(Role.EDITORS, Partnership.for_site(plan.get_site())))
    login_as(client, editor)
    indicator = plan.indicators.get()
    assert client.get(f"/admin/plans/{plan.pk}/rows/").status_code == 200
    response = client.post(
        f"/admin/plans/{plan.pk}/indicators/{indicator.pk}/",
        {"outcome_number": "1", "number": "56a", "description": "Edited by Edie"},
    )
    assert response.status_code == 302
    assert plan.indicators.get().description == "Edited by Edie"


def test_a_published_plans_rows_are_changed_by_an_approver_not_an_editor(
    client, login_as, django_user_model, plan
):
    # Rows are public the moment they are saved: on a published plan a
    # change is a publish, so it needs an Approver, as the page itself does.
    partnership = Partnership.for_site(plan.get_site())
    editor = django_user_model.objects.create_user("edie")
    editor.groups.add(role_group(Role.EDITORS, partnership))
    indicator = plan.indicators.get()
    activity = plan.activities.get()
    edit_url = f"/admin/plans/{plan.pk}/indicators/{indicator.pk}/"
    change = {"outcome_number": "1", "number": "56a", "description": "Changed"}

    login_as(client, editor)
    listing = client.get(f"/admin/plans/{plan.pk}/rows/")
    assert listing.status_code == 200
    page = soup(listing)
    assert page.select_one("[data-rows-read-only]") is not None
    assert "Seen in 10 days" in listing.content.decode()
    assert not page.find("a", href=edit_url)
    assert client.post(edit_url, change).status_code in (302, 403)
    assert client.get(f"/admin/plans/{plan.pk}/indicators/add/").status_code in (302, 403)
    delete_url = f"/admin/plans/{plan.pk}/activities/{activity.pk}/delete/"
    assert client.post(delete_url).status_code in (302, 403)
    assert upload(client, plan, "activities", "a.csv", b"x").status_code in (302, 403)
    # Reading and downloading stay open, to send an Approver the change.
    download = client.get(f"/admin/plans/{plan.pk}/spreadsheet/?download=indicators")
    assert download.status_code == 200 and "Seen in 10 days" in download.content.decode()
    assert plan.indicators.get().description == "Seen in 10 days"
    assert plan.activities.exists()

    approver = django_user_model.objects.create_user("april")
    approver.groups.add(role_group(Role.APPROVERS, partnership))
    login_as(client, approver)
    assert soup(client.get(f"/admin/plans/{plan.pk}/rows/")).find("a", href=edit_url)
    assert client.post(edit_url, change).status_code == 302
    assert plan.indicators.get().description == "Changed"

    # Another partnership's Approver publishes there, not here.
    elsewhere = make_site(hostname="other.localhost", default=False, title="Other home")
    their_approver = django_user_model.objects.create_user("ollie")
    their_approver.groups.add(role_group(Role.APPROVERS, Partnership.for_site(elsewhere)))
    login_as(client, their_approver)
    assert client.get(f"/admin/plans/{plan.pk}/rows/").status_code in (302, 403)
    theirs = {**change, "description": "Changed by another partnership"}
    assert client.post(edit_url, theirs).status_code in (302, 403)
    assert plan.indicators.get().description == "Changed"


def test_another_partnerships_editor_is_refused_every_plan_view(client, login_as, plan, outsider):
    login_as(client, outsider)
    indicator = plan.indicators.get()
    activity = plan.activities.get()
    # Wagtail answers a refusal in the admin with a redirect to the dashboard.
    refused = (302, 403)
    for url in (
        f"/admin/plans/{plan.pk}/rows/",
        f"/admin/plans/{plan.pk}/indicators/add/",
        f"/admin/plans/{plan.pk}/indicators/{indicator.pk}/",
        f"/admin/plans/{plan.pk}/activities/{activity.pk}/delete/",
        f"/admin/plans/{plan.pk}/spreadsheet/",
    ):
        response = client.get(url)
        assert response.status_code in refused, url
        assert "Seen in 10 days" not in response.content.decode()
    download = client.get(f"/admin/plans/{plan.pk}/spreadsheet/?download=indicators")
    assert download.status_code in refused
    assert "text/csv" not in download.get("Content-Type", "")
    assert upload(client, plan, "activities", "a.csv", b"x").status_code in refused
    edit = client.post(
        f"/admin/plans/{plan.pk}/indicators/{indicator.pk}/",
        {"outcome_number": "1", "number": "56a", "description": "Changed by Otto"},
    )
    assert edit.status_code in refused
    assert client.post(f"/admin/plans/{plan.pk}/activities/{activity.pk}/delete/").status_code in (
        refused
    )
    assert plan.indicators.get().description == "Seen in 10 days"
    assert plan.activities.exists()


def test_a_row_of_another_plan_is_not_found_under_this_one(admin_client, plan):
    elsewhere = PlanActivity.objects.get(description="Not this plan's")
    url = f"/admin/plans/{plan.pk}/activities/{elsewhere.pk}/"
    assert admin_client.get(url).status_code == 404
    assert admin_client.post(f"{url}delete/").status_code == 404
    assert PlanActivity.objects.filter(pk=elsewhere.pk).exists()
