import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

# No system check runs under gunicorn: refuse here to serve a database whose
# accounts still open with the demo's published passwords (operations.checks).
from operations.checks import refuse_to_serve_demo_credentials  # noqa: E402 - needs Django set up

refuse_to_serve_demo_credentials()
