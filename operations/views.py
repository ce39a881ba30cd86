"""The page for a server error, which is the outage page when the database is down."""

from . import outage


def server_error(request):
    # Self-contained templates rendered without a request: the context
    # processors (site settings, menus) need the database, which may be
    # exactly what failed. Both show the partnership's numbers, read from the
    # snapshot written when its contacts were saved (operations/outage.py).
    # The database unreachable (at connection time or mid-request, in a view or
    # a middleware): a 503, to try again shortly; anything else is a 500.
    return outage.response(request, status=503 if outage.current_error_is_outage() else 500)
