import re

import pytest
from django.core import mail

from site_core.roles import Role
from tests.factories.governance import AgencyFactory
from tests.factories.training import (
    CoursePageFactory,
    CourseSessionFactory,
    TrainingIndexPageFactory,
)


@pytest.fixture
def training_index(home):
    return TrainingIndexPageFactory(parent=home)


@pytest.fixture
def course(training_index):
    return CoursePageFactory(parent=training_index, title="Working together")


@pytest.fixture
def session(course, partnership):
    return CourseSessionFactory(course=course, partnership=partnership, capacity=3)


@pytest.fixture
def agency(partnership):
    return AgencyFactory(partnership=partnership, name="Testshire Police")


@pytest.fixture
def officer(make_user):
    """A training officer of the default site's partnership."""
    return make_user("tess", Role.TRAINING_OFFICERS)


@pytest.fixture
def other_officer(make_user, other_partnership):
    """A training officer of another partnership."""
    return make_user("otto", Role.TRAINING_OFFICERS, partnership=other_partnership)


def links_in(message):
    return re.findall(r"https?://\S+", message.body)


def link_to(message, part):
    """The one link in ``message`` whose address contains ``part``."""
    found = [url for url in links_in(message) if part in url]
    assert found, f"no link with {part!r} in:\n{message.body}"
    return found[0]


def path_of(url):
    return "/" + url.split("/", 3)[3]


@pytest.fixture
def outbox():
    mail.outbox.clear()
    return mail.outbox
