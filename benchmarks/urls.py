"""The site's URLs plus one bare view, mounted only by benchmarks/cpu.py.

`_bench/bare/` answers "ok" through the full middleware stack and nothing
else: the floor a page's CPU is compared with. Production never loads this
module (its ROOT_URLCONF is config.urls), so its URLs are unchanged.
"""

from django.http import HttpResponse
from django.urls import path

from config.urls import handler404, handler500
from config.urls import urlpatterns as site_urlpatterns

__all__ = ["handler404", "handler500", "urlpatterns"]


def bare(request):
    return HttpResponse("ok")


# First, ahead of Wagtail's catch-all page route.
urlpatterns = [path("_bench/bare/", bare), *site_urlpatterns]
