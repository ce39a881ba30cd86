"""The guided route's pages. Plain GETs: no form, no session, no cookie."""

from django.http import Http404
from django.shortcuts import render
from wagtail.models import Page, Site

from site_core.models import SafeguardingContacts

from .route import OUTCOMES, QUESTIONS, START, outcome

PRIVACY_SLUG = "privacy-and-cookies"


def _privacy_url(request, site):
    page = Page.objects.live().child_of(site.root_page).filter(slug=PRIVACY_SLUG).public().first()
    return page.get_url(request) if page else ""


def worried_route(request, step=START):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No partnership answers at this address.")
    contacts = SafeguardingContacts.for_site(site)
    context = {"step": step, "privacy_url": _privacy_url(request, site)}
    if step in QUESTIONS:
        question = QUESTIONS[step]
        context["question"] = question
        if step == "when":
            context["hint"] = (
                f"{contacts.front_door_name or 'Children’s services'} is open "
                f"{contacts.front_door_hours}."
                if contacts.front_door_hours
                else question.hint
            )
        else:
            context["hint"] = question.hint
        return render(request, "doors/route_question.html", context)
    if step in OUTCOMES:
        context["outcome"] = outcome(step, contacts)
        return render(request, "doors/route_outcome.html", context)
    raise Http404("There is no such step.")
