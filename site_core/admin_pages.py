"""The base of the site's own admin pages (imports, reports, guides)."""

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


class SiteAdminPageMixin(WagtailAdminTemplateMixin):
    """Headed by its own title. Wagtail shows the breadcrumbs as a page's
    visible heading; its default breadcrumbs are "Home" alone."""

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_header_title()}]
