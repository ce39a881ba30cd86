import pytest

from site_core.roles import Role
from tests.helpers import role_group


@pytest.fixture
def administrator(django_user_model, site, client, login_as):
    """The default partnership's Administrator (not a superuser), signed in."""
    user = django_user_model.objects.create_user("ada", email="ada@example.org")
    user.groups.add(role_group(Role.ADMINISTRATORS))
    login_as(client, user)
    return user
