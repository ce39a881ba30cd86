import time

import pytest

from consultations.forms import started_token
from tests.factories.consultations import ConsultationPageFactory


@pytest.fixture
def consultation(home):
    """An open consultation with a children and young people's version."""
    return ConsultationPageFactory(parent=home, title="Feeling safe")


def answer_url(page, audience="young-people"):
    return f"/consultations/{page.pk}/{audience}/answer/"


def shown_a_minute_ago():
    return started_token(now=time.time() - 60)


@pytest.fixture
def send(client):
    """POST answers to ``page`` as a reader would, the form shown a minute ago."""

    def post(page, data, audience="young-people", **extra):
        payload = {"started": shown_a_minute_ago(), "website": "", **data}
        return client.post(answer_url(page, audience), payload, **extra)

    return post
