"""Routes outside the page tree for the publications app (mounted in site_core.urls)."""

urlpatterns = []
