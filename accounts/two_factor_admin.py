"""Administrators' side of two-factor sign-in: enrolment codes and resets.

Reached from the "More" menu of each row under Settings → Users, and from
"People and invitations" for a partnership's Administrators, who cannot open
Settings → Users: the pages lead back to whichever list the reader can open.
Only administrators (who may change users) may act; only superusers on
superusers, since otherwise changing users would be a way to take over a
superuser's sign-in; and never on themselves, because resetting your own
factor signs this session out of it before the new code could be shown.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import View
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .invitations import administered_partnerships, may_administer
from .models import TwoFactorEnrolmentCode
from .two_factor import (
    ENROLMENT_CODE_LIFETIME,
    issue_enrolment_code,
    reset_two_factor,
    two_factor_applies,
)

# The code just issued, until the page that shows it once has been opened.
SESSION_ISSUED_CODE = "accounts_issued_enrolment_code"


def may_manage_two_factor(acting_user, user=None):
    """Whether ``acting_user`` may issue codes for, or reset, ``user`` (or anyone).

    Besides those who may change users, a partnership's Administrators may,
    for people of the partnerships they administer only (accounts.invitations).
    """
    if not acting_user.has_perm("auth.change_user"):
        if user is None:
            return administered_partnerships(acting_user).exists()
        return may_administer(acting_user, user)
    if user is None:
        return True
    return user.pk != acting_user.pk and (acting_user.is_superuser or not user.is_superuser)


def may_open_users(user):
    """Whether ``user`` can open Settings → Users (Wagtail asks for any of these)."""
    return any(user.has_perm(f"auth.{action}_user") for action in ("add", "change", "delete"))


def way_back(user):
    """(url, label) of the list this administrator came from: Settings → Users
    for those who may open it, else their partnership's "People and
    invitations", which is all a partnership's Administrator has."""
    if may_open_users(user):
        return reverse("wagtailusers_users:index"), "Users"
    return reverse("accounts_people"), "People and invitations"


def has_confirmed_device(user):
    return any(True for _ in devices_for_user(user, confirmed=True))


class TwoFactorUserMixin(WagtailAdminTemplateMixin):
    header_icon = "key"
    only_where_two_factor_applies = True

    def dispatch(self, request, user_id):
        if not may_manage_two_factor(request.user):
            raise PermissionDenied
        self.target = get_object_or_404(get_user_model(), pk=user_id)
        if self.target.pk == request.user.pk:
            messages.error(
                request,
                "You cannot reset or enrol your own two-factor sign-in here. Ask another "
                "administrator, or make new backup codes from your account.",
            )
            return redirect(way_back(request.user)[0])
        if not may_manage_two_factor(request.user, self.target):
            raise PermissionDenied
        if self.only_where_two_factor_applies and not two_factor_applies(self.target):
            messages.error(
                request,
                f"{self.get_page_subtitle()} signs in with a password alone (no admin access), "
                "so has no two-factor sign-in to reset or set up.",
            )
            return redirect(way_back(request.user)[0])
        return super().dispatch(request, user_id)

    def get_page_subtitle(self):
        return self.target.get_full_name() or self.target.get_username()

    def get_header_title(self):
        return f"{self.get_page_title()}: {self.get_page_subtitle()}"

    def get_breadcrumbs_items(self):
        back_url, back_label = way_back(self.request.user)
        person = {"url": "", "label": self.get_page_subtitle()}
        if may_open_users(self.request.user):
            person["url"] = reverse("wagtailusers_users:edit", args=[self.target.pk])
        return [
            *self.breadcrumbs_items,
            {"url": back_url, "label": back_label},
            person,
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        live_code = TwoFactorEnrolmentCode.objects.filter(
            user=self.target, used_at__isnull=True
        ).first()
        back_url, back_label = way_back(self.request.user)
        return super().get_context_data(
            back_url=back_url,
            back_label=back_label,
            target=self.target,
            has_authenticator=TOTPDevice.objects.filter(user=self.target, confirmed=True).exists(),
            backup_codes_left=StaticToken.objects.filter(
                device__user=self.target, device__confirmed=True
            ).count(),
            has_confirmed_device=has_confirmed_device(self.target),
            live_code=live_code,
            lifetime_hours=int(ENROLMENT_CODE_LIFETIME.total_seconds() // 3600),
            now=timezone.now(),
            **kwargs,
        )

    def get(self, request, user_id):
        return self.render_to_response(self.get_context_data())

    def show_code_once(self, code):
        self.request.session[SESSION_ISSUED_CODE] = {"user": self.target.pk, "code": code}
        return redirect("accounts_two_factor_issued_code", self.target.pk)


@method_decorator(never_cache, name="dispatch")
class IssueEnrolmentCodeView(TwoFactorUserMixin, View):
    """Confirm, then issue an enrolment code for someone who has no second factor yet."""

    page_title = "Issue a two-factor enrolment code"
    template_name = "accounts/otp/admin_issue_code.html"

    def post(self, request, user_id):
        if has_confirmed_device(self.target):
            # They would never be asked for it; a reset is what replaces a device.
            messages.error(
                request,
                f"{self.get_page_subtitle()} already has two-factor sign-in, so an enrolment "
                "code would not be used. To replace their authenticator, reset it.",
            )
            return redirect("accounts_two_factor_reset", self.target.pk)
        return self.show_code_once(issue_enrolment_code(self.target, issued_by=request.user))


@method_decorator(never_cache, name="dispatch")
class ResetTwoFactorView(TwoFactorUserMixin, View):
    """Confirm, then remove someone's devices and issue a fresh enrolment code."""

    page_title = "Reset two-factor sign-in"
    template_name = "accounts/otp/admin_reset.html"

    def post(self, request, user_id):
        removed, code = reset_two_factor(self.target, reset_by=request.user)
        messages.success(
            request,
            f"Two-factor sign-in reset for {self.get_page_subtitle()}: removed {removed} "
            f"device{'s' if removed != 1 else ''}.",
        )
        return self.show_code_once(code)


@method_decorator(never_cache, name="dispatch")
class IssuedCodeView(TwoFactorUserMixin, View):
    """Shows a newly issued code once; the session forgets it as it is shown."""

    page_title = "Two-factor enrolment code"
    template_name = "accounts/otp/admin_issued_code.html"
    # A reset may have just removed the devices of someone without admin access.
    only_where_two_factor_applies = False

    def get(self, request, user_id):
        issued = request.session.get(SESSION_ISSUED_CODE) or {}
        code = None
        if issued.get("user") == self.target.pk:
            code = issued["code"]
            del request.session[SESSION_ISSUED_CODE]
        return self.render_to_response(self.get_context_data(code=code))
