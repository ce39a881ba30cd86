import json
from html import escape

from django import template
from django.utils.dateformat import format as format_date
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from site_core.visibility import is_public

register = template.Library()

# The characters json_script escapes, so the data can never close the element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _schema(page, request):
    # The first reader of the page's rows (the <head> comes before the
    # content): one query per kind of row, which the content then reuses.
    page = page.with_rows(request)
    publishers = [
        {
            "@type": "Organization",
            "name": body.name,
            **({"url": body.website} if body.website else {}),
        }
        for body in page.published_by.all()
    ]
    data = {
        "@context": "https://schema.org",
        "@type": page.schema_type,
        "name": page.title,
        "headline": page.title[:110],
        "description": page.summary,
        "datePublished": page.publication_date.isoformat(),
        "inLanguage": "en-GB",
        "url": page.get_full_url(request),
        "genre": page.type_label,
        "creativeWorkStatus": page.get_status_display(),
    }
    if page.last_updated:
        data["dateModified"] = page.last_updated.isoformat()
    if publishers:
        data["publisher"] = publishers
        data["author"] = publishers
    if page.period_start and page.period_end:
        data["temporalCoverage"] = f"{page.period_start.isoformat()}/{page.period_end.isoformat()}"
    topics = [topic.name for topic in page.topics.all()]
    if topics:
        data["keywords"] = topics
        data["about"] = [{"@type": "Thing", "name": name} for name in topics]
    media = []
    for link in page.attached_documents:
        document = link.document
        item = {
            "@type": "MediaObject",
            "name": link.link_text,
            "contentUrl": request.build_absolute_uri(document.url) if request else document.url,
            "encodingFormat": document.content_type,
        }
        if document.file_size:
            item["contentSize"] = f"{document.file_size} bytes"
        media.append(item)
    if media:
        data["associatedMedia"] = media
    if page.full_version_id and is_public(page.full_version):
        data["isBasedOn"] = page.full_version.get_full_url(request)
    return data


@register.simple_tag(takes_context=True)
def publication_jsonld(context, page):
    """schema.org metadata as a data block (not script: fine under a strict CSP)."""
    data = json.dumps(_schema(page, context.get("request")), ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(data.translate(_JSON_ESCAPES)),  # noqa: S308 - escaped above
    )


@register.filter
def activity_status_class(status):
    return {"complete": "status--complete", "delayed": "status--delayed"}.get(
        status, "status--on-track"
    )


@register.simple_tag
def select_options(choices, selected):
    """The ``<option>`` elements of a filter's ``<select>``, the chosen one
    marked: ``choices`` are (value, label) pairs or plain values (years).

    One tag instead of a loop of template nodes per option, escaping with
    the standard library's ``html.escape`` (what Django's ``escape`` does,
    without its lazy-string wrapper per call): the index's filters have about
    ninety options, rebuilt after every publish, where ``format_html_join``
    cost 14% of the index's first request.
    """
    chosen = str(selected) if selected not in (None, "") else None
    options = []
    for choice in choices:
        value, label = choice if isinstance(choice, (tuple, list)) else (choice, choice)
        value = str(value)
        marked = " selected" if value == chosen else ""
        options.append(f'<option value="{escape(value)}"{marked}>{escape(str(label))}</option>')
    return mark_safe("".join(options))  # noqa: S308 - every value and label escaped above


def _lead(project):
    lead = project.lead_body.name if project.lead_body else ""
    joiner = ": " if project.lead_body and project.lead_officers else ""
    return escape(f"{lead}{joiner}{project.lead_officers}")


def _activity_cells(activity):
    due = "Not set"
    if activity.due:
        month, label = format_date(activity.due, "Y-m"), format_date(activity.due, "M Y")
        due = f'<time datetime="{month}">{label}</time>'
    reason = f": {escape(activity.delay_reason)}" if activity.delay_reason else ""
    return (
        f"<td>{escape(activity.description)}</td><td>{due}</td>"
        f'<td><span class="status {activity_status_class(activity.status)}">'
        f"{escape(str(activity.get_status_display()))}</span>{reason}</td>"
    )


@register.simple_tag
def project_rows(project, activities):
    """A plan project's ``<tbody>``: its name and lead once, spanning a row per
    activity (due month, status and any reason for delay).

    A tag rather than nested template loops, as ``select_options`` is: a plan
    has dozens of activities, each a row of five cells.
    """
    heading = (
        f'<span class="project-ref">{escape(project.reference)}</span> {escape(project.title)}'
    )
    if not activities:
        rows = [
            f'<tr><th scope="row">{heading}</th><td>{_lead(project)}</td>'
            '<td colspan="3">No activities recorded yet.</td></tr>'
        ]
    else:
        span = len(activities)
        first, *rest = activities
        rows = [
            f'<tr><th scope="rowgroup" rowspan="{span}">{heading}</th>'
            f'<td rowspan="{span}">{_lead(project)}</td>{_activity_cells(first)}</tr>',
            *(f"<tr>{_activity_cells(activity)}</tr>" for activity in rest),
        ]
    # Every value from the records is escaped above.
    return mark_safe(f"<tbody>{''.join(rows)}</tbody>")  # noqa: S308
