"""Response headers and the second-factor gate.

Django's own middleware sends the Content-Security-Policy (``SECURE_CSP``),
nosniff, Referrer-Policy and, in production, HSTS. This module adds what it
cannot: a relaxed policy under the admin path only, a sandboxing policy on
served documents, the Permissions-Policy header, and the rule that no admin
user opens the admin, a members-only page or a private document without a
second factor (the last two through hooks in site_core.wagtail_hooks).
"""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control

# Pages of the admin an authenticated but not yet verified user may open:
# signing in and out, resetting a password, and the two-factor pages.
TWO_FACTOR_EXEMPT_URL_NAMES = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
    "site_core_two_factor",
    "site_core_two_factor_backup_codes",
    "site_core_accept_invitation",
}

# Sent with every document that downloads: if a browser opens one anyway it
# is a sandboxed, script-less page. PDFs keep Wagtail's own
# "default-src 'none'": Chrome refuses to run its PDF viewer in a sandbox.
DOCUMENT_DOWNLOAD_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'"


def admin_prefix():
    """ "/admin/", or wherever ADMIN_PATH moved it: the one place it is worked out."""
    return f"/{settings.WAGTAIL_ADMIN_PATH}/"


def is_admin_path(path):
    return path.startswith(admin_prefix())


class SecurityHeadersMiddleware:
    """Per-area Content-Security-Policy, and Permissions-Policy everywhere.

    Sits just inside Django's ContentSecurityPolicyMiddleware, so the
    ``_csp_config`` it sets on admin responses is what that middleware sends.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        path = request.path_info
        if is_admin_path(path):
            # Kept out of search engines by a header, not by robots.txt, which
            # would name the address to anyone who reads it.
            response["X-Robots-Tag"] = "noindex, nofollow"
            if not hasattr(response, "_csp_config"):  # a view's own override wins
                response._csp_config = settings.ADMIN_CSP
        elif getattr(request, "is_preview", False) and not hasattr(response, "_csp_config"):
            # Wagtail renders a preview through the whole middleware stack with the
            # page's own path, then shows it in a frame of the admin's editor. The
            # public "frame-ancestors 'none'" would blank that frame (and leave the
            # Checks panel reporting no issues); 'self' lets only this site frame it.
            response._csp_config = settings.PREVIEW_CSP
        elif path.startswith("/documents/") and self._is_file(response):
            if response.get("Content-Disposition", "").startswith("attachment"):
                response["Content-Security-Policy"] = DOCUMENT_DOWNLOAD_CSP
            response["X-Content-Type-Options"] = "nosniff"
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        return response

    @staticmethod
    def _is_file(response):
        content_type = response.get("Content-Type", "")
        return response.status_code == 200 and not content_type.startswith("text/html")


def needs_second_factor(user):
    """Signed in with a password alone, by someone who may use the admin.

    Whichever sign-in page they used: an admin account's password must not be
    enough for anything members-only. Board members without admin access
    sign in with a password alone.
    """
    return (
        user.is_authenticated
        and not user.is_verified()
        and user.has_perm("wagtailadmin.access_admin")
    )


def second_factor_redirect(request):
    """To the two-factor page, then back here. Never kept by a cache or a CDN."""
    query = urlencode({"next": request.get_full_path()})
    response = redirect(f"{reverse('site_core_two_factor')}?{query}")
    patch_cache_control(response, private=True, no_store=True)
    return response


class AdminTwoFactorMiddleware:
    """Sends anyone signed in to the admin without a second factor to verify one.

    Runs after django-otp's OTPMiddleware, which marks ``request.user`` as
    verified when this session has passed a one-time code. Users who may not
    use the admin at all (board members) are left to Wagtail, which refuses
    them; only admin users are asked to enrol.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not is_admin_path(request.path_info):
            return None
        match = request.resolver_match
        if match is not None and match.url_name in TWO_FACTOR_EXEMPT_URL_NAMES:
            return None
        if not needs_second_factor(request.user):
            return None
        return second_factor_redirect(request)


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer once the failure limit is reached (AXES_LOCKOUT_CALLABLE)."""
    from axes.helpers import get_cool_off, get_failure_limit
    from django.shortcuts import render

    cool_off = get_cool_off(request)
    return render(
        request,
        "site_core/otp/locked_out.html",
        {
            "failure_limit": get_failure_limit(request, credentials),
            "cooloff_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
        },
        status=429,
    )
