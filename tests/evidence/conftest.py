import pytest

from site_core.models import Partnership
from site_core.roles import Role
from tests.factories.site_core import make_site
from tests.helpers import role_group


@pytest.fixture
def partnership(site):
    return Partnership.for_site(site)


@pytest.fixture
def other_site(site):
    return make_site(hostname="other.localhost", default=False, title="Otherton home")


@pytest.fixture
def other_partnership(other_site):
    partnership = Partnership.for_site(other_site)
    partnership.short_name = "OSCP"
    partnership.save()
    return partnership


@pytest.fixture
def make_user(django_user_model):
    def make(username, role, partnership):
        user = django_user_model.objects.create_user(
            username=username, email=f"{username}@example.org", password=None
        )
        user.groups.add(role_group(role, partnership))
        return user

    return make


@pytest.fixture
def editor(make_user, partnership):
    return make_user("eddie", Role.EDITORS, partnership)


@pytest.fixture
def board_member(make_user, partnership):
    return make_user("bea", Role.BOARD_MEMBERS, partnership)
