"""Response headers and the second-factor gate.

Django's own middleware sends the Content-Security-Policy (``SECURE_CSP``),
nosniff, Referrer-Policy and, in production, HSTS. This module adds what it
cannot: a relaxed policy under the admin path only, a sandboxing policy on
served documents, the Permissions-Policy header, and the rule that no admin
user gets anything members-only without a second factor. Where that rule is
applied, so that a new route needs nothing more than one of these:

* the admin: ``AdminTwoFactorMiddleware``;
* restricted pages (and every sub-route of a routable one) and documents in
  restricted collections: the ``before_serve_page``/``before_serve_document``
  hooks in site_core.wagtail_hooks, after Wagtail's own restriction checks;
* members' views the restrictions do not cover (the members' area, the
  recommendations' members' view): the ``members_only`` decorator;
* the API: ``SecondFactorSessionAuthentication``, where a password alone is
  nobody's session.

tests/security/test_members_routes_second_factor.py asks every route, from
the URL resolver and every routable page, with a password alone.
"""

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from rest_framework.authentication import SessionAuthentication

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


def second_factor_refusal(request):
    """The answer for anything members-only: the second-factor step for an admin
    account signed in with a password alone, otherwise None (carry on)."""
    if needs_second_factor(request.user):
        return second_factor_redirect(request)
    return None


def members_only(route):
    """For a page's ``serve`` or a routable page's route that shows members-only data.

    The one check for what Wagtail's page and collection restrictions do not
    cover (a members' view under a public page, or a members' area whose
    restriction was removed by mistake): the partnership's board members and
    governance officers only, an admin account only after its second factor,
    and never kept by a cache. Anyone else is sent to sign in.
    """

    @wraps(route)
    def checked(page, request, *args, **kwargs):
        from .models import Partnership
        from .roles import MEMBERS_AREA_ROLES
        from .tenancy import has_role

        partnership = Partnership.for_request(request)
        if partnership.site_id != getattr(page.get_site(), "pk", None):
            raise Http404  # another partnership's page: not here
        if not has_role(request.user, partnership, *MEMBERS_AREA_ROLES):
            return redirect_to_login(request.get_full_path(), "wagtailcore_login")
        refusal = second_factor_refusal(request)
        if refusal is not None:
            return refusal
        response = route(page, request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response

    return checked


class SecondFactorSessionAuthentication(SessionAuthentication):
    """How the API (Django REST framework, under Wagtail's API) knows who asks.

    The session only, and an admin account without its second factor counts
    as nobody: it gets what the public gets, never a members-only page or
    paper. HTTP Basic (a password alone in every request) is not accepted.
    """

    def authenticate(self, request):
        signed_in = super().authenticate(request)
        if signed_in is not None and needs_second_factor(signed_in[0]):
            return None
        return signed_in


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
