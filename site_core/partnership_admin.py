""" "Add a partnership" in the admin, for superusers: the same step as
``manage.py add_partnership`` (site_core.partnerships)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.validators import RegexValidator
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView
from wagtail.models import Site

from .admin_pages import SiteAdminPageMixin
from .partnerships import add_partnership

HOST_NAME = RegexValidator(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$",
    "Use a host name such as www.tscp.org.uk: letters, digits, dots and hyphens, no "
    "https:// and no slashes.",
)


class AddPartnershipForm(forms.Form):
    name = forms.CharField(
        max_length=150, help_text="Full name, e.g. Testshire Safeguarding Children Partnership."
    )
    short_name = forms.CharField(max_length=20, help_text="Abbreviation, e.g. TSCP.")
    area = forms.CharField(
        max_length=100, required=False, help_text="The local authority area, e.g. Testshire."
    )
    hostname = forms.CharField(
        label="Host name",
        max_length=253,
        validators=[HOST_NAME],
        help_text="The address readers will use, without https://, e.g. www.tscp.org.uk.",
    )
    port = forms.IntegerField(
        initial=80,
        min_value=1,
        max_value=65535,
        help_text="80 unless the site answers on another port (HTTPS is handled in front).",
    )

    def clean_hostname(self):
        return self.cleaned_data["hostname"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        site = Site.objects.filter(
            hostname=cleaned.get("hostname"), port=cleaned.get("port")
        ).first()
        if site is not None:
            self.add_error(
                "hostname",
                f"{site.hostname}:{site.port} already belongs to “{site.site_name or site}”. "
                "Choose another host name.",
            )
        return cleaned


class AddPartnershipView(SiteAdminPageMixin, FormView):
    page_title = "Add a partnership"
    header_icon = "group"
    template_name = "site_core/admin/add_partnership.html"
    form_class = AddPartnershipForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        added = add_partnership(
            name=data["name"],
            short_name=data["short_name"],
            hostname=data["hostname"],
            port=data["port"],
            area=data["area"],
        )
        messages.success(
            self.request,
            f"{added.partnership} is set up at {added.site.hostname}. Put its staff in its "
            "groups, fill in its safeguarding contacts, add its accessibility statement, then "
            "write and submit its draft pages.",
        )
        return redirect(reverse("wagtailsites:index"))
