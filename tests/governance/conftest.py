import pytest

from tests.factories.governance import (
    BodyFactory,
    GovernanceIndexPageFactory,
    MembersAreaPageFactory,
)
from tests.helpers import board_members_group, restrict_to_board_members


@pytest.fixture
def board(partnership):
    return BodyFactory(
        partnership=partnership, name="Testshire Safeguarding Children Partnership", slug="tscp"
    )


@pytest.fixture
def governance_page(home):
    return GovernanceIndexPageFactory(parent=home)


@pytest.fixture
def members_page(governance_page):
    page = MembersAreaPageFactory(parent=governance_page)
    restrict_to_board_members(page)
    return page


@pytest.fixture
def board_member(django_user_model, partnership):
    user = django_user_model.objects.create_user("member", password="not-used-here-123")
    user.groups.add(board_members_group(partnership))
    return user


@pytest.fixture
def outsider(django_user_model):
    return django_user_model.objects.create_user("outsider", password="not-used-here-123")
