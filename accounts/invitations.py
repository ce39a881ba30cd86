"""Inviting people, and helping them when they lose their phone.

A partnership's Administrators (site_core.roles) add a person with their email
address and roles. The person receives an email, sent by a background task,
with a one-time link: it opens a page where they choose a password, and then
(when their roles use the admin) go straight on to set up their authenticator
app. The link proves they hold the address, so it stands in for the
enrolment code an administrator would otherwise hand over; it stops working
once used (Django's password-reset token changes with the password) and after
``PASSWORD_RESET_TIMEOUT``. Someone who has not accepted yet can be sent a
new link ("Resend invitation" on the people list); the earlier one then stops
working.

Administrators may act only on people who work for no partnership they do not
administer, and never on superusers or themselves: otherwise an administrator
of one partnership could take over an account that opens another.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.tasks import task
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.menu import MenuItem
from wagtail.models import Site

from site_core.admin_pages import SiteAdminPageMixin
from site_core.models import Partnership, PartnershipGroup
from site_core.roles import DESCRIPTIONS, Role
from site_core.tenancy import role_groups

from .models import TwoFactorEnrolmentCode
from .two_factor import SESSION_ENROLMENT_CODE, issue_enrolment_code, two_factor_applies

# Roles an invitation may give. Administrators are made by superusers only, so
# an administrator cannot hand the role on.
INVITABLE_ROLES = [role for role in Role if role != Role.ADMINISTRATORS]


def administered_partnerships(user):
    """The partnerships ``user`` administers (every one, for a superuser)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Partnership.objects.none()
    if user.is_superuser:
        return Partnership.objects.all()
    return Partnership.objects.filter(
        role_groups__role=Role.ADMINISTRATORS, role_groups__group__user=user
    ).distinct()


def partnerships_of(user):
    return set(
        PartnershipGroup.objects.filter(group__user=user).values_list("partnership_id", flat=True)
    )


def may_administer(acting_user, user):
    """Whether ``acting_user`` may reset ``user``'s second factor (and see them listed)."""
    if user.pk == acting_user.pk or user.is_superuser:
        return acting_user.is_superuser and user.pk != acting_user.pk
    if acting_user.is_superuser:
        return True
    theirs = partnerships_of(user)
    mine = set(administered_partnerships(acting_user).values_list("pk", flat=True))
    return bool(theirs) and theirs <= mine


def people_of(acting_user):
    """Everyone working for the partnerships ``acting_user`` administers, that they may manage."""
    ids = administered_partnerships(acting_user).values_list("pk", flat=True)
    people = (
        get_user_model()
        .objects.filter(groups__partnership_role__partnership__in=ids)
        .distinct()
        .order_by("last_name", "first_name", "email")
    )
    return [person for person in people if may_administer(acting_user, person)]


# -- The administrator's side ---------------------------------------------------


class InvitationForm(forms.Form):
    email = forms.EmailField(help_text="The invitation is sent to this address.")
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    partnership = forms.ModelChoiceField(queryset=Partnership.objects.none())
    roles = forms.MultipleChoiceField(
        # Each choice says what the role may do, as the groups' own pages do.
        choices=[(role.value, f"{role.label}: {DESCRIPTIONS[role]}") for role in INVITABLE_ROLES],
        widget=forms.CheckboxSelectMultiple,
        help_text="The editors' guide (in the admin menu) says more about each role.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        partnerships = administered_partnerships(user)
        self.fields["partnership"].queryset = partnerships
        if partnerships.count() == 1:
            self.fields["partnership"].initial = partnerships.first()

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "Someone with this email address already has an account. Ask a superuser to "
                "give them roles here (Settings → Users → their “Roles” tab)."
            )
        return email


def invite(email, first_name, last_name, partnership, roles, invited_by=None):
    """Make the account (no usable password yet) with its roles, and queue the email."""
    User = get_user_model()
    with transaction.atomic():
        user = User(email=email, first_name=first_name, last_name=last_name)
        setattr(user, User.USERNAME_FIELD, email)
        user.set_unusable_password()
        user.save()
        groups = role_groups(partnership)
        user.groups.add(*(groups[Role(role)] for role in roles))
        transaction.on_commit(
            lambda: send_invitation.enqueue(
                user.pk, partnership.pk, invited_by.pk if invited_by else None
            )
        )
    return user


def invitation_url(user, partnership):
    """The one-time link, on the partnership's own site when it has a known address."""
    path = reverse(
        "accounts_accept_invitation",
        args=[
            urlsafe_base64_encode(force_bytes(user.pk)),
            default_token_generator.make_token(user),
        ],
    )
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or ""
    if not base:
        site = (
            partnership.site if partnership else Site.objects.filter(is_default_site=True).first()
        )
        base = site.root_url if site else ""
    return base.rstrip("/") + path


@task()
def send_invitation(user_id, partnership_id, invited_by_id=None):
    """Email the invitation. Queued, so a slow mail server never holds up the admin."""
    User = get_user_model()
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or user.has_usable_password():
        return  # gone, or already accepted: nothing to send
    partnership = Partnership.objects.filter(pk=partnership_id).select_related("site").first()
    inviter = User.objects.filter(pk=invited_by_id).first() if invited_by_id else None
    name = str(partnership) if partnership else settings.WAGTAIL_SITE_NAME
    who = (inviter.get_full_name() or "An administrator") if inviter else "An administrator"
    link = invitation_url(user, partnership)
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    send_mail(
        subject=f"You have been invited to the {name} website",
        message=(
            f"Hello {user.first_name},\n\n"
            f"{who} has given you an account on the {name} website.\n\n"
            f"Open this link to choose your password:\n{link}\n\n"
            "If your role uses the admin, you will then set up an authenticator app on "
            "your phone, which gives you a code each time you sign in.\n\n"
            f"The link works once, for {hours} hours. If it has expired, ask the person who "
            "invited you to send a new one.\n\n"
            "If you were not expecting this, ignore this email: nothing happens until the "
            "link is used.\n"
        ),
        from_email=None,
        recipient_list=[user.email],
    )


def resend(user, partnership, resent_by=None):
    """A new link for someone who has not accepted yet; the old one stops working.

    The link's token is made from the password hash, so a fresh unusable
    password (random each time) retires every link sent before.
    """
    with transaction.atomic():
        user.set_unusable_password()
        user.save(update_fields=["password"])
        transaction.on_commit(
            lambda: send_invitation.enqueue(
                user.pk,
                partnership.pk if partnership else None,
                resent_by.pk if resent_by else None,
            )
        )


def may_invite(user):
    return administered_partnerships(user).exists()


@method_decorator(never_cache, name="dispatch")
class InviteView(SiteAdminPageMixin, FormView):
    page_title = "Invite someone"
    header_icon = "mail"
    template_name = "accounts/admin/invite.html"
    form_class = InvitationForm

    def dispatch(self, request, *args, **kwargs):
        if not may_invite(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        data = form.cleaned_data
        user = invite(
            data["email"],
            data["first_name"],
            data["last_name"],
            data["partnership"],
            data["roles"],
            invited_by=self.request.user,
        )
        messages.success(
            self.request,
            f"Invitation sent to {user.email}. They choose their password from the link in it.",
        )
        return redirect("accounts_people")


@method_decorator(never_cache, name="dispatch")
class PeopleView(SiteAdminPageMixin, TemplateView):
    """The people of the partnerships this administrator runs, with their roles."""

    page_title = "People"
    header_icon = "group"
    template_name = "accounts/admin/people.html"

    def dispatch(self, request, *args, **kwargs):
        if not may_invite(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        administered = set(
            administered_partnerships(self.request.user).values_list("pk", flat=True)
        )
        rows = []
        for person in people_of(self.request.user):
            links = PartnershipGroup.objects.filter(
                group__user=person, partnership_id__in=administered
            ).select_related("partnership")
            rows.append(
                {
                    "person": person,
                    "roles": [f"{link.get_role_display()} ({link.partnership})" for link in links],
                    "invited": not person.has_usable_password(),
                    "two_factor": two_factor_applies(person),
                }
            )
        return super().get_context_data(rows=rows, **kwargs)


@method_decorator(never_cache, name="dispatch")
class ResendInvitationView(View):
    """Send someone who has not yet accepted a new link (POST only)."""

    http_method_names = ["post"]

    def post(self, request, user_id):
        if not may_invite(request.user):
            raise PermissionDenied
        person = get_user_model().objects.filter(pk=user_id, is_active=True).first()
        if person is None or not may_administer(request.user, person):
            raise Http404  # another partnership's people are not theirs to know of
        if person.has_usable_password():
            messages.error(
                request,
                f"{person.email} has already accepted their invitation and chosen a password. "
                "If they have lost their phone, reset their two-factor sign-in.",
            )
            return redirect("accounts_people")
        partnership = (
            administered_partnerships(request.user)
            .filter(pk__in=partnerships_of(person))
            .order_by("pk")
            .first()
        )
        resend(person, partnership, resent_by=request.user)
        messages.success(
            request,
            f"A new invitation was sent to {person.email}. The link in the earlier one no "
            "longer works.",
        )
        return redirect("accounts_people")


class PeopleMenuItem(MenuItem):
    def is_shown(self, request):
        return may_invite(request.user)


def people_menu_item():
    return PeopleMenuItem(
        "People and invitations", reverse("accounts_people"), icon_name="group", order=650
    )


# -- The invited person's side --------------------------------------------------


def _invited_user(uidb64, token):
    try:
        pk = force_str(urlsafe_base64_decode(uidb64))
        user = get_user_model().objects.get(pk=pk, is_active=True)
    except (TypeError, ValueError, OverflowError, get_user_model().DoesNotExist):
        return None
    return user if default_token_generator.check_token(user, token) else None


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def accept_invitation(request, uidb64, token):
    """Choose a password from the emailed link, then set up the second factor."""
    user = _invited_user(uidb64, token)
    if user is None:
        return render(request, "accounts/otp/invitation_expired.html", status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()  # the link stops working: the token depends on the password
            code = None
            if user.has_perm("wagtailadmin.access_admin"):
                code = issue_enrolment_code(user)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        if code is not None:
            # The emailed link stands in for typing the enrolment code.
            record = TwoFactorEnrolmentCode.objects.filter(user=user, used_at__isnull=True).first()
            request.session[SESSION_ENROLMENT_CODE] = record.pk
            return redirect("accounts_two_factor")
        messages.success(request, "Your password is set.")
        site = Site.find_for_request(request)
        return redirect(site.root_page.url if site else "/")
    return render(
        request,
        "accounts/otp/accept_invitation.html",
        {"form": form, "invited": user},
        status=400 if form.errors else 200,
    )
