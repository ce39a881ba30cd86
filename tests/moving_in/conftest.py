import pytest
from django.test import override_settings

from site_core.models import Partnership
from site_core.roles import Role
from tests.factories.publications import PublicationIndexPageFactory
from tests.factories.site_core import make_site
from tests.helpers import role_group


@pytest.fixture(autouse=True)
def _media(tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        yield


@pytest.fixture
def partnership(site):
    return Partnership.for_site(site)


@pytest.fixture
def index(home):
    return PublicationIndexPageFactory(parent=home)


@pytest.fixture
def other_partnership(site):
    """A second partnership, with its own site and publications index."""
    other = make_site(hostname="other.localhost", default=False, title="Otherton SCP")
    partnership = Partnership.for_site(other)
    partnership.short_name = "OSCP"
    partnership.save()
    PublicationIndexPageFactory(parent=other.root_page)
    return partnership


@pytest.fixture
def make_user(django_user_model, site):
    def make(username, *roles, partnership):
        user = django_user_model.objects.create_user(
            username=username, email=f"{username}@example.org", password=None
        )
        for role in roles:
            user.groups.add(role_group(role, partnership))
        return user

    return make


@pytest.fixture
def editor(make_user, partnership):
    return make_user("eddie", Role.EDITORS, partnership=partnership)
