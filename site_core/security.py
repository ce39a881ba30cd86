"""Response headers, and where the admin lives.

Django's own middleware sends the Content-Security-Policy (``SECURE_CSP``),
nosniff, Referrer-Policy and, in production, HSTS. This module adds what it
cannot: a relaxed policy under the admin path only, a sandboxing policy on
served documents, and the Permissions-Policy header. The rule that no admin
user gets anything members-only without a second factor belongs to the
sign-in app, which plugs into the kernel through Wagtail hooks and settings.
"""

from django.conf import settings
from django.middleware.csp import get_nonce
from django.utils.csp import CSP, build_policy

# Sent with every document that downloads: if a browser opens one anyway it
# is a sandboxed, script-less page. PDFs keep Wagtail's own
# "default-src 'none'": Chrome refuses to run its PDF viewer in a sandbox.
DOCUMENT_DOWNLOAD_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'"


def admin_prefix():
    """ "/admin/", or wherever ADMIN_PATH moved it: the one place it is worked out."""
    return f"/{settings.WAGTAIL_ADMIN_PATH}/"


def is_admin_path(path):
    return path.startswith(admin_prefix())


def set_policy(request, response, config):
    """``config`` as the response's Content-Security-Policy, unless a view set one."""
    header = str(CSP.HEADER_ENFORCE)  # WSGI servers take header names as str only
    if header not in response:
        response[header] = build_policy(config, get_nonce(request))


class SecurityHeadersMiddleware:
    """Per-area Content-Security-Policy, and Permissions-Policy everywhere.

    Sits just inside Django's ContentSecurityPolicyMiddleware, which leaves a
    Content-Security-Policy header already on a response alone: the admin's and
    the preview's policies set here are built with Django's own ``build_policy``
    and the request's nonce, and everything else gets SECURE_CSP from Django.
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
            set_policy(request, response, settings.ADMIN_CSP)
        elif getattr(request, "is_preview", False):
            # Wagtail renders a preview through the whole middleware stack with the
            # page's own path, then shows it in a frame of the admin's editor. The
            # public "frame-ancestors 'none'" would blank that frame (and leave the
            # Checks panel reporting no issues); 'self' lets only this site frame it.
            set_policy(request, response, settings.PREVIEW_CSP)
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
