"""Who may see members-only pages and papers: the "Board members" group,
a login-based page restriction and a private collection for papers.

Used at run time (the demo loader, editors' set-up) and by the tests.
"""

from django.contrib.auth.models import Group
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from .models import BOARD_MEMBERS_GROUP, MEMBERS_PAPERS_COLLECTION


def board_members_group():
    group, _ = Group.objects.get_or_create(name=BOARD_MEMBERS_GROUP)
    return group


def root_collection():
    """Wagtail's root collection (transactional tests flush it away, so rebuild it)."""
    return Collection.get_first_root_node() or Collection.add_root(name="Root")


def members_papers_collection():
    """The private collection for members-only papers, restricted to board members."""
    root = root_collection()
    collection = root.get_children().filter(name=MEMBERS_PAPERS_COLLECTION).first()
    if collection is None:
        collection = root.add_child(name=MEMBERS_PAPERS_COLLECTION)
    if not CollectionViewRestriction.objects.filter(collection=collection).exists():
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
        restriction.groups.add(board_members_group())
    return collection


def restrict_to_board_members(page):
    """A login-based view restriction: only the "Board members" group may see it."""
    restriction = PageViewRestriction.objects.filter(page=page).first()
    if restriction is None:
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.GROUPS
        )
    restriction.groups.add(board_members_group())
    return restriction
