"""Who may do what in the admin: roles held per partnership.

Each partnership (a tenant: one Site, its home page's subtree, its own
collections and governance records) has one Django group per role, recorded
by ``site_core.PartnershipGroup``. A person may be in the groups of several
partnerships; installation-wide superusers remain.

* **Editors** create and edit the partnership's pages, documents and images,
  and submit pages for approval. They cannot publish, and cannot change
  alert banners or site settings (those go public the moment they are saved,
  with no approval step).
* **Approvers** can do everything editors can, and publish, unpublish and
  approve the partnership's pages; they manage its alert banners and its
  site settings (partnership details, safeguarding contacts, navigation).
* **Governance officers** keep the partnership's governance records (boards,
  people, memberships, meetings ...) and add meeting papers.
* **Board members** have no admin access; the group opens the partnership's
  members' area and members' papers.
* **Training officers** run the partnership's training and events: sessions,
  bookings, attendance and charges. Only they see attendees' personal details
  (the app that keeps bookings declares it in its ``role_permissions``).
* **Administrators** invite the partnership's staff and board members (an
  email with a one-time link to set a password and enrol a second factor),
  and reset the second factor of someone who lost their phone, from the
  "People and invitations" pages: only for people who work for no
  partnership they do not administer. The role gives nothing else: an
  administrator who also edits holds Editors too.

Where each permission sits, and why:

* page permissions on the partnership's home page (so its whole subtree, and
  nothing of another partnership's);
* document and image permissions on the partnership's own collection (its
  "Public documents" and "Members' papers" are children of it). Global
  Django permissions on the document or image model would open *every*
  collection, so they are never given;
* site settings through Wagtail's ``GroupSitePermission`` on its Site;
* governance records and alert banners need the model's Django permission
  (Wagtail checks it), and the admin then shows and opens only the records
  of the user's partnerships (``site_core.tenant_admin``). An app declares
  which roles keep its records in its AppConfig's ``role_permissions``; the
  kernel reads them from the app registry and names no app.

``site_core.tenancy.provision`` applies all this, adding only; it runs when a
partnership is created and after every ``migrate`` (so models added later get
their permissions).
"""

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    EDITORS = "editors", "Editors"
    APPROVERS = "approvers", "Approvers"
    GOVERNANCE_OFFICERS = "governance_officers", "Governance officers"
    BOARD_MEMBERS = "board_members", "Board members"
    ADMINISTRATORS = "administrators", "Administrators"
    TRAINING_OFFICERS = "training_officers", "Training officers"


# What each role is for, shown as the group's description in the admin.
DESCRIPTIONS = {
    Role.EDITORS: "Create and edit pages, documents and images; submit pages for approval.",
    Role.APPROVERS: "Everything editors do, plus approve and publish pages and change alert "
    "banners and site settings.",
    Role.GOVERNANCE_OFFICERS: "Keep the governance records: bodies, people, memberships, "
    "meetings and papers.",
    Role.BOARD_MEMBERS: "Read the members' area and members' papers. No admin access.",
    Role.ADMINISTRATORS: "Invite people and give them roles in this partnership; reset the "
    "second factor of someone who lost their phone.",
    Role.TRAINING_OFFICERS: "Run training and events: sessions, bookings, attendance, "
    "non-attendance charges and evaluations. Sees attendees' personal details.",
}

# The workflow every partnership's pages go through, and Wagtail's default one
# that a fresh database puts on the root page (switched off in migration 0002).
WORKFLOW_NAME = "Approver sign-off"
TASK_NAME = "Approver sign-off"
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"
WAGTAIL_DEFAULT_GROUP = "Moderators"

PAGE_PERMISSIONS = {
    Role.EDITORS: ["add_page", "change_page"],
    Role.APPROVERS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}

_MEDIA = ["add", "change", "choose"]
# Wagtail checks collection permissions against its own Document and Image
# models' permissions, even when the site uses a custom document model
# (publications.PublicationDocument); the custom model's own are never used.
DOCUMENT_APP, DOCUMENT_MODEL = "wagtaildocs", "document"
IMAGE_APP, IMAGE_MODEL = "wagtailimages", "image"
CUSTOM_MEDIA_MODELS = {
    tuple(settings.WAGTAILDOCS_DOCUMENT_MODEL.lower().split(".")),
    tuple(getattr(settings, "WAGTAILIMAGES_IMAGE_MODEL", "wagtailimages.Image").lower().split(".")),
}
COLLECTION_PERMISSIONS = {
    Role.EDITORS: {DOCUMENT_MODEL: _MEDIA, IMAGE_MODEL: _MEDIA},
    Role.APPROVERS: {DOCUMENT_MODEL: _MEDIA, IMAGE_MODEL: _MEDIA},
    Role.GOVERNANCE_OFFICERS: {DOCUMENT_MODEL: _MEDIA, IMAGE_MODEL: ["choose"]},
}
MEDIA_APPS = {DOCUMENT_MODEL: DOCUMENT_APP, IMAGE_MODEL: IMAGE_APP}

ACCESS_ADMIN = ("wagtailadmin", "access_admin")

# (app label, codename) pairs given as Django permissions. The records behind
# them are scoped to the user's partnerships by the admin (tenant_admin).
MODEL_PERMISSIONS = {
    Role.EDITORS: [
        ACCESS_ADMIN,
        ("site_core", "view_alertbanner"),
        # Search shortcuts (everyday words to a page): editors keep them.
        *(
            ("site_core", f"{action}_searchshortcut")
            for action in ("add", "change", "delete", "view")
        ),
    ],
    Role.APPROVERS: [
        ACCESS_ADMIN,
        *(
            ("site_core", f"{action}_searchshortcut")
            for action in ("add", "change", "delete", "view")
        ),
        *(("site_core", f"{action}_alertbanner") for action in ("add", "change", "delete", "view")),
    ],
    Role.GOVERNANCE_OFFICERS: [ACCESS_ADMIN],
    Role.BOARD_MEMBERS: [],
    Role.ADMINISTRATORS: [ACCESS_ADMIN],
    Role.TRAINING_OFFICERS: [ACCESS_ADMIN],
}

# Site settings, given on the partnership's own Site only.
SITE_PERMISSIONS = {
    Role.APPROVERS: [
        ("site_core", f"{action}_{model}")
        for model in ("partnership", "safeguardingcontacts", "navigation")
        for action in ("change", "view")
    ],
}

# Who may read a partnership's members-only pages and members' papers. Staff
# who manage the papers must be able to open them too.
MEMBERS_AREA_ROLES = [Role.BOARD_MEMBERS, Role.GOVERNANCE_OFFICERS]
MEMBERS_PAPERS_ROLES = [Role.BOARD_MEMBERS, Role.GOVERNANCE_OFFICERS, Role.EDITORS, Role.APPROVERS]
