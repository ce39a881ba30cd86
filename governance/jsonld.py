"""schema.org descriptions of governance records, for the page's <head>
(the kernel's "page_jsonld" hook). Public fields only."""

from datetime import datetime

from django.utils import timezone


def _organisation(body, url=None):
    data = {"@type": "GovernmentOrganization", "name": body.name}
    if body.short_name:
        data["alternateName"] = body.short_name
    if url:
        data["url"] = url
    elif body.website:
        data["url"] = body.website
    return data


def body_jsonld(body, canonical):
    data = {"@context": "https://schema.org", **_organisation(body, canonical)}
    if body.purpose:
        data["description"] = body.purpose
    if body.began:
        data["foundingDate"] = body.began.isoformat()
    if body.ended:
        data["dissolutionDate"] = body.ended.isoformat()
    if body.parent_id:
        data["parentOrganization"] = _organisation(body.parent)
    else:
        data["parentOrganization"] = {
            "@type": "GovernmentOrganization",
            "name": body.partnership.name,
        }
    return data


def meeting_jsonld(meeting, canonical):
    if meeting.starts_at:
        start = timezone.make_aware(datetime.combine(meeting.date, meeting.starts_at)).isoformat()
    else:
        start = meeting.date.isoformat()
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": f"{meeting.body.name} meeting",
        "startDate": start,
        "url": canonical,
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "organizer": _organisation(meeting.body),
    }
    if meeting.place:
        data["location"] = {"@type": "Place", "name": meeting.place, "address": meeting.place}
    if meeting.summary:
        data["description"] = meeting.summary
    return data
