"""The import's background half: a large file is checked by a task, every
confirmed import is saved by a task (all rows or none), and the progress page
shows rows done, then the result, to the partnership's own editors only."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.urls import reverse

from evidence import importer
from evidence.models import IndicatorValue, ValuesImport
from site_core.roles import Role
from tests.factories.evidence import IndicatorFactory, IndicatorValueFactory
from tests.helpers import sign_in_with_second_factor

# Wagtail's own admin templates use unset variables.
pytestmark = pytest.mark.ignore_template_errors

HEADER = "indicator,period,value,target,source,notes\n"
GOOD = "56a,2021-22,100,,,\n56a,2022-23,90,,,\n56a,2023-24,80,75,,\n"


@pytest.fixture
def indicator(partnership):
    return IndicatorFactory(partnership=partnership, code="56a", name="Re-referrals")


@pytest.fixture
def staff(client, editor):
    return sign_in_with_second_factor(client, editor)


@pytest.fixture
def large(monkeypatch):
    """Three rows count as a large file here (500 do in use)."""
    monkeypatch.setattr(importer, "LARGE_FILE_ROWS", 2)


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    """Post, let the enqueued task run (at once in tests), follow the redirect."""

    def post(client, url, data):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[-1500:]
        return response["Location"]

    return post


def csv_file(body):
    return SimpleUploadedFile("values.csv", (HEADER + body).encode("utf-8"))


def upload(run_tasks, client, partnership, body):
    return run_tasks(
        client, reverse("evidence_import"), {"partnership": partnership.pk, "file": csv_file(body)}
    )


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_a_large_file_is_checked_in_the_background_previewed_then_saved(
    staff, partnership, indicator, large, run_tasks
):
    progress_url = upload(run_tasks, staff, partnership, GOOD)
    page = text(staff.get(progress_url))
    assert "Checked: waiting for you to confirm" in page
    assert "All 3 rows passed the checks" in page
    assert "<td>2023-24</td><td>80</td><td>75</td>" in page
    assert IndicatorValue.objects.count() == 0, "nothing is saved before confirming"

    assert run_tasks(staff, progress_url, {"action": "confirm"}) == progress_url
    page = text(staff.get(progress_url))
    assert "3 values imported for" in page
    assert 'http-equiv="refresh"' not in page, "a finished import stops reloading"
    assert sorted(IndicatorValue.objects.values_list("period", "value")) == [
        ("2021-22", 100),
        ("2022-23", 90),
        ("2023-24", 80),
    ]


def test_a_small_files_confirmation_is_saved_by_the_task_with_the_same_result_page(
    staff, partnership, indicator, run_tasks
):
    response = staff.post(
        reverse("evidence_import"), {"partnership": partnership.pk, "file": csv_file(GOOD)}
    )
    token = re.search(r'name="token" value="([^"]+)"', response.content.decode())[1]
    progress_url = run_tasks(staff, reverse("evidence_import"), {"token": token})
    assert "3 values imported for" in text(staff.get(progress_url))
    job = ValuesImport.objects.get()
    assert (job.status, job.saved, job.file_name) == ("done", 3, "values.csv")


def test_the_progress_page_shows_rows_done_of_total_and_reloads_itself(
    staff, partnership, indicator
):
    job = ValuesImport.objects.create(
        partnership=partnership, file_name="big.xlsx", status="saving", total=4000, done=1200
    )
    page = text(staff.get(reverse("evidence_import_progress", args=[job.pk])))
    assert "Saving</strong>: 1200 of 4000 rows" in page
    assert '<progress id="import-progress" max="100" value="30">' in page
    assert '<meta http-equiv="refresh" content="3">' in page
    assert f'href="{reverse("evidence_import_progress", args=[job.pk])}">Reload now' in page


def test_a_save_the_worker_stopped_working_on_ends_instead_of_waiting_for_ever(
    staff, partnership, indicator
):
    # Progress ten minutes old: the worker was restarted in the middle of the
    # save, whose transaction it never committed.
    job = ValuesImport.objects.create(
        partnership=partnership, file_name="big.xlsx", status="saving", total=4000, done=1200
    )
    ValuesImport.objects.filter(pk=job.pk).update(
        progress_at=job.progress_at - ValuesImport.STALLED_AFTER
    )
    page = text(staff.get(reverse("evidence_import_progress", args=[job.pk])))
    assert "The import stopped before it finished. Nothing was imported." in page
    assert "Upload a file again" in page
    assert '<meta http-equiv="refresh"' not in page
    assert ValuesImport.objects.get(pk=job.pk).status == "failed"


def test_an_import_the_worker_has_not_started_waits_and_says_why(staff, partnership, indicator):
    job = ValuesImport.objects.create(
        partnership=partnership, file_name="big.xlsx", status="queued", total=4000
    )
    url = reverse("evidence_import_progress", args=[job.pk])
    assert "waiting a while for the background worker" not in text(staff.get(url))
    ValuesImport.objects.filter(pk=job.pk).update(
        progress_at=job.progress_at - ValuesImport.STALLED_AFTER
    )
    page = text(staff.get(url))
    assert "waiting a while for the background worker" in page
    assert ValuesImport.objects.get(pk=job.pk).status == "queued"  # it starts when the worker does


def test_a_save_still_making_progress_is_left_to_run(staff, partnership, indicator):
    job = ValuesImport.objects.create(
        partnership=partnership, file_name="big.xlsx", status="saving", total=4000, done=1200
    )
    # Nine minutes since the last progress: still within the time allowed.
    ValuesImport.objects.filter(pk=job.pk).update(
        progress_at=job.progress_at - ValuesImport.STALLED_AFTER + timedelta(minutes=1)
    )
    page = text(staff.get(reverse("evidence_import_progress", args=[job.pk])))
    assert "Saving</strong>: 1200 of 4000 rows" in page
    assert ValuesImport.objects.get(pk=job.pk).status == "saving"


def test_bad_rows_in_a_large_file_are_listed_by_row_and_column_and_nothing_imported(
    staff, partnership, indicator, large, run_tasks
):
    progress_url = upload(run_tasks, staff, partnership, GOOD + "56a,2020-21,lots,,,\n")
    page = text(staff.get(progress_url))
    assert "1 problem found. Nothing was imported" in page
    assert "<tr><td>5</td><td>value</td><td>“lots” is not a number.</td></tr>" in page
    assert "Import 4 values" not in page, "a file with problems cannot be confirmed"
    response = staff.post(progress_url, {"action": "confirm"})
    assert response.status_code == 400
    assert IndicatorValue.objects.count() == 0


def test_a_failure_while_saving_imports_nothing(
    staff, partnership, indicator, large, run_tasks, monkeypatch
):
    # One period already has a value (to be replaced), two are new: the new ones
    # are written first, then the write of the replaced one fails.
    IndicatorValueFactory(indicator=indicator, period="2023-24", value=1)
    progress_url = upload(run_tasks, staff, partnership, GOOD)

    def refuse(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(IndicatorValue.objects, "bulk_update", refuse)
    run_tasks(staff, progress_url, {"action": "confirm"})
    page = text(staff.get(progress_url))
    assert "The database refused the values. Try the import again. Nothing was imported." in page
    assert list(IndicatorValue.objects.values_list("period", "value")) == [("2023-24", 1)]


def test_an_indicator_removed_after_the_preview_imports_nothing(
    staff, partnership, indicator, large, run_tasks
):
    other = IndicatorFactory(partnership=partnership, code="57")
    progress_url = upload(run_tasks, staff, partnership, GOOD + "57,2023-24,4,,,\n")
    other.delete()
    run_tasks(staff, progress_url, {"action": "confirm"})
    page = text(staff.get(progress_url))
    assert "<tr><td>5</td><td>indicator</td><td>“57” is not one of your indicators." in page
    assert IndicatorValue.objects.count() == 0


def test_another_partnerships_editor_cannot_see_or_confirm_the_import(
    client, partnership, other_partnership, make_user, indicator
):
    job = ValuesImport.objects.create(
        partnership=partnership,
        file_name="ours.csv",
        status="ready",
        rows=[{"row": 2, "indicator": "56a", "name": "Re-referrals", "period": "2023-24",
               "value": "80", "target": "", "source": "", "notes": ""}],
        total=1,
    )  # fmt: skip
    outsider = make_user("olive", Role.EDITORS, partnership=other_partnership)
    sign_in_with_second_factor(client, outsider)
    url = reverse("evidence_import_progress", args=[job.pk])
    response = client.get(url)
    assert response.status_code == 404
    assert "ours.csv" not in response.content.decode()
    assert client.post(url, {"action": "confirm"}).status_code == 404
    job.refresh_from_db()
    assert job.status == "ready"
    assert IndicatorValue.objects.count() == 0
