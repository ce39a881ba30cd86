import pytest
from django.contrib.auth.models import Group

from site_core import roles


@pytest.fixture
def make_user(django_user_model):
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
