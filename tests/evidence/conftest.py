import pytest

from site_core.roles import Role


@pytest.fixture
def board_member(make_user, partnership):
    return make_user("bea", Role.BOARD_MEMBERS, partnership=partnership)
