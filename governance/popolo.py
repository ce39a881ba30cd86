"""The partnership's governance records as Popolo JSON and as CSV.

Public fields only: names, posts, terms, the agencies members represent, and
a person's profile only when they consented. Never email, phone or notes.
Every id is prefixed by its kind ("body-3", "agency-2") so that bodies and
agencies, both Popolo organisations, never collide.
"""

import csv
import io

from site_core.labels import record_labels

from .models import Agency, Body, Meeting, Membership, Person, Post, Relationship

POPOLO_SPEC = "https://www.popoloproject.com/specs/"


def _date(value):
    return value.isoformat() if value else None


def _without_empty(record):
    return {key: value for key, value in record.items() if value not in (None, "", [])}


def organisation(body):
    return _without_empty(
        {
            "id": f"body-{body.pk}",
            "name": body.name,
            "other_names": [{"name": body.short_name}] if body.short_name else [],
            "classification": body.get_kind_display(),
            "identifiers": [{"scheme": "slug", "identifier": body.slug}],
            "parent_id": f"body-{body.parent_id}" if body.parent_id else None,
            "founding_date": _date(body.began),
            "dissolution_date": _date(body.ended),
            "description": body.purpose,
            "links": [{"url": body.website, "note": "website"}] if body.website else [],
        }
    )


def agency_organisation(agency):
    return _without_empty(
        {
            "id": f"agency-{agency.pk}",
            "name": agency.name,
            "other_names": [{"name": agency.short_name}] if agency.short_name else [],
            "classification": agency.get_kind_display(),
            "links": [{"url": agency.website, "note": "website"}] if agency.website else [],
        }
    )


def person(record, label=""):
    """``label``: what another app says of the record (site_core/labels.py), as a note."""
    return _without_empty(
        {
            "id": f"person-{record.pk}",
            "name": record.name,
            "honorific_prefix": record.honorific_prefix,
            "summary": record.public_profile,
            "note": label,
        }
    )


def post(record):
    return {
        "id": f"post-{record.pk}",
        "label": record.display_label,
        "role": record.get_role_display(),
        "organization_id": f"body-{record.body_id}",
        "seats": record.holders,
    }


def membership(record, on=None):
    return _without_empty(
        {
            "id": f"membership-{record.pk}",
            "person_id": f"person-{record.person_id}",
            "organization_id": f"body-{record.post.body_id}",
            "post_id": f"post-{record.post_id}",
            "role": record.post.display_label,
            "on_behalf_of_id": f"agency-{record.on_behalf_of_id}"
            if record.on_behalf_of_id
            else None,
            "start_date": _date(record.term_starts),
            "end_date": _date(record.term_ends),
            "until_replaced": record.until_replaced,
            "status": record.status(on),
        }
    )


def relationship(record):
    framework = record.framework
    return _without_empty(
        {
            "subject_id": f"body-{record.subject_id}",
            "relation": record.kind,
            "label": record.get_kind_display(),
            "object_id": f"body-{record.other_id}",
            "start_date": _date(record.began),
            "end_date": _date(record.ended),
            "framework": framework[0] if framework else None,
        }
    )


def event(meeting):
    return _without_empty(
        {
            "id": f"meeting-{meeting.pk}",
            "name": f"{meeting.body.name} meeting",
            "classification": "meeting",
            "start_date": _date(meeting.date),
            "location": meeting.place,
            "organization_id": f"body-{meeting.body_id}",
        }
    )


def memberships_for(partnership):
    return Membership.objects.filter(post__body__partnership=partnership).select_related(
        "post__body", "person", "on_behalf_of"
    )


def popolo(partnership):
    """A Popolo export: organizations, persons, posts, memberships, events."""
    bodies = Body.objects.filter(partnership=partnership)
    agencies = Agency.objects.filter(partnership=partnership)
    memberships = memberships_for(partnership)
    person_ids = {m.person_id for m in memberships}
    labels = record_labels(Person)
    return {
        "meta": {
            "partnership": partnership.name,
            "format": "Popolo JSON",
            "specification": POPOLO_SPEC,
            "licence": "Open Government Licence v3.0",
        },
        "organizations": [organisation(b) for b in bodies]
        + [agency_organisation(a) for a in agencies],
        "persons": [
            person(p, labels.get(p.pk, "")) for p in Person.objects.filter(pk__in=person_ids)
        ],
        "posts": [post(p) for p in Post.objects.filter(body__partnership=partnership)],
        "memberships": [membership(m) for m in memberships],
        "events": [
            event(m)
            for m in Meeting.objects.filter(
                body__partnership=partnership, access=Meeting.Access.PUBLIC
            ).select_related("body")
        ],
        "relationships": [
            relationship(r)
            for r in Relationship.objects.filter(subject__partnership=partnership).select_related(
                "framework_page"
            )
        ],
    }


# The ids are those of /governance.json (Popolo), so the two can be joined.
CSV_HEADINGS = [
    "membership id",
    "person id",
    "post id",
    "body id",
    "person",
    "post",
    "body",
    "on behalf of",
    "term starts",
    "term ends",
    "stays until replaced",
    "status",
]


def _safe_cell(value):
    """Stop spreadsheet programs running a cell as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def memberships_csv(partnership):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADINGS)
    for m in memberships_for(partnership).select_related("post__body"):
        writer.writerow(
            [
                _safe_cell(value)
                for value in (
                    f"membership-{m.pk}",
                    f"person-{m.person_id}",
                    f"post-{m.post_id}",
                    f"body-{m.post.body_id}",
                    m.person.name,
                    m.post.display_label,
                    m.post.body.name,
                    m.on_behalf_of.name if m.on_behalf_of_id else "",
                    _date(m.term_starts) or "",
                    _date(m.term_ends) or "",
                    "yes" if m.until_replaced else "no",
                    m.status(),
                )
            ]
        )
    return out.getvalue()
