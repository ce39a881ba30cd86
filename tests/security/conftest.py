import pytest

from site_core.roles import Role
from tests.helpers import default_partnership, role_group


@pytest.fixture
def make_user(django_user_model, site):
    """A user holding ``roles`` in ``partnership`` (the default site's, unless given)."""

    def make(username, *roles, partnership=None, **fields):
        user = django_user_model.objects.create_user(
            username=username, email=f"{username}@example.org", password=None, **fields
        )
        for role in roles:
            user.groups.add(role_group(role, partnership or default_partnership()))
        return user

    return make


@pytest.fixture
def editor(make_user):
    return make_user("eddie", Role.EDITORS)


@pytest.fixture
def approver(make_user):
    return make_user("april", Role.APPROVERS)
