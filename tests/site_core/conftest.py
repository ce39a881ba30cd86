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


@pytest.fixture
def page_cache(settings):
    """The page cache on (tests run with it off), starting and ending empty."""
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()
