"""URLs of the governance sub-pages, so templates never build them by hand, and
the labels other apps put on records (site_core/labels.py)."""

from django import template
from django.utils.dateformat import format as format_date
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from governance.structure import diagram_svg
from site_core.labels import record_labels

register = template.Library()


def _sub(context, page, name, **kwargs):
    """The sub-page's address, relative when it is on the site being viewed."""
    if page is None:
        return ""
    base = page.get_url(context.get("request")) or ""
    return base.rstrip("/") + "/" + page.reverse_subpage(name, kwargs=kwargs or None)


@register.simple_tag(takes_context=True)
def gov_body_url(context, governance_page, body):
    return _sub(context, governance_page, "body_detail", slug=body.slug)


@register.simple_tag(takes_context=True)
def gov_meeting_url(context, governance_page, meeting):
    return _sub(
        context, governance_page, "meeting_detail", slug=meeting.body.slug, meeting_id=meeting.pk
    )


@register.simple_tag(takes_context=True)
def gov_page_url(context, governance_page, name):
    return _sub(context, governance_page, name)


@register.simple_tag(takes_context=True)
def members_meeting_url(context, members_page, meeting):
    return _sub(context, members_page, "meeting_detail", meeting_id=meeting.pk)


@register.simple_tag(takes_context=True)
def members_sub_url(context, members_page, name, **kwargs):
    """A members' area sub-page, e.g. a meeting's pack or calendar event."""
    return _sub(context, members_page, name, **kwargs)


@register.simple_tag(takes_context=True)
def gov_meeting_sub_url(context, governance_page, meeting, name):
    """A public meeting's calendar event or papers pack."""
    return _sub(context, governance_page, name, slug=meeting.body.slug, meeting_id=meeting.pk)


@register.simple_tag(takes_context=True)
def gov_body_sub_url(context, governance_page, body, name):
    """A body's meetings list or calendar feed."""
    return _sub(context, governance_page, name, slug=body.slug)


@register.filter
def has_papers(agenda, minutes=None):
    """Whether a meeting's agenda (from meeting_parts) or its minutes give a pack anything."""
    return bool(minutes) or any(entry["paper"] for entry in agenda or [])


@register.simple_tag
def diagram(roots, partnership):
    return diagram_svg(
        roots,
        "structure-diagram-title",
        "structure-diagram-desc",
        f"Diagram: how the {partnership.short_name or partnership.name} is organised",
        "Each box is a board or group, set in under the body it reports to. "
        "The list after the diagram gives the same structure in words.",
    )


@register.simple_tag(takes_context=True)
def record_label(context, record):
    """The public label another app puts on ``record``, or "" (always, in production).

    Asked once per model for each template rendered, however many rows show."""
    cache = context.render_context.setdefault("governance_record_labels", {})
    model = type(record)
    if model not in cache:
        cache[model] = record_labels(model)
    return cache[model].get(record.pk, "")


def _date(day):
    return format_html(
        '<time datetime="{}">{}</time>', format_date(day, "Y-m-d"), format_date(day, "j F Y")
    )


@register.simple_tag
def membership_term(membership, closed=False):
    """A membership's term, saying plainly what is not recorded and what has
    ended. A tag rather than an included template: a board's page shows one
    per seat."""
    starts, ends = membership.term_starts, membership.term_ends
    parts = [format_html("From {}", _date(starts)) if starts else "Start not recorded"]
    if ends:
        parts.append(format_html(" to {}", _date(ends)))
    elif closed or not starts:
        parts.append("; end not recorded")
    if membership.holding_over and not closed:
        parts.append('. <span class="gov-tag">Term ended</span> staying on until replaced')
    # The plain parts are this function's own words; the dates are escaped above.
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308
