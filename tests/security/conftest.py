import pytest
from django.contrib.auth.models import Group

from site_core import roles
from site_core.factories import ensure_page_tree


@pytest.fixture
def make_user(django_user_model):
    # A transactional test elsewhere may have flushed the roles and the page
    # tree they hang on; put both back as migrations left them.
    ensure_page_tree()
    roles.sync_roles()

    def make(username, *group_names, **fields):
        user = django_user_model.objects.create_user(
            username=username, email=f"{username}@example.org", password=None, **fields
        )
        for name in group_names:
            user.groups.add(Group.objects.get(name=name))
        return user

    return make


@pytest.fixture
def editor(make_user):
    return make_user("eddie", roles.EDITORS)


@pytest.fixture
def approver(make_user):
    return make_user("april", roles.APPROVERS)
