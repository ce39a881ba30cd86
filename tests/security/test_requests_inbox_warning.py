"""The admin says when readers' requests would email nobody, to that
partnership's own staff only."""

import pytest
from django.urls import reverse

from site_core.models import Partnership
from site_core.roles import Role
from tests.factories.site_core import make_site
from tests.helpers import default_partnership

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]

WARNING = "reach nobody by email"


@pytest.fixture
def elsewhere(site):
    other = make_site(hostname="elsewhere.localhost", default=False, title="Elsewhere")
    Partnership.objects.filter(site=other).update(name="Elsewhere Safeguarding Partnership")
    return Partnership.objects.get(site=other)


def dashboard(client, login_as, user):
    login_as(client, user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def test_editors_are_told_their_partnerships_requests_go_nowhere(
    client, login_as, make_user, elsewhere, settings
):
    settings.ACCESSIBLE_FORMAT_REQUEST_EMAIL = ""
    html = dashboard(client, login_as, make_user("eddie", Role.EDITORS))
    assert WARNING in html
    assert default_partnership().name in html
    assert "Elsewhere Safeguarding Partnership" not in html  # not theirs


def test_the_other_partnerships_editors_see_only_their_own(
    client, login_as, make_user, elsewhere, settings
):
    settings.ACCESSIBLE_FORMAT_REQUEST_EMAIL = ""
    Partnership.objects.filter(pk=default_partnership().pk).update(requests_email="u@example.org")
    mine = make_user("eddie", Role.EDITORS)
    assert WARNING not in dashboard(client, login_as, mine)
    theirs = make_user("ellie", Role.EDITORS, partnership=elsewhere)
    html = dashboard(client, login_as, theirs)
    assert WARNING in html
    assert "Elsewhere Safeguarding Partnership" in html


def test_no_warning_with_an_installation_wide_inbox(client, login_as, make_user, settings):
    settings.ACCESSIBLE_FORMAT_REQUEST_EMAIL = "requests@example.org"
    assert WARNING not in dashboard(client, login_as, make_user("eddie", Role.EDITORS))
