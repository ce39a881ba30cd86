import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

# No system check runs under gunicorn: refuse here to serve a database whose
# accounts still open with the demo's published passwords (operations.checks).
from operations.checks import refuse_to_serve_demo_credentials  # noqa: E402 - needs Django set up

refuse_to_serve_demo_credentials()

# Pages kept whole are answered before Django handles the request
# (site_core/caching/wsgi.py); everything else goes on to Django.
from site_core.caching.wsgi import PageCacheApplication  # noqa: E402 - needs Django set up

application = PageCacheApplication(application)
