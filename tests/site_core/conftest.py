import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from tests.factories.site_core import StandardPageFactory


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
