"""Routes outside the page tree for the governance app (mounted in site_core.urls)."""

urlpatterns = []
