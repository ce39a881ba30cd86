"""Two-factor sign-in for the admin, with django-otp.

After the usual username and password, ``AdminTwoFactorMiddleware``
(site_core.security) sends every admin user here. Someone without an
authenticator yet scans a QR code and confirms with a code from the app;
they then get ten single-use backup codes. Everyone else types the current
six-digit code (or a backup code). django-otp slows down repeated wrong
codes on each device.
"""

import base64
import io
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user, verify_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

BACKUP_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"
SESSION_NEW_CODES = "site_core_new_backup_codes"


class CodeForm(forms.Form):
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
@sensitive_post_parameters("code")
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
        "site_core/otp/verify.html",
        {"form": form, "next": next_url},
        status=400 if form.errors else 200,
    )


def _set_up(request, next_url):
    device = (
        TOTPDevice.objects.filter(user=request.user, confirmed=False).order_by("-pk").first()
    ) or TOTPDevice.objects.create(user=request.user, name=AUTHENTICATOR_NAME, confirmed=False)

    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if verify_token(request.user, device.persistent_id, form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            _sign_in_second_factor(request, device)
            request.session[SESSION_NEW_CODES] = new_backup_codes(request.user)
            query = urlencode({"next": next_url})
            return redirect(f"{reverse('site_core_two_factor_backup_codes')}?{query}")
        form.add_error(
            "code",
            _throttled_message(device)
            or "That code did not work. Check the app shows this site's name, and enter "
            "the code it shows now.",
        )
    return render(
        request,
        "site_core/otp/set_up.html",
        {
            "form": form,
            "next": next_url,
            "qr_code": _qr_data_uri(device),
            "secret": _grouped_secret(device),
        },
        status=400 if form.errors else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def backup_codes(request):
    """Show new backup codes once; a verified user may ask for a fresh set."""
    if not request.user.is_verified():
        return redirect(reverse("site_core_two_factor"))
    if request.method == "POST":
        request.session[SESSION_NEW_CODES] = new_backup_codes(request.user)
        messages.success(request, "New backup codes made. The old ones no longer work.")
        return redirect(reverse("site_core_two_factor_backup_codes"))
    codes = request.session.pop(SESSION_NEW_CODES, None)
    return render(
        request,
        "site_core/otp/backup_codes.html",
        {"codes": codes, "next": _next_url(request)},
    )
