import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

# Pages kept whole are answered before Django handles the request
# (site_core/caching/wsgi.py); everything else goes on to Django.
from site_core.caching.wsgi import PageCacheApplication  # noqa: E402 - needs Django set up

application = PageCacheApplication(application)
