"""Partnerships as tenants: what each one owns, who works for it, and the
one question every query asks ("which partnership?").

A partnership owns a Site (its host name), the subtree under that Site's home
page, its own collection (with "Public documents" and "Members' papers"
inside), its governance records and its settings. ``provision`` gives a
partnership all of this, plus a group per role (site_core.roles) with exactly
the permissions that role needs there, and its approval workflow. It only
ever adds, so running it again changes nothing.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.management import create_contenttypes
from django.db import transaction
from django.db.models import Q
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    PageViewRestriction,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from . import roles
from .models import Partnership, PartnershipGroup
from .roles import Role

PUBLIC_DOCUMENTS = "Public documents"
MEMBERS_PAPERS = "Members' papers"


# -- Who works for which partnership -----------------------------------------


def partnerships_for(user):
    """The partnerships ``user`` works for (every one, for a superuser).

    Kept on the user object for the request, so a page of the admin asks once.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Partnership.objects.none()
    if user.is_superuser:
        return Partnership.objects.all()
    ids = getattr(user, "_partnership_ids", None)
    if ids is None:
        ids = set(
            PartnershipGroup.objects.filter(group__user=user).values_list(
                "partnership_id", flat=True
            )
        )
        user._partnership_ids = ids
    return Partnership.objects.filter(pk__in=ids)


def pages_of(user, pages):
    """``pages`` narrowed to the user's partnerships' sites (their home pages and below)."""
    if user.is_superuser:
        return pages
    homes = partnerships_for(user).values_list("site__root_page__path", flat=True)
    within = Q(pk__in=[])
    for path in homes:
        within |= Q(path__startswith=path)
    return pages.filter(within)


def partnership_ids_for(user):
    return set(partnerships_for(user).values_list("pk", flat=True))


def has_role(user, partnership, *role_names):
    """Whether ``user`` holds one of the roles in ``partnership`` (superusers do)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return PartnershipGroup.objects.filter(
        partnership=partnership, role__in=role_names, group__user=user
    ).exists()


def partnership_for_page(page):
    """The partnership whose site the page belongs to, or None (e.g. the root)."""
    site = page.get_site()
    if site is None:
        return None
    return Partnership.objects.filter(site=site).first()


def partnership_for_collection(collection):
    """The partnership owning ``collection`` (it or an ancestor is theirs), or None."""
    paths = [
        collection.path[:i]
        for i in range(Collection.steplen, len(collection.path) + 1, Collection.steplen)
    ]
    return (
        Partnership.objects.filter(collection__path__in=paths).order_by("-collection__depth")
    ).first()


def is_private_collection(collection):
    """Whether the collection (or an ancestor) has a view restriction."""
    return CollectionViewRestriction.objects.filter(
        collection__in=collection.get_ancestors(inclusive=True)
    ).exists()


# -- Provisioning ---------------------------------------------------------------


def _group_name(partnership, role):
    """'SSCP Editors'; the site is added when another partnership has the name."""
    label = Role(role).label
    name = f"{partnership.short_name or partnership.name} {label}"[:150]
    clash = Group.objects.filter(name=name).exclude(partnership_role__partnership=partnership)
    if clash.exists():
        name = f"{name[: 150 - 12]} (site {partnership.site_id})"
    return name


def role_groups(partnership):
    """The partnership's group for every role, created when missing."""
    groups = {}
    for role in Role:
        link = (
            PartnershipGroup.objects.select_related("group")
            .filter(partnership=partnership, role=role)
            .first()
        )
        if link is None:
            group = Group.objects.create(name=_group_name(partnership, role))
            link = PartnershipGroup.objects.create(partnership=partnership, role=role, group=group)
        groups[role] = link.group
    return groups


def _permission(app_label, codename):
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def _is_page_model(model):
    return any(field.name == "page_ptr" for field in model._meta.fields)


def declared_app_permissions(role):
    """(app label, actions) for each installed app whose records ``role`` keeps.

    An app declares it on its AppConfig, so the kernel names no app:
    ``role_permissions = {Role.EDITORS: ["add", "change", "view"]}`` gives
    those actions on every non-page model of the app, models written later
    included; ``None`` instead of a list gives every permission of the app.
    """
    return [
        (app_config.label, app_config.role_permissions[role])
        for app_config in global_apps.get_app_configs()
        if role in getattr(app_config, "role_permissions", {})
    ]


def _app_permissions(app_label, actions):
    chosen = []
    media = roles.CUSTOM_MEDIA_MODELS
    for permission in Permission.objects.filter(content_type__app_label=app_label).select_related(
        "content_type"
    ):
        try:
            model = global_apps.get_model(app_label, permission.content_type.model)
        except LookupError:  # a stale content type
            continue
        if _is_page_model(model) or (app_label, model._meta.model_name) in media:
            continue  # pages: on the home page; media: on the collection
        if actions is None or permission.codename.split("_", 1)[0] in actions:
            chosen.append(permission)
    return chosen


def _collections(partnership, groups):
    """The partnership's collection, with its public and members' children."""
    root = Collection.get_first_root_node()
    own = partnership.collection
    if own is None:
        own = root.add_child(name=partnership.name)
    children = {child.name: child for child in own.get_children()}
    public = partnership.public_documents or children.get(PUBLIC_DOCUMENTS)
    if public is None:
        public = own.add_child(name=PUBLIC_DOCUMENTS)
    members = partnership.members_papers or children.get(MEMBERS_PAPERS)
    if members is None:
        members = own.add_child(name=MEMBERS_PAPERS)

    restriction = CollectionViewRestriction.objects.filter(collection=members).first()
    if restriction is None:
        restriction = CollectionViewRestriction.objects.create(
            collection=members, restriction_type=CollectionViewRestriction.GROUPS
        )
    restriction.groups.add(*(groups[role] for role in roles.MEMBERS_PAPERS_ROLES))

    if (partnership.collection, partnership.public_documents, partnership.members_papers) != (
        own,
        public,
        members,
    ):
        partnership.collection, partnership.public_documents = own, public
        partnership.members_papers = members
        # update() rather than save(): no settings-changed signals for set-up.
        Partnership.objects.filter(pk=partnership.pk).update(
            collection=own, public_documents=public, members_papers=members
        )
    return own


def _workflow(partnership, home, approvers):
    """The partnership's own sign-off: its Approvers, and nobody else's."""
    task_name = f"{partnership.short_name or partnership.name} {roles.TASK_NAME}"[:255]
    link = WorkflowPage.objects.filter(page=home).select_related("workflow").first()
    if link is not None:
        workflow = link.workflow
    else:
        workflow = Workflow.objects.create(name=task_name, active=True)
        WorkflowPage.objects.create(page=home, workflow=workflow)
    task = GroupApprovalTask.objects.filter(workflow_tasks__workflow=workflow).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=task_name, active=True)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    task.groups.add(approvers)


@transaction.atomic
def provision(partnership):
    """Give ``partnership`` its groups, permissions, collections and workflow."""
    groups = role_groups(partnership)
    home = partnership.site.root_page
    collection = _collections(partnership, groups)

    for role, group in groups.items():
        wanted = [_permission(app, codename) for app, codename in roles.MODEL_PERMISSIONS[role]]
        for app_label, actions in declared_app_permissions(role):
            wanted += _app_permissions(app_label, actions)
        group.permissions.add(*[p for p in wanted if p is not None])

        for codename in roles.PAGE_PERMISSIONS.get(role, []):
            permission = _permission("wagtailcore", codename)
            GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)
        for model, actions in roles.COLLECTION_PERMISSIONS.get(role, {}).items():
            for action in actions:
                permission = _permission(roles.MEDIA_APPS[model], f"{action}_{model}")
                if permission is not None:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=collection, permission=permission
                    )
        for app_label, codename in roles.SITE_PERMISSIONS.get(role, []):
            permission = _permission(app_label, codename)
            if permission is not None:
                GroupSitePermission.objects.get_or_create(
                    group=group, site=partnership.site, permission=permission
                )

    _workflow(partnership, home, groups[Role.APPROVERS])
    return groups


def provision_all(verbosity=0):
    """Provision every partnership (after ``migrate``: models added since get permissions)."""
    for app_config in global_apps.get_app_configs():
        create_contenttypes(app_config, verbosity=verbosity)
        create_permissions(app_config, verbosity=verbosity)
    for partnership in Partnership.objects.select_related("site__root_page"):
        if partnership.site.root_page_id:
            provision(partnership)


def provision_new_partnership(sender, instance, created, raw=False, **kwargs):
    """post_save receiver: a partnership is provisioned the moment it exists,
    however it was made (add_partnership, the settings page, a fixture)."""
    if created and not raw and instance.site.root_page_id:
        provision(instance)


def provision_after_migrate(sender, using="default", **kwargs):
    """post_migrate receiver (connected once, for site_core, in SiteCoreConfig.ready)."""
    if using == "default":
        provision_all()


# -- Members-only content -----------------------------------------------------


def members_groups(partnership, role_names=None):
    groups = role_groups(partnership)
    return [groups[role] for role in (role_names or roles.MEMBERS_AREA_ROLES)]


def restrict_to_members(page, partnership=None):
    """A login-based restriction: only the partnership's board members (and its
    governance officers) may read ``page`` and everything under it."""
    partnership = partnership or partnership_for_page(page)
    if partnership is None:
        raise ValueError(f"{page} is not in any partnership's site")
    restriction = PageViewRestriction.objects.filter(page=page).first()
    if restriction is None:
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.GROUPS
        )
    restriction.groups.add(*members_groups(partnership))
    return restriction


def members_papers_collection(partnership):
    if partnership.members_papers_id is None:
        provision(partnership)
    return partnership.members_papers


def public_documents_collection(partnership):
    if partnership.public_documents_id is None:
        provision(partnership)
    return partnership.public_documents
