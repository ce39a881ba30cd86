"""Records the demo invented are marked in the demo app, listed in the admin and
labelled on the demo site; named office-holders are not."""

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from demo.models import Illustrative
from evidence.models import IndicatorValue
from governance.models import Meeting, Person
from site_core.models import SafeguardingContacts
from training.models import CoursePage, CourseSession


def test_the_loader_marks_invented_people_only(demo):
    marked = {
        record.record.name
        for record in Illustrative.objects.all()
        if isinstance(record.record, Person)
    }
    assert {"Priya Lindqvist", "Sam Okafor", "Lee Varga"} <= marked
    assert not {"Paul Ennals", "Jen Beer", "Chris Robson"} & marked  # named in the seeds
    # Besides people, only the evidence values invented to show charts
    # (demo/evidence.py), the one members-only meeting invented to show papers,
    # each site's "Worried about a child?" numbers (demo/sites.py), and the
    # training sessions and the courses the seeds do not name (demo/training.py).
    kinds = (Person, IndicatorValue, Meeting, SafeguardingContacts, CourseSession, CoursePage)
    assert all(isinstance(record.record, kinds) for record in Illustrative.objects.all())
    assert {
        record.record.site.hostname
        for record in Illustrative.objects.all()
        if isinstance(record.record, SafeguardingContacts)
    } == {"127.0.0.1", "eastsussex.localhost", "southtees.localhost"}


def test_deleting_a_person_forgets_the_mark(demo):
    person = Person.objects.get(name="Priya Lindqvist")
    pk = person.pk
    person.delete()
    assert not Illustrative.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), object_id=pk
    ).exists()


def test_open_data_says_which_people_are_demo_people(client, demo):
    data = json.loads(client.get("/governance.json", HTTP_HOST="127.0.0.1").content)
    notes = {person["name"]: person.get("note") for person in data["persons"]}
    assert notes["Priya Lindqvist"] == "Demo person"
    assert notes["Paul Ennals"] is None


@pytest.mark.ignore_template_errors
def test_the_admin_lists_illustrative_records_with_why(admin_client, demo):
    response = admin_client.get(reverse("illustrative:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Priya Lindqvist" in html
    assert "the seeds do not name who holds this post" in html
