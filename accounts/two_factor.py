"""Two-factor sign-in for admin users, with django-otp.

After the usual username and password, every admin user is sent here: by
``AdminTwoFactorMiddleware`` (accounts.second_factor) for the admin, and before
anything members-only (pages, their sub-routes, papers, packs and calendars:
see accounts.second_factor for where), whichever sign-in page they used.
Someone without an authenticator yet first types the enrolment code an
administrator gave them (so a stolen password alone cannot enrol the thief's
phone), then scans a QR code and confirms with a code from the app; they then
get ten single-use backup codes. Everyone else types the current six-digit
code (or a backup code). django-otp slows down repeated wrong codes on each
device; enrolment codes are cancelled after a few wrong guesses.
"""

import base64
import hashlib
import io
from datetime import timedelta
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.db import transaction
from django.db.models import F
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user, verify_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image
from wagtail.log_actions import log

from .models import TwoFactorEnrolmentCode

BACKUP_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"
# The audit log's names for what administrators do here. Entries already in
# the log carry these names, so they stay as first recorded.
LOGGED_CODE_ISSUED = "site_core.enrolment_code_issued"
LOGGED_RESET = "site_core.two_factor_reset"

SESSION_NEW_CODES = "accounts_new_backup_codes"
# The enrolment code this session has typed correctly, until set-up finishes.
SESSION_ENROLMENT_CODE = "accounts_enrolment_code"

ENROLMENT_CODE_LIFETIME = timedelta(hours=72)
# Enough for typing mistakes; far too few to guess 80 random bits.
ENROLMENT_CODE_MAX_FAILURES = 5
# No 0/O or 1/I: the code is read out or copied by hand. 32 symbols, so
# 16 of them are 80 random bits.
ENROLMENT_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
ENROLMENT_CODE_LENGTH = 16
CODE_ALREADY_USED = "That enrolment code has already been used. Ask an administrator for a new one."


class ErrorsDescribeFieldMixin:
    """Links a field's error message to its input, as well as its help text.

    Wagtail's ``formattedfield`` shows the error but points the input's
    aria-describedby at the help text only; screen readers should read both.
    Templates give the error container the id ``<field id>-errors``.
    """

    def add_error(self, field, error):
        super().add_error(field, error)
        if field in self.fields:
            bound = self[field]
            ids = [f"{bound.auto_id}-errors"]
            if self.fields[field].help_text:
                ids.insert(0, f"{bound.auto_id}-helptext")
            self.fields[field].widget.attrs["aria-describedby"] = " ".join(ids)


class CodeForm(ErrorsDescribeFieldMixin, forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The six-digit code your authenticator app shows now, or one of your "
        "backup codes.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split()).lower()
        if not code:
            raise forms.ValidationError("Enter the code from your authenticator app.")
        return code


class FreshCodeForm(CodeForm):
    """A code typed now, before new backup codes are made.

    Not focused on arrival: the page may be showing new codes to read first.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.pop("autofocus", None)


class EnrolmentCodeForm(ErrorsDescribeFieldMixin, forms.Form):
    enrolment_code = forms.CharField(
        label="Enrolment code",
        max_length=40,
        help_text="The 16-letter code an administrator gave you, for example "
        "ABCD-EFGH-JKLM-NPQR. Capitals and dashes do not matter.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.enrolment_code = None

    def clean_enrolment_code(self):
        self.enrolment_code = accept_enrolment_code(self.user, self.cleaned_data["enrolment_code"])
        return self.cleaned_data["enrolment_code"]


def _normalise_enrolment_code(typed):
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def _hash_enrolment_code(typed):
    return hashlib.sha256(_normalise_enrolment_code(typed).encode()).hexdigest()


def issue_enrolment_code(user, issued_by=None):
    """Make a new enrolment code for ``user`` and return it: it can never be read again.

    Any unused code the user had stops working, so only the latest code an
    administrator handed out is live.
    """
    code = get_random_string(ENROLMENT_CODE_LENGTH, ENROLMENT_CODE_ALPHABET)
    with transaction.atomic():
        TwoFactorEnrolmentCode.objects.filter(user=user, used_at__isnull=True).delete()
        TwoFactorEnrolmentCode.objects.create(
            user=user,
            code_hash=_hash_enrolment_code(code),
            created_by=issued_by,
            expires_at=timezone.now() + ENROLMENT_CODE_LIFETIME,
        )
        log(user, LOGGED_CODE_ISSUED, user=issued_by)
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def reset_two_factor(user, reset_by=None):
    """Remove all of ``user``'s two-factor devices and return a fresh enrolment code.

    Returns (number of devices removed, the new code).
    """
    with transaction.atomic():
        devices = list(devices_for_user(user, confirmed=None))
        for device in devices:
            device.delete()
        log(
            user,
            LOGGED_RESET,
            user=reset_by,
            data={"devices_removed": len(devices)},
        )
        code = issue_enrolment_code(user, issued_by=reset_by)
    return len(devices), code


def _enrolment_code_problem(record):
    """Why a code the user typed correctly still cannot be used, or None."""
    if record.used_at is not None:
        return CODE_ALREADY_USED
    if record.failed_attempts >= ENROLMENT_CODE_MAX_FAILURES:
        return (
            "Too many wrong enrolment codes were tried, so this one has been cancelled. "
            "Ask an administrator for a new one."
        )
    if record.expires_at <= timezone.now():
        expired = timezone.localtime(record.expires_at).strftime("%-d %B %Y at %H:%M")
        return f"That enrolment code expired on {expired}. Ask an administrator for a new one."
    return None


def accept_enrolment_code(user, typed):
    """The user's live enrolment code matching ``typed``, or a ValidationError saying why not.

    A wrong guess counts against the user's live code, which is cancelled
    after ENROLMENT_CODE_MAX_FAILURES: someone with only a stolen password
    gets a handful of tries at 80 random bits.
    """
    if not _normalise_enrolment_code(typed):
        raise forms.ValidationError("Enter the enrolment code an administrator gave you.")
    live = TwoFactorEnrolmentCode.objects.filter(user=user, used_at__isnull=True).first()
    if live is not None and live.failed_attempts >= ENROLMENT_CODE_MAX_FAILURES:
        raise forms.ValidationError(_enrolment_code_problem(live))
    record = TwoFactorEnrolmentCode.objects.filter(
        user=user, code_hash=_hash_enrolment_code(typed)
    ).first()
    if record is None:
        if live is not None:
            TwoFactorEnrolmentCode.objects.filter(pk=live.pk).update(
                failed_attempts=F("failed_attempts") + 1
            )
        raise forms.ValidationError(
            "That enrolment code is not right. Check it against the one your administrator "
            "gave you, or ask them for a new one."
        )
    problem = _enrolment_code_problem(record)
    if problem:
        raise forms.ValidationError(problem)
    return record


def _session_enrolment_code(request):
    """The enrolment code this session typed, if it can still be used.

    Returns (code or None, why it no longer works or None).
    """
    pk = request.session.get(SESSION_ENROLMENT_CODE)
    if pk is None:
        return None, None
    record = TwoFactorEnrolmentCode.objects.filter(pk=pk, user=request.user).first()
    problem = "That enrolment code is no longer valid." if record is None else None
    problem = problem or _enrolment_code_problem(record)
    if problem:
        del request.session[SESSION_ENROLMENT_CODE]
        return None, problem
    return record, None


def _next_url(request):
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("wagtailadmin_home")


def _qr_data_uri(device):
    buffer = io.BytesIO()
    write_qrcode_image(device.config_url, buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _grouped_secret(device):
    secret = base64.b32encode(device.bin_key).decode("ascii")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _throttled_message(device):
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    until = (data or {}).get("locked_until")
    if until:
        seconds = max(1, int((until - timezone.now()).total_seconds()) + 1)
        return f"Too many wrong codes. Wait {seconds} seconds, then try again."
    return "Too many wrong codes. Wait a minute, then try again."


def new_backup_codes(user):
    """Replace the user's backup codes with a fresh set and return them."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _sign_in_second_factor(request, device):
    request.session.cycle_key()
    otp_login(request, device)


@never_cache
@sensitive_post_parameters("code", "enrolment_code")
@require_http_methods(["GET", "POST"])
def two_factor(request):
    """Verify a code, or set up an authenticator on first sign-in."""
    user = request.user
    next_url = _next_url(request)
    if user.is_verified():
        return redirect(next_url)

    confirmed = list(devices_for_user(user, confirmed=True))
    if confirmed:
        return _verify(request, confirmed, next_url)
    return _set_up(request, next_url)


def _verify(request, devices, next_url):
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        for device in devices:
            if verify_token(request.user, device.persistent_id, code):
                _sign_in_second_factor(request, device)
                return redirect(next_url)
        throttled = next(filter(None, (_throttled_message(d) for d in devices)), None)
        form.add_error(
            "code",
            throttled
            or "That code did not work. Codes change every 30 seconds: enter the one your "
            "app shows now, or one of your backup codes.",
        )
    return render(
        request,
        "accounts/otp/verify.html",
        {"form": form, "next": next_url},
        status=400 if form.errors else 200,
    )


def _ask_for_enrolment_code(request, next_url, problem=None):
    """The first step of set-up: nothing about the authenticator is shown before it.

    ``problem`` says why the code this session typed earlier stopped working
    (it expired, or another session used it); the form then starts empty.
    """
    form = EnrolmentCodeForm(None if problem else request.POST or None, user=request.user)
    if form.is_bound and form.is_valid():
        request.session[SESSION_ENROLMENT_CODE] = form.enrolment_code.pk
        return redirect(f"{reverse('accounts_two_factor')}?{urlencode({'next': next_url})}")
    return render(
        request,
        "accounts/otp/enrolment_code.html",
        {"form": form, "next": next_url, "problem": problem},
        status=400 if form.errors or problem else 200,
    )


def _set_up(request, next_url):
    enrolment_code, problem = _session_enrolment_code(request)
    if enrolment_code is None:
        return _ask_for_enrolment_code(request, next_url, problem)

    device = (
        TOTPDevice.objects.filter(user=request.user, confirmed=False).order_by("-pk").first()
    ) or TOTPDevice.objects.create(user=request.user, name=AUTHENTICATOR_NAME, confirmed=False)

    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if verify_token(request.user, device.persistent_id, form.cleaned_data["code"]):
            with transaction.atomic():
                # Used up only now, when set-up succeeds; the conditional
                # update makes sure two sessions cannot both spend it.
                spent = TwoFactorEnrolmentCode.objects.filter(
                    pk=enrolment_code.pk, used_at__isnull=True
                ).update(used_at=timezone.now())
                if not spent:
                    del request.session[SESSION_ENROLMENT_CODE]
                    return _ask_for_enrolment_code(request, next_url, CODE_ALREADY_USED)
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            del request.session[SESSION_ENROLMENT_CODE]
            _sign_in_second_factor(request, device)
            request.session[SESSION_NEW_CODES] = new_backup_codes(request.user)
            query = urlencode({"next": next_url})
            return redirect(f"{reverse('accounts_two_factor_backup_codes')}?{query}")
        form.add_error(
            "code",
            _throttled_message(device)
            or "That code did not work. Check the app shows this site's name, and enter "
            "the code it shows now.",
        )
    return render(
        request,
        "accounts/otp/set_up.html",
        {
            "form": form,
            "next": next_url,
            "qr_code": _qr_data_uri(device),
            "secret": _grouped_secret(device),
        },
        status=400 if form.errors else 200,
    )


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def backup_codes(request):
    """Show new backup codes once; a verified user may ask for a fresh set.

    A fresh set needs a code typed now, not just a verified session: a
    session left open on a shared computer must not be enough to take over
    someone's backup codes.
    """
    if not request.user.is_verified():
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse('accounts_two_factor')}?{query}")
    next_url = _next_url(request)
    form = FreshCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        devices = list(devices_for_user(request.user, confirmed=True))
        if any(verify_token(request.user, d.persistent_id, code) for d in devices):
            request.session[SESSION_NEW_CODES] = new_backup_codes(request.user)
            messages.success(request, "New backup codes made. The old ones no longer work.")
            query = urlencode({"next": next_url})
            return redirect(f"{reverse('accounts_two_factor_backup_codes')}?{query}")
        throttled = next(filter(None, (_throttled_message(d) for d in devices)), None)
        form.add_error(
            "code",
            throttled
            or "That code did not work. Enter the code your authenticator app shows now, "
            "or one of your current backup codes.",
        )
    codes = None if form.is_bound else request.session.pop(SESSION_NEW_CODES, None)
    return render(
        request,
        "accounts/otp/backup_codes.html",
        {"codes": codes, "form": form, "next": next_url},
        status=400 if form.errors else 200,
    )


def two_factor_applies(user):
    """Whether two-factor sign-in means anything for ``user``: everyone who may
    use the admin must have it, anyone else only if they once set it up. Board
    members sign in with a password alone, so have nothing to reset or enrol."""
    return user.has_perm("wagtailadmin.access_admin") or any(
        True for _ in devices_for_user(user, confirmed=None)
    )
