"""One generation per site: a random token in Django's default cache.

Every fragment a template keeps (``{% wagtailcache %}``,
``{% wagtailpagecache %}``) varies on its site's token (``cache_generation``
in the template context), so giving a site a new token makes everything kept
for it unreachable at once; the old entries age out. Random rather than
counted, so that a token is never issued twice.
"""

import secrets

from django.core.cache import cache
from wagtail.models import Site


def _key(site_id):
    return f"generation:{site_id}"


def _new_token():
    return secrets.token_hex(8)


def read(site_id):
    """The site's current token, starting one when there is none (a new or
    emptied cache). ``add``: another process may start it first, and then
    its token is the one read back."""
    key = _key(site_id)
    token = cache.get(key)
    if token is None:
        token = _new_token()
        if not cache.add(key, token, timeout=None):
            token = cache.get(key)
    return token


def bump(site_ids):
    """New tokens for these sites: what was kept for them is stale. Returns
    ``{site id: its new token}``."""
    tokens = {site_id: _new_token() for site_id in site_ids}
    if tokens:
        cache.set_many({_key(site_id): token for site_id, token in tokens.items()}, timeout=None)
    return tokens


def still(tokens):
    """The sites of ``{site id: token}`` whose token is still the current one."""
    current = cache.get_many([_key(site_id) for site_id in tokens])
    return {site_id for site_id, token in tokens.items() if current.get(_key(site_id)) == token}


def bump_all():
    """New tokens for every site."""
    bump(list(Site.objects.values_list("pk", flat=True)))
