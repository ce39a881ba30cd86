"""Sign-in's admin wiring: the second-factor pages, the gate before anything
members-only, administrators' enrolment codes and resets, and "People and
invitations" for a partnership's Administrators."""

from urllib.parse import urlencode

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets.button import Button

from . import invitations, two_factor, two_factor_admin
from .second_factor import needs_second_factor, second_factor_redirect

# --- Two-factor sign-in ----------------------------------------------------------


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("two-factor/", two_factor.two_factor, name="accounts_two_factor"),
        path(
            "two-factor/backup-codes/",
            two_factor.backup_codes,
            name="accounts_two_factor_backup_codes",
        ),
        path(
            "two-factor/users/<int:user_id>/enrolment-code/",
            two_factor_admin.IssueEnrolmentCodeView.as_view(),
            name="accounts_two_factor_issue_code",
        ),
        path(
            "two-factor/users/<int:user_id>/enrolment-code/issued/",
            two_factor_admin.IssuedCodeView.as_view(),
            name="accounts_two_factor_issued_code",
        ),
        path(
            "two-factor/users/<int:user_id>/reset/",
            two_factor_admin.ResetTwoFactorView.as_view(),
            name="accounts_two_factor_reset",
        ),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_menu_item(request):
    query = urlencode({"next": reverse("wagtailadmin_account")})
    return {
        "url": f"{reverse('accounts_two_factor_backup_codes')}?{query}",
        "label": "Backup codes",
        "help_text": "Make a new set of backup codes for two-factor sign-in, after entering "
        "a code from your authenticator app. The old codes stop working.",
    }


@hooks.register("register_user_listing_buttons")
def two_factor_user_listing_buttons(user, request_user):
    may_manage = two_factor_admin.may_manage_two_factor(request_user, user)
    if not may_manage or not two_factor.two_factor_applies(user):
        return []  # board members sign in with a password alone
    # Both: which of the two is needed depends on the user's devices; each page explains.
    return [
        Button(
            "Issue two-factor enrolment code",
            reverse("accounts_two_factor_issue_code", args=[user.pk]),
            icon_name="key",
            priority=60,
        ),
        Button(
            "Reset two-factor sign-in",
            reverse("accounts_two_factor_reset", args=[user.pk]),
            icon_name="lock-open",
            priority=61,
        ),
    ]


@hooks.register("register_log_actions")
def register_two_factor_log_actions(actions):
    actions.register_action(
        two_factor.LOGGED_CODE_ISSUED,
        "Issue two-factor enrolment code",
        "Two-factor enrolment code issued",
    )
    actions.register_action(
        two_factor.LOGGED_RESET, "Reset two-factor sign-in", "Two-factor sign-in reset"
    )


# --- Sign-in that cannot be side-stepped -------------------------------------
# An admin account signed in with a password alone (on the admin's sign-in page
# or the public one) is sent to the second factor before anything
# members-only is served; the admin itself is guarded by
# accounts.second_factor.AdminTwoFactorMiddleware. Ordered after Wagtail's own
# view-restriction checks, so someone the restriction refuses anyway is sent
# to sign in rather than asked for a code.


@hooks.register("before_serve_page", order=100)
def require_second_factor_for_members_pages(page, request, serve_args, serve_kwargs):
    if needs_second_factor(request.user) and page.get_view_restrictions().exists():
        return second_factor_redirect(request)
    return None


@hooks.register("before_serve_document", order=100)
def require_second_factor_for_private_documents(document, request):
    if needs_second_factor(request.user) and document.collection.get_view_restrictions().exists():
        return second_factor_redirect(request)
    return None


# --- People and invitations, for a partnership's Administrators ---------------


@hooks.register("register_admin_urls")
def register_invitation_urls():
    return [
        path("people/", invitations.PeopleView.as_view(), name="accounts_people"),
        path(
            "people/<int:user_id>/resend-invitation/",
            invitations.ResendInvitationView.as_view(),
            name="accounts_resend_invitation",
        ),
        path("people/invite/", invitations.InviteView.as_view(), name="accounts_invite"),
    ]


@hooks.register("register_admin_menu_item")
def register_people_menu_item():
    return invitations.people_menu_item()
