import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from site_core import roles
from site_core.factories import ensure_page_tree


@pytest.fixture(autouse=True)
def roles_in_place(db):
    """The roles and workflow the migration made, even after another test's flush.

    Transactional tests empty the database; the groups come back (post_migrate)
    but the root page, and so its page permissions and workflow, do not.
    """
    ensure_page_tree()
    roles.apply_roles(apps)
    roles.set_up_approval_workflow(apps)


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
