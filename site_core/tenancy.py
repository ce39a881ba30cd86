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


def _group_names(partnership, missing):
    """'SSCP Editors' for each missing role; the site is added where another
    partnership's group has the name already."""
    names = {
        role: f"{partnership.short_name or partnership.name} {Role(role).label}"[:150]
        for role in missing
    }
    taken = set(
        Group.objects.filter(name__in=names.values())
        .exclude(partnership_role__partnership=partnership)
        .values_list("name", flat=True)
    )
    return {
        role: f"{name[: 150 - 12]} (site {partnership.site_id})" if name in taken else name
        for role, name in names.items()
    }


def role_groups(partnership):
    """The partnership's group for every role, created when missing."""
    groups = {
        link.role: link.group
        for link in PartnershipGroup.objects.select_related("group").filter(partnership=partnership)
    }
    missing = [role for role in Role if role not in groups]
    if missing:
        names = _group_names(partnership, missing)
        created = Group.objects.bulk_create([Group(name=names[role]) for role in missing])
        PartnershipGroup.objects.bulk_create(
            PartnershipGroup(partnership=partnership, role=role, group=group)
            for role, group in zip(missing, created, strict=True)
        )
        groups.update(zip(missing, created, strict=True))
    return {role: groups[role] for role in Role}


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


class _Permissions:
    """Every permission provisioning may give, read in one query, by
    (app label, codename) and by app."""

    def __init__(self):
        labels = {"wagtailcore", *roles.MEDIA_APPS.values()}
        for role in Role:
            labels.update(app for app, _ in roles.MODEL_PERMISSIONS[role])
            labels.update(app for app, _ in roles.SITE_PERMISSIONS.get(role, []))
            labels.update(app for app, _ in declared_app_permissions(role))
        self.by_app = {label: [] for label in labels}
        self.by_key = {}
        for permission in Permission.objects.filter(
            content_type__app_label__in=labels
        ).select_related("content_type"):
            app_label = permission.content_type.app_label
            self.by_app[app_label].append(permission)
            self.by_key[app_label, permission.codename] = permission

    def get(self, app_label, codename):
        return self.by_key.get((app_label, codename))

    def of_app(self, app_label, actions):
        """The app's permissions for ``actions`` (all of them for None) on its
        own records: pages get theirs on the home page, media on the collection."""
        chosen = []
        media = roles.CUSTOM_MEDIA_MODELS
        for permission in self.by_app[app_label]:
            try:
                model = global_apps.get_model(app_label, permission.content_type.model)
            except LookupError:  # a stale content type
                continue
            if _is_page_model(model) or (app_label, model._meta.model_name) in media:
                continue
            if actions is None or permission.codename.split("_", 1)[0] in actions:
                chosen.append(permission)
        return chosen


def _add_missing(model, groups, target_field, target, wanted):
    """Create ``model`` rows (group, target, permission) for each pair in
    ``wanted`` that does not exist yet."""
    existing = set(
        model.objects.filter(group__in=groups, **{target_field: target}).values_list(
            "group_id", "permission_id"
        )
    )
    model.objects.bulk_create(
        model(group=group, permission=permission, **{target_field: target})
        for group, permission in dict.fromkeys(wanted)
        if (group.pk, permission.pk) not in existing
    )


def _collections(partnership, groups):
    """The partnership's collection, with its public and members' children."""
    root = Collection.get_first_root_node()
    own = partnership.collection
    if own is None:
        own = root.add_child(name=partnership.name)
    children = {child.name: child for child in own.get_children()}
    # Members' papers first: collections are kept in order of name, so the
    # second child then goes after the first without moving it.
    members = partnership.members_papers or children.get(MEMBERS_PAPERS)
    if members is None:
        members = own.add_child(name=MEMBERS_PAPERS)
    public = partnership.public_documents or children.get(PUBLIC_DOCUMENTS)
    if public is None:
        public = own.add_child(name=PUBLIC_DOCUMENTS)

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
    permissions = _Permissions()

    model_permissions, page, media, site = [], [], [], []
    for role, group in groups.items():
        wanted = [permissions.get(app, codename) for app, codename in roles.MODEL_PERMISSIONS[role]]
        for app_label, actions in declared_app_permissions(role):
            wanted += permissions.of_app(app_label, actions)
        model_permissions += [(group, p) for p in wanted if p is not None]

        for codename in roles.PAGE_PERMISSIONS.get(role, []):
            permission = permissions.get("wagtailcore", codename)
            if permission is not None:
                page.append((group, permission))
        for model, actions in roles.COLLECTION_PERMISSIONS.get(role, {}).items():
            for action in actions:
                permission = permissions.get(roles.MEDIA_APPS[model], f"{action}_{model}")
                if permission is not None:
                    media.append((group, permission))
        for app_label, codename in roles.SITE_PERMISSIONS.get(role, []):
            permission = permissions.get(app_label, codename)
            if permission is not None:
                site.append((group, permission))

    # One insert for every group's model permissions; rows a group holds
    # already are left as they are.
    Group.permissions.through.objects.bulk_create(
        [
            Group.permissions.through(group=group, permission=permission)
            for group, permission in dict.fromkeys(model_permissions)
        ],
        ignore_conflicts=True,
    )
    all_groups = list(groups.values())
    _add_missing(GroupPagePermission, all_groups, "page", home, page)
    _add_missing(GroupCollectionPermission, all_groups, "collection", collection, media)
    _add_missing(GroupSitePermission, all_groups, "site", partnership.site, site)

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
