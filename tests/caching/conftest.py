import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from caching import generation
from tests.factories.site_core import StandardPageFactory, make_site

OTHER = "southtees.localhost"


@pytest.fixture
def other_home(home):
    """Another partnership's home page, on its own site."""
    return make_site(hostname=OTHER, default=False, title="South Tees home").root_page.specific


@pytest.fixture
def token():
    """``token(site_or_page)``: the current generation of a site (or a page's site)."""

    def read(thing):
        site = thing.get_site() if hasattr(thing, "get_site") else thing
        return generation.read(site.pk)

    return read


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


def main(client, url, **headers):
    """The <main> of the page at ``url``: what a reader came for."""
    response = client.get(url, **headers)
    assert response.status_code == 200, response.status_code
    body = response.content.decode()
    return body[body.index("<main") : body.index("</main>")]
