"""Who may see what of a consultation's answers, in its own partnership only.

* its **Editors, Approvers and Administrators** see the results (counts per
  question, small numbers suppressed) and read the free-text answers;
* its **Approvers and Administrators** export every answer (CSV or XLSX);
* its **Approvers** clear a free-text answer for quoting publicly (they are
  the ones who publish).

Anyone else, another partnership's staff included, is answered 404: the
consultation's answers do not exist for them. Someone of the partnership
without the role for an action is answered 403.
"""

from django.db.models import Q
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404

from site_core.models import PartnershipGroup
from site_core.roles import Role
from site_core.tenancy import has_role, partnership_for_page

from .models import ConsultationPage

READERS = (Role.EDITORS, Role.APPROVERS, Role.ADMINISTRATORS)
EXPORTERS = (Role.APPROVERS, Role.ADMINISTRATORS)
QUOTE_CLEARERS = (Role.APPROVERS,)


def consultation_for(user, page_id):
    """The consultation and its partnership, if ``user`` may read its results;
    404 otherwise."""
    page = get_object_or_404(ConsultationPage, pk=page_id)
    partnership = partnership_for_page(page)
    if partnership is None or not has_role(user, partnership, *READERS):
        raise Http404("No such consultation.")
    return page, partnership


def refused(message):
    """A 403 that says why. (Wagtail's admin answers PermissionDenied with a
    redirect to the dashboard; a refused export should say it was refused.)"""
    return HttpResponseForbidden(message, content_type="text/plain; charset=utf-8")


def may(user, partnership, roles):
    return has_role(user, partnership, *roles)


def reads_any_results(user):
    """Whether the admin menu offers "Consultations" to ``user``."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return PartnershipGroup.objects.filter(role__in=READERS, group__user=user).exists()


def readable_consultations(user):
    """The consultations whose results ``user`` may read."""
    pages = ConsultationPage.objects.all()
    if user.is_superuser:
        return pages
    roots = PartnershipGroup.objects.filter(role__in=READERS, group__user=user).values_list(
        "partnership__site__root_page__path", flat=True
    )
    paths = [path for path in roots if path]
    if not paths:
        return pages.none()
    within = Q(pk__in=[])
    for path in paths:
        within |= Q(path__startswith=path)
    return pages.filter(within)
