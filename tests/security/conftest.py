import pytest

from site_core.roles import Role


@pytest.fixture
def approver(make_user):
    return make_user("april", Role.APPROVERS)
