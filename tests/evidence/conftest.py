import pytest

from site_core.models import Partnership
from site_core.roles import Role
from tests.factories.site_core import make_site


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
def editor(make_user, partnership):
    return make_user("eddie", Role.EDITORS, partnership=partnership)


@pytest.fixture
def board_member(make_user, partnership):
    return make_user("bea", Role.BOARD_MEMBERS, partnership=partnership)
