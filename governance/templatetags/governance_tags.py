"""URLs of the governance sub-pages, so templates never build them by hand."""

from django import template

register = template.Library()


def _sub(page, name, **kwargs):
    if page is None:
        return ""
    return page.url.rstrip("/") + "/" + page.reverse_subpage(name, kwargs=kwargs or None)


@register.simple_tag
def gov_body_url(governance_page, body):
    return _sub(governance_page, "body_detail", slug=body.slug)


@register.simple_tag
def gov_meeting_url(governance_page, meeting):
    return _sub(governance_page, "meeting_detail", slug=meeting.body.slug, meeting_id=meeting.pk)


@register.simple_tag
def gov_page_url(governance_page, name):
    return _sub(governance_page, name)


@register.simple_tag
def members_meeting_url(members_page, meeting):
    return _sub(members_page, "meeting_detail", meeting_id=meeting.pk)


@register.simple_tag
def diagram(roots, partnership):
    from governance.structure import diagram_svg

    return diagram_svg(
        roots,
        "structure-diagram-title",
        "structure-diagram-desc",
        f"Diagram: how the {partnership.short_name or partnership.name} is organised",
        "Each box is a board or group, set in under the body it reports to. "
        "The list after the diagram gives the same structure in words.",
    )
