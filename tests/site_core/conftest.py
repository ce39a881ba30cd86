import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from site_core.roles import Role
from tests.factories.site_core import StandardPageFactory
from tests.helpers import role_group


@pytest.fixture
def members_only(home, django_user_model):
    """A page only the Board members group may read, and one of its members."""
    members = Group.objects.get_or_create(name="Board members")[0]
    page = StandardPageFactory(parent=home, title="Members' papers")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(members)
    member = django_user_model.objects.create_user("member", password="x")
    member.groups.add(members)
    return page, member


@pytest.fixture
def administrator(django_user_model, site, client, login_as):
    """The default partnership's Administrator (not a superuser), signed in."""
    user = django_user_model.objects.create_user("ada", email="ada@example.org")
    user.groups.add(role_group(Role.ADMINISTRATORS))
    login_as(client, user)
    return user
