"""Read-side helpers: the tree of bodies, its diagram, and what a body's page shows.

Nothing here writes; pages, views and the open-data serialiser share it.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from .models.bodies import Body, Relationship
from .models.people import Membership, Post
from .models.values import Mission, Responsibility, StrategicPriority, ValueTheme


@dataclass
class Node:
    body: Body
    children: list = field(default_factory=list)
    relations: list = field(default_factory=list)


def active_bodies(partnership, on=None):
    on = on or timezone.localdate()
    return (
        Body.objects.filter(partnership=partnership)
        .filter(Q(began__isnull=True) | Q(began__lte=on))
        .filter(Q(ended__isnull=True) | Q(ended__gte=on))
        .select_related("parent")
    )


def active_relationships(partnership, on=None):
    on = on or timezone.localdate()
    return (
        Relationship.objects.filter(subject__partnership=partnership)
        .filter(Q(began__isnull=True) | Q(began__lte=on))
        .filter(Q(ended__isnull=True) | Q(ended__gte=on))
        .select_related("subject", "other", "framework_page")
    )


def structure(partnership, on=None):
    """(internal roots, outside bodies): the current tree of the partnership's own
    bodies, each root carrying its relationships with the bodies outside it."""
    bodies = [b for b in active_bodies(partnership, on) if not b.is_outside]
    nodes = {b.pk: Node(b) for b in bodies}
    roots = []
    for body in bodies:
        parent = nodes.get(body.parent_id)
        (parent.children if parent else roots).append(nodes[body.pk])
    order = {kind: i for i, kind in enumerate(Body.Kind.values)}
    for node in nodes.values():
        node.children.sort(key=lambda n: (order.get(n.body.kind, 99), n.body.name))
    roots.sort(key=lambda n: (order.get(n.body.kind, 99), n.body.name))
    for rel in active_relationships(partnership, on):
        if rel.subject_id in nodes:
            nodes[rel.subject_id].relations.append(rel)
    outside = [b for b in active_bodies(partnership, on) if b.is_outside]
    return roots, outside


def _flatten(nodes, depth=0, rows=None):
    rows = [] if rows is None else rows
    for node in nodes:
        rows.append((depth, node.body.name, "body", len(rows)))
        parent_row = len(rows) - 1
        for rel in node.relations:
            label = f"{rel.get_kind_display()} {rel.other.name}"
            rows.append((depth + 1, label, "relation", parent_row))
        for child in node.children:
            _flatten([child], depth + 1, rows)
    return rows


ROW, INDENT, WIDTH, BOX = 46, 30, 760, 34


def diagram_svg(roots, title_id, desc_id, title, description):
    """An indented organisation chart as inline SVG (styled by governance.css).

    It is an image for sighted readers; the nested list next to it carries the
    same structure for screen readers, so the image points to it.
    """
    rows = _flatten(roots)
    parents = {}
    shapes = []
    for index, (depth, label, kind, parent_index) in enumerate(rows):
        x = 4 + depth * INDENT
        y = 4 + index * ROW
        parents[index] = (x, y)
        if depth and parent_index in parents:
            px, py = parents[parent_index]
            if parent_index != index:
                shapes.append(
                    format_html(
                        '<path class="gov-diagram__line" d="M{} {} V{} H{}"/>',
                        px + 14,
                        py + BOX,
                        y + BOX // 2,
                        x,
                    )
                )
        # SVG text does not wrap: long names are shortened in the picture only.
        text = label if len(label) <= 70 else label[:67] + "…"
        shapes.append(
            format_html(
                '<g class="gov-diagram__{}"><rect x="{}" y="{}" width="{}" height="{}" rx="4"/>'
                '<text x="{}" y="{}">{}</text></g>',
                kind,
                x,
                y,
                WIDTH - x - 4,
                BOX,
                x + 10,
                y + 22,
                text,
            )
        )
    height = max(len(rows) * ROW + 8, ROW)
    return format_html(
        '<svg class="gov-diagram" viewBox="0 0 {} {}" role="img" aria-labelledby="{} {}" '
        'focusable="false"><title id="{}">{}</title><desc id="{}">{}</desc>{}</svg>',
        WIDTH,
        height,
        title_id,
        desc_id,
        title_id,
        title,
        desc_id,
        description,
        format_html_join("", "{}", ((s,) for s in shapes)),
    )


def with_memberships(posts):
    """Posts with all their memberships, people and agencies: two queries, however many."""
    return posts.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("person", "on_behalf_of").order_by(
                "-term_starts"
            ),
        )
    )


def chairs(body, on=None):
    return [
        m
        for post in with_memberships(body.posts.filter(role__in=Post.CHAIR_ROLES))
        for m in post.current_memberships(on)
    ]


def chairs_from(seats):
    """The chairs among already computed seats (saves querying the posts twice)."""
    return [m for seat in seats if seat["post"].role in Post.CHAIR_ROLES for m in seat["holders"]]


def membership_record(body, on=None):
    """(seats, former): each post's holders on ``on`` (as ``seats``) and every
    membership that had ended by then, newest term first, from one read of
    the posts and their memberships.

    Pass the day a closed body closed, so its page shows who sat on it then
    and no seat goes "vacant" after it stopped meeting."""
    on = on or timezone.localdate()
    result, former = [], []
    for post in with_memberships(body.posts.all()):
        holders = post.current_memberships(on)
        vacant = max(post.holders - len(holders), 0)
        result.append(
            {
                "post": post,
                "holders": sorted(holders, key=lambda m: m.person.name),
                "vacant": vacant,
                "vacant_seats": range(vacant),
            }
        )
        former.extend(m for m in post.memberships.all() if m.status(on) == Membership.FORMER)
    # Chairs first (the lowest sort order), then each post's latest term first.
    former.sort(key=lambda m: m.term_ends or date.min, reverse=True)
    former.sort(key=lambda m: (m.post.role not in Post.CHAIR_ROLES, m.post.sort_order))
    return result, former


def relationships_of(body):
    return (
        Relationship.objects.filter(Q(subject=body) | Q(other=body))
        .select_related("subject", "other", "framework_page")
        .order_by("-began")
    )


def adopted(model, partnership):
    return model.objects.filter(body__partnership=partnership).select_related("body")


def values_context(partnership):
    today = timezone.localdate()
    themes = adopted(ValueTheme, partnership).prefetch_related("values")
    return {
        "missions": list(adopted(Mission, partnership)),
        "themes": list(themes),
        "responsibilities": list(adopted(Responsibility, partnership)),
        "priorities": list(adopted(StrategicPriority, partnership)),
        "today": today,
    }


def terms_ending(partnership, days=90, on=None):
    on = on or timezone.localdate()
    return (
        Membership.objects.filter(post__body__partnership=partnership)
        .ending_between(on, on + timedelta(days=days))
        .select_related("person", "post__body", "on_behalf_of")
        .order_by("term_ends")
    )
