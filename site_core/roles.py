"""Who may do what in the admin: four groups, and one approval workflow.

* **Editors** create and edit pages, documents, images and publication
  snippets, and submit pages for approval. They cannot publish, and cannot
  change alert banners or site settings (those go public the moment they
  are saved, with no approval step).
* **Approvers** can do everything editors can, and publish, unpublish and
  approve. They also manage alert banners, redirects and the site settings
  (partnership details, safeguarding contact numbers, navigation).
* **Governance officers** keep the governance records (boards, people,
  memberships, meetings ...): every permission on every model of the
  ``governance`` app, and they may add documents (meeting papers).
* **Board members** have no admin access at all; the group is used by the
  members' area of the public site.

Page permissions sit on the root page, so they cover every partnership's
site; collection permissions sit on the root collection.

``apply_roles`` only ever adds permissions. It runs in the data migration
(site_core 0002), after every ``migrate`` (post_migrate: models added later,
such as new governance records, get their permissions) and from
``manage.py sync_roles``.
"""

from django.conf import settings

EDITORS = "Editors"
APPROVERS = "Approvers"
GOVERNANCE_OFFICERS = "Governance officers"
BOARD_MEMBERS = "Board members"
ROLES = [EDITORS, APPROVERS, GOVERNANCE_OFFICERS, BOARD_MEMBERS]

WORKFLOW_NAME = "Approver sign-off"
TASK_NAME = "Approver sign-off"
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"
WAGTAIL_DEFAULT_GROUP = "Moderators"

PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page"],
    APPROVERS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}

_MEDIA = ["add", "change", "choose"]
# Documents and images may be custom models (publications.PublicationDocument):
# their permissions belong to whichever model the settings name.
_DOCUMENT_APP, _DOCUMENT_MODEL = settings.WAGTAILDOCS_DOCUMENT_MODEL.lower().split(".")
_IMAGE_APP, _IMAGE_MODEL = (
    getattr(settings, "WAGTAILIMAGES_IMAGE_MODEL", "wagtailimages.Image").lower().split(".")
)
COLLECTION_PERMISSIONS = {
    EDITORS: {_DOCUMENT_MODEL: _MEDIA, _IMAGE_MODEL: _MEDIA},
    APPROVERS: {_DOCUMENT_MODEL: _MEDIA, _IMAGE_MODEL: _MEDIA},
    GOVERNANCE_OFFICERS: {_DOCUMENT_MODEL: _MEDIA, _IMAGE_MODEL: ["choose"]},
}
_MEDIA_APPS = {_DOCUMENT_MODEL: _DOCUMENT_APP, _IMAGE_MODEL: _IMAGE_APP}

ACCESS_ADMIN = ("wagtailadmin", "access_admin")

# (app label, codename) pairs given outright.
MODEL_PERMISSIONS = {
    EDITORS: [ACCESS_ADMIN, ("site_core", "view_alertbanner")],
    APPROVERS: [
        ACCESS_ADMIN,
        *(("site_core", f"{action}_alertbanner") for action in ("add", "change", "delete", "view")),
        *(
            ("site_core", f"{action}_{model}")
            for model in ("partnership", "safeguardingcontacts", "navigation")
            for action in ("change", "view")
        ),
        *(("wagtailredirects", f"{action}_redirect") for action in ("add", "change", "delete")),
    ],
    GOVERNANCE_OFFICERS: [ACCESS_ADMIN],
    BOARD_MEMBERS: [],
}

# Every non-page model of these apps, with these actions, granted by app label
# so that models written later are covered too.
APP_PERMISSIONS = {
    EDITORS: {"publications": ["add", "change", "view"]},
    APPROVERS: {"publications": ["add", "change", "delete", "view"]},
    GOVERNANCE_OFFICERS: {"governance": None},  # None: every permission of the app
}


def _is_page_model(model):
    return any(field.name == "page_ptr" for field in model._meta.fields)


def _app_permissions(apps, using, app_label, actions):
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.using(using).filter(content_type__app_label=app_label)
    chosen = []
    for permission in permissions.select_related("content_type"):
        try:
            model = apps.get_model(app_label, permission.content_type.model)
        except LookupError:  # a stale content type
            continue
        if _is_page_model(model):
            continue  # page permissions come from GroupPagePermission on the root
        if actions is None or permission.codename.split("_", 1)[0] in actions:
            chosen.append(permission)
    return chosen


def apply_roles(apps, using="default"):
    """Create the four groups and give each its permissions (adding only)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")

    root_page = Page.objects.using(using).filter(depth=1).order_by("path").first()
    root_collection = Collection.objects.using(using).filter(depth=1).order_by("path").first()

    def permission(app_label, codename):
        return (
            Permission.objects.using(using)
            .filter(content_type__app_label=app_label, codename=codename)
            .first()
        )

    for role in ROLES:
        group, _ = Group.objects.using(using).get_or_create(name=role)

        wanted = [permission(app, codename) for app, codename in MODEL_PERMISSIONS.get(role, [])]
        for app_label, actions in APP_PERMISSIONS.get(role, {}).items():
            wanted += _app_permissions(apps, using, app_label, actions)
        group.permissions.add(*[p for p in wanted if p is not None])

        if root_page is not None:
            for codename in PAGE_PERMISSIONS.get(role, []):
                page_permission = permission("wagtailcore", codename)
                if page_permission is not None:
                    GroupPagePermission.objects.using(using).get_or_create(
                        group=group, page=root_page, permission=page_permission
                    )

        if root_collection is not None:
            for model, actions in COLLECTION_PERMISSIONS.get(role, {}).items():
                for action in actions:
                    collection_permission = permission(_MEDIA_APPS[model], f"{action}_{model}")
                    if collection_permission is not None:
                        GroupCollectionPermission.objects.using(using).get_or_create(
                            group=group,
                            collection=root_collection,
                            permission=collection_permission,
                        )


def set_up_approval_workflow(apps, using="default"):
    """One workflow on the root page: every page needs an Approver's sign-off.

    Wagtail's default "Moderators approval" workflow is switched off and its
    now-redundant "Moderators" group removed if nobody is in it.
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    Task = apps.get_model("wagtailcore", "Task")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    approvers = Group.objects.using(using).get(name=APPROVERS)
    task_type, _ = ContentType.objects.using(using).get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.using(using).filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.using(using).create(
            name=TASK_NAME, content_type=task_type, active=True
        )
    task.groups.add(approvers)

    workflow, _ = Workflow.objects.using(using).get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    WorkflowTask.objects.using(using).get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )

    for old in Workflow.objects.using(using).filter(name=WAGTAIL_DEFAULT_WORKFLOW):
        WorkflowPage.objects.using(using).filter(workflow=old).delete()
        old.active = False
        old.save(update_fields=["active"])
        Task.objects.using(using).filter(workflow_tasks__workflow=old).exclude(pk=task.pk).update(
            active=False
        )
    moderators = Group.objects.using(using).filter(name=WAGTAIL_DEFAULT_GROUP).first()
    if moderators is not None and not moderators.user_set.exists():
        moderators.delete()

    root_page = Page.objects.using(using).filter(depth=1).order_by("path").first()
    if root_page is not None:
        WorkflowPage.objects.using(using).update_or_create(
            page=root_page, defaults={"workflow": workflow}
        )


def ensure_roots(using="default"):
    """The root page, locale and root collection the roles' permissions hang on.

    Wagtail's migrations make them; ``flush`` (e.g. between transactional
    tests) deletes them and does not migrate again. Nothing happens when
    they exist.
    """
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale, Page

    if not Page.objects.using(using).filter(depth=1).exists():
        locale, _ = Locale.objects.using(using).get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        Page.add_root(title="Root", slug="root", locale=locale)
    if not Collection.objects.using(using).filter(depth=1).exists():
        Collection.add_root(name="Root")


def sync_roles(using="default", verbosity=0):
    """Create any missing permissions, then apply the roles with the live models."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    for app_config in global_apps.get_app_configs():
        create_contenttypes(app_config, verbosity=verbosity, using=using)
        create_permissions(app_config, verbosity=verbosity, using=using)
    if using == "default":
        ensure_roots(using)
    apply_roles(global_apps, using=using)


def sync_roles_after_migrate(sender, using="default", verbosity=0, **kwargs):
    """post_migrate receiver (connected once, for site_core, in SiteCoreConfig.ready)."""
    sync_roles(using=using, verbosity=0)
