"""Limits on abuse: who is asking (behind a trusted proxy), and how often.

**The client's address.** Behind a load balancer or CDN every request comes
from the proxy, and the client's address is in ``X-Forwarded-For``, which
anyone can also write to. ``TRUSTED_PROXY_COUNT`` says how many proxies of
our own stand in front of the app: each appends the address it saw, so the
entry that many places from the right is the one our outermost proxy saw,
and anything a client wrote in is further left and ignored. With 0 (the
default, no proxy) the header is ignored altogether and ``REMOTE_ADDR`` is
the client. django-axes takes its address from here too
(``AXES_CLIENT_IP_CALLABLE``), so nobody can lock someone else out, or escape
a lockout, by writing a header.

**Counters** for public forms and password resets live in the cache (Redis
in production), one per limit, per client address or per what was typed,
in fixed windows. With the cache unreachable a counter reads as zero:
readers can still ask for what they need, and sign-in lockouts (django-axes)
are in the database regardless.

**Sign-in** (``SignInAttempts``, django-axes' database handler): five wrong
passwords for one account from one address lock that pair, as before; and
``SIGN_IN_FAILURES_PER_ADDRESS`` from one address, whatever the accounts, or
``SIGN_IN_FAILURES_PER_ACCOUNT`` for one account, whatever the addresses,
lock that address or account for the same cool-off.
"""

import hashlib
import ipaddress
import time
from dataclasses import dataclass

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum
from django.shortcuts import render


def _address(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request):
    """The reader's address, trusting exactly ``TRUSTED_PROXY_COUNT`` proxies."""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if trusted <= 0:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [part.strip() for part in header.split(",") if part.strip()]
    if len(forwarded) < trusted:
        return remote  # did not come through our proxies: only the connection counts
    return _address(forwarded[-trusted]) or remote


# --- counters in the cache ------------------------------------------------------


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    seconds: int
    message: str

    def exceeded(self, *values):
        """Count one more use for each of ``values``; whether any is over the limit."""
        return any(self._hit(value) > self.count for value in values if value)

    def _hit(self, value):
        digest = hashlib.sha256(str(value).strip().lower().encode()).hexdigest()[:32]
        window = int(time.time() // self.seconds)
        key = f"ratelimit:{self.name}:{digest}:{window}"
        try:
            cache.add(key, 0, self.seconds)
            return cache.incr(key) or 0  # django-redis answers None when Redis is down
        except ValueError:  # expired between add and incr
            return 0
        except Exception:  # a cache outage never refuses a reader
            return 0

    @property
    def minutes(self):
        return max(1, self.seconds // 60)


def limit(name):
    count, seconds = settings.RATE_LIMITS[name]
    return Limit(name, count, seconds, "")


def too_many(request, message, retry_after):
    """The admin's answer once a limit is reached: the message, with Retry-After."""
    response = render(
        request, "accounts/otp/rate_limited_admin.html", {"message": message}, status=429
    )
    response["Retry-After"] = str(retry_after)
    return response


# --- password resets ---------------------------------------------------------------

PASSWORD_RESET_URL_NAMES = {"wagtailadmin_password_reset"}


class PasswordResetLimitMiddleware:
    """Limits password-reset emails per address and per email address typed.

    Without it anyone could fill a colleague's inbox with reset emails, or
    send thousands through our mail server.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if request.method != "POST" or match is None:
            return None
        if match.url_name not in PASSWORD_RESET_URL_NAMES:
            return None
        rule = limit("password-reset")
        if not rule.exceeded(f"address:{client_address(request)}", request.POST.get("email", "")):
            return None
        return too_many(
            request,
            f"Too many password reset requests have been made for this email address or "
            f"from your connection. Wait {rule.minutes} minutes, then try again, or ask an "
            "administrator.",
            rule.seconds,
        )


# --- sign-in ------------------------------------------------------------------------


class SignInAttempts(AxesDatabaseHandler):
    """django-axes' database handler, also counting per address and per account."""

    def get_failures(self, request, credentials=None):
        per_pair = super().get_failures(request, credentials)
        pair_limit = get_failure_limit(request, credentials)
        recent = AccessAttempt.objects.all()
        if settings.AXES_COOLOFF_TIME is not None:
            recent = recent.filter(attempt_time__gte=get_cool_off_threshold(request))

        def failures(**lookup):
            return recent.filter(**lookup).aggregate(n=Sum("failures_since_start"))["n"] or 0

        # Scaled to the pair's limit, which is what axes compares with:
        # n * pair_limit // limit reaches pair_limit exactly when n reaches limit.
        scaled = [per_pair]
        address = getattr(request, "axes_ip_address", None)
        if address:
            scaled.append(
                failures(ip_address=address) * pair_limit // settings.SIGN_IN_FAILURES_PER_ADDRESS
            )
        username = get_client_username(request, credentials)
        if username:
            scaled.append(
                failures(username=username) * pair_limit // settings.SIGN_IN_FAILURES_PER_ACCOUNT
            )
        return max(scaled)


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer once the failure limit is reached (AXES_LOCKOUT_CALLABLE)."""
    cool_off = get_cool_off(request)
    return render(
        request,
        "accounts/otp/locked_out.html",
        {
            "failure_limit": get_failure_limit(request, credentials),
            "cooloff_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
        },
        status=429,
    )
