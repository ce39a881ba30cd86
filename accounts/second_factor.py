"""The second-factor gate: no admin user gets anything members-only, or any
of the admin, with a password alone.

Where the rule is applied, so that a new route needs nothing more than one of
these:

* the admin: ``AdminTwoFactorMiddleware``;
* restricted pages (and every sub-route of a routable one) and documents in
  restricted collections: the ``before_serve_page``/``before_serve_document``
  hooks in accounts.wagtail_hooks, after Wagtail's own restriction checks;
* members' views the restrictions do not cover (the members' area, the
  recommendations' members' view): the ``members_only`` decorator;
* the API: ``SecondFactorSessionAuthentication``, where a password alone is
  nobody's session.

tests/security/test_members_routes_second_factor.py asks every route, from
the URL resolver and every routable page, with a password alone.
"""

from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from rest_framework.authentication import SessionAuthentication

from site_core.models import Partnership
from site_core.roles import MEMBERS_AREA_ROLES
from site_core.security import is_admin_path
from site_core.tenancy import has_role

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
    "accounts_two_factor",
    "accounts_two_factor_backup_codes",
    "accounts_accept_invitation",
}


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
    response = redirect(f"{reverse('accounts_two_factor')}?{query}")
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
