"""`make run` prints a demo account for every staff role, the Governance officer
and the Administrator included, and says where the site's mail appears."""

import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import call_command

from demo.management.commands.ensure_demo_admin import DEMO_ROLE_PASSWORD
from site_core.roles import Role
from tests.helpers import sign_in_with_second_factor

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]


def test_the_demo_governance_officer_and_administrator_work_for_the_default_partnership(
    client, settings, partnership, other_partnership
):
    settings.MAILERS = {
        **settings.MAILERS,
        "delivery": {"BACKEND": "operations.mail.ConsoleEmailBackend"},
    }
    out = io.StringIO()
    call_command("ensure_demo_admin", stdout=out)
    printed = out.getvalue()
    assert "printed in this terminal by the task worker" in printed

    users = get_user_model().objects
    prefix = partnership.short_name.lower()
    for username, role, title in (
        (f"{prefix}-governance", Role.GOVERNANCE_OFFICERS, "Governance officer"),
        (f"{prefix}-administrator", Role.ADMINISTRATORS, "Administrator"),
    ):
        user = users.get(username=username)
        assert user.check_password(DEMO_ROLE_PASSWORD)
        assert list(
            user.groups.values_list("partnership_role__partnership", "partnership_role__role")
        ) == [(partnership.pk, role)]
        assert f"{username}" in printed and f"{title} of {partnership.name}" in printed

    # The Administrator invites for their own partnership, never the other one.
    sign_in_with_second_factor(client, users.get(username=f"{prefix}-administrator"))
    form = BeautifulSoup(client.get("/admin/people/invite/").content, "html.parser")
    offered = [o.get_text() for o in form.select("#id_partnership option") if o.get("value")]
    assert offered == [partnership.name]
    refused = client.post(
        "/admin/people/invite/",
        {
            "email": "someone@example.org",
            "first_name": "Some",
            "last_name": "One",
            "partnership": other_partnership.pk,
            "roles": [Role.EDITORS.value],
        },
    )
    assert refused.status_code == 200  # the form again, with the choice refused
    assert not users.filter(email="someone@example.org").exists()


def test_without_console_mail_nothing_claims_it_is_printed(settings, partnership):
    settings.MAILERS = {
        **settings.MAILERS,
        "delivery": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend"},
    }
    out = io.StringIO()
    call_command("ensure_demo_admin", stdout=out)
    assert "printed in this terminal" not in out.getvalue()
