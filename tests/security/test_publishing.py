"""Nothing reaches the public unapproved: roles, the approval workflow, the audit trail."""

from html import unescape

import pytest
from django.urls import reverse
from django.utils.html import strip_tags
from wagtail.models import PageLogEntry, Workflow, WorkflowPage
from wagtail.permissions import policy_registry
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from site_core import roles
from site_core.models import PartnershipGroup, SafeguardingContacts
from site_core.roles import Role
from tests.factories.site_core import StandardPageFactory
from tests.helpers import default_partnership, role_group

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]


def _edit_data(page, action, title):
    return nested_form_data(
        {
            "title": title,
            "slug": page.slug,
            "summary": "A summary.",
            "body": streamfield([]),
            "next_review_due": "2027-11-01",
            "comments": inline_formset([]),
            action: action,
        }
    )


def edit(client, page, action, title="Updated title"):
    data = _edit_data(page, action, title)
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.id]), data)


def actions_logged(page):
    return list(
        PageLogEntry.objects.filter(page=page).order_by("timestamp").values_list("action", "user")
    )


@pytest.fixture
def draft(home):
    return StandardPageFactory(parent=home, title="Neglect strategy", live=False)


def test_each_partnership_has_the_four_roles_and_board_members_cannot_use_the_admin(make_user):
    held = PartnershipGroup.objects.filter(partnership=default_partnership())
    assert set(held.values_list("role", flat=True)) == set(Role)
    member = make_user("bob", Role.BOARD_MEMBERS)
    assert not member.has_perm("wagtailadmin.access_admin")
    for role in (Role.EDITORS, Role.APPROVERS, Role.GOVERNANCE_OFFICERS):
        assert make_user(f"user-{role}", role).has_perm("wagtailadmin.access_admin")


def test_board_members_are_refused_by_the_admin(client, make_user):
    client.force_login(make_user("bob", Role.BOARD_MEMBERS))
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_every_page_needs_its_own_partnerships_approver_sign_off(home):
    workflow = home.get_workflow()
    assert workflow.name.endswith(roles.WORKFLOW_NAME)
    [task] = workflow.tasks.specific()
    assert list(task.groups.all()) == [role_group(Role.APPROVERS)]
    # Wagtail's default workflow is switched off and no longer on any page.
    default = Workflow.objects.get(name=roles.WAGTAIL_DEFAULT_WORKFLOW)
    assert not default.active
    assert not WorkflowPage.objects.filter(workflow=default).exists()


def test_an_editor_cannot_publish(client, login_as, editor, draft):
    assert not draft.permissions_for_user(editor).can_publish()
    login_as(client, editor)
    response = edit(client, draft, "action-publish")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert not draft.live
    assert draft.has_unpublished_changes
    assert client.get(draft.url).status_code == 404


def test_an_approver_can_publish_and_unpublish(client, login_as, approver, draft):
    login_as(client, approver)
    edit(client, draft, "action-publish", title="Neglect strategy 2026")
    draft.refresh_from_db()
    assert draft.live
    assert client.get(draft.url).status_code == 200

    response = client.post(reverse("wagtailadmin_pages:unpublish", args=[draft.id]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert not draft.live
    assert actions_logged(draft)[-2:] == [
        ("wagtail.publish", approver.pk),
        ("wagtail.unpublish", approver.pk),
    ]


def test_editor_submits_and_approver_approves_with_history(
    client, login_as, editor, approver, draft
):
    login_as(client, editor)
    edit(client, draft, "action-submit", title="Neglect strategy (for approval)")
    draft.refresh_from_db()
    state = draft.current_workflow_state
    assert state is not None and state.status == "in_progress"
    assert not draft.live

    client.logout()
    login_as(client, approver)
    task_state = state.current_task_state
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[draft.id, "approve", task_state.id]),
        {"comment": "Checked with the business manager."},
    )
    assert response.status_code in (200, 302)
    draft.refresh_from_db()
    assert draft.live
    assert draft.title == "Neglect strategy (for approval)"
    logged = actions_logged(draft)
    assert ("wagtail.workflow.start", editor.pk) in logged
    assert ("wagtail.workflow.approve", approver.pk) in logged
    assert ("wagtail.publish", approver.pk) in logged


def test_approve_and_publish_in_the_editor_says_the_page_is_published(
    client, login_as, editor, approver, draft
):
    login_as(client, editor)
    edit(client, draft, "action-submit", title="Neglect strategy (for approval)")
    client.logout()

    login_as(client, approver)
    data = {"workflow-action-name": "approve"}
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[draft.id]),
        {**_edit_data(draft, "action-workflow-action", "Neglect strategy (for approval)"), **data},
        follow=True,
    )
    draft.refresh_from_db()
    assert draft.live
    shown = [unescape(strip_tags(str(message))).strip() for message in response.context["messages"]]
    assert "Page 'Neglect strategy (for approval)' has been approved and published." in shown
    assert not any("has been updated" in message for message in shown)


def test_approver_rejection_is_logged_and_nothing_goes_live(
    client, login_as, editor, approver, draft
):
    login_as(client, editor)
    edit(client, draft, "action-submit")
    draft.refresh_from_db()
    task_state = draft.current_workflow_state.current_task_state

    client.logout()
    login_as(client, approver)
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[draft.id, "reject", task_state.id]),
        {"comment": "The figures are last year's."},
    )
    draft.refresh_from_db()
    assert not draft.live
    assert draft.current_workflow_state.status == "needs_changes"
    assert ("wagtail.workflow.reject", approver.pk) in actions_logged(draft)


def test_an_editor_cannot_approve(client, login_as, editor, draft):
    login_as(client, editor)
    edit(client, draft, "action-submit")
    draft.refresh_from_db()
    task_state = draft.current_workflow_state.current_task_state
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[draft.id, "approve", task_state.id]),
        {"comment": ""},
    )
    assert response.status_code in (302, 403)  # Wagtail says "permission denied"
    draft.refresh_from_db()
    assert not draft.live
    assert draft.current_workflow_state.status == "in_progress"


def test_editors_cannot_change_what_goes_public_without_approval(editor, approver):
    # Alert banners and the contact numbers are public as soon as they are saved.
    assert editor.has_perm("site_core.view_alertbanner")
    assert not editor.has_perm("site_core.change_alertbanner")
    contacts = SafeguardingContacts.objects.get(site=default_partnership().site)
    policy = policy_registry.get_by_type(SafeguardingContacts)
    assert not policy.user_has_permission_for_instance(editor, "change", contacts)
    assert approver.has_perm("site_core.change_alertbanner")
    assert policy.user_has_permission_for_instance(approver, "change", contacts)


def test_governance_officers_get_every_governance_permission(make_user):
    from django.apps import apps
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    officer = make_user("gill", Role.GOVERNANCE_OFFICERS)
    records = [
        model
        for model in apps.get_app_config("governance").get_models()
        if not any(field.name == "page_ptr" for field in model._meta.fields)
    ]
    assert records
    for model in records:
        content_type = ContentType.objects.get_for_model(model)
        for codename in Permission.objects.filter(content_type=content_type).values_list(
            "codename", flat=True
        ):
            assert officer.has_perm(f"governance.{codename}")
    assert not officer.has_perm("site_core.change_alertbanner")


def test_sync_roles_adds_permissions_for_models_added_later(make_user):
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command

    # Stand-in for a governance model written after the roles migration ran.
    content_type = ContentType.objects.get(app_label="governance", model="body")
    officers = role_group(Role.GOVERNANCE_OFFICERS)
    officers.permissions.remove(*Permission.objects.filter(content_type=content_type))

    call_command("sync_roles", verbosity=0)

    officer = make_user("gill", Role.GOVERNANCE_OFFICERS)
    assert officer.has_perm("governance.change_body")
