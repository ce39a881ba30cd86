"""The tenancy matrix: every role, in its own partnership and another, against
every kind of record, through the admin and the public site.

Two partnerships ("Alpha" on localhost, "Beta" on other.localhost) each get one
record of every kind. A user holds one role in Alpha; each test asks, for one
role, one partnership and one kind, whether each action is allowed, and
compares the answers with POLICY below. The two partnerships are built once
for the matrix (build_world, rolled back afterwards); the hand-made requests
at the end build their own. The table *is* the policy: change a
cell there and the test fails until the code agrees.

Actions:

* ``edit``: the admin's one-record URL (GET) answers 200; refused is 302, 403
  or 404 (never a redirect to the two-factor page: that would be a test set-up
  fault, not a refusal).
* ``list``: the admin listing (the page explorer for pages) shows the record's
  name. Listings are one URL for every partnership, so for the other
  partnership this asserts its names never appear.
* ``choose``: the admin chooser (documents, images, governance snippets) lists it.
* ``view``: the public URL (the members' area page, a private document's
  ``/documents/<id>/<file>``) answers 200; anonymous readers are sent to sign in.

(site_core.roles, site_core.tenancy, site_core.tenant_admin)
"""

import html
import json
from dataclasses import dataclass
from datetime import date

import pytest
import wagtail_factories
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Collection

from governance.models import Body, Meeting
from publications.models import AccessibleFormatRequest
from site_core import tenancy
from site_core.models import Partnership
from site_core.roles import Role
from tests.factories.governance import (
    BodyFactory,
    DocumentFactory,
    GovernanceIndexPageFactory,
    MeetingFactory,
    MembersAreaPageFactory,
    MembershipFactory,
    PersonFactory,
)
from tests.factories.site_core import AlertBannerFactory, StandardPageFactory, make_site
from tests.helpers import SharedContent, sign_in_with_second_factor

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]


@pytest.fixture(autouse=True)
def _admin_templates(invalid_template_variables_as_in_production):
    """Wagtail's admin renders here (tests/conftest.py says why)."""


EDIT, LIST, CHOOSE, VIEW = "edit", "list", "choose", "view"

# The actions that apply to each kind of record.
KINDS = {
    "page": {EDIT, LIST},
    "document": {EDIT, LIST, CHOOSE},
    "image": {EDIT, LIST, CHOOSE},
    "body": {EDIT, LIST, CHOOSE},
    "person": {EDIT, LIST, CHOOSE},
    "membership": {EDIT, LIST, CHOOSE},
    "meeting": {EDIT, LIST, CHOOSE},
    "partnership_settings": {EDIT},
    "contacts_settings": {EDIT},
    "navigation_settings": {EDIT},
    "members_area": {VIEW},
    "private_document": {EDIT, VIEW},
    "alert_banner": {EDIT, LIST},
    "format_request": {EDIT, LIST},
}

EDITORS, APPROVERS, OFFICERS, BOARD = (
    Role.EDITORS.value,
    Role.APPROVERS.value,
    Role.GOVERNANCE_OFFICERS.value,
    Role.BOARD_MEMBERS.value,
)
ANONYMOUS, SUPERUSER = "anonymous", "superuser"
ROLES = [EDITORS, APPROVERS, OFFICERS, BOARD, ANONYMOUS, SUPERUSER]

_EVERYTHING = {kind: set(actions) for kind, actions in KINDS.items()}
_MEDIA = {EDIT, LIST, CHOOSE}
# Wagtail's snippet choosers ask only for admin access (a page may link to a
# board or a person): any admin role may choose its OWN partnership's records.
_CHOOSE_GOVERNANCE = {kind: {CHOOSE} for kind in ("body", "person", "membership", "meeting")}

# THE POLICY: role -> kind -> what the role may do to its OWN partnership's
# record. A kind left out means nothing at all.
POLICY = {
    EDITORS: {
        "page": {EDIT, LIST},
        "document": _MEDIA,
        "image": _MEDIA,
        **_CHOOSE_GOVERNANCE,
        "private_document": {EDIT, VIEW},  # members' papers: staff open them too
        "alert_banner": {LIST},  # sees banners, may not change them
        "format_request": {EDIT, LIST},
    },
    APPROVERS: {
        "page": {EDIT, LIST},
        "document": _MEDIA,
        "image": _MEDIA,
        **_CHOOSE_GOVERNANCE,
        "private_document": {EDIT, VIEW},
        "partnership_settings": {EDIT},
        "contacts_settings": {EDIT},
        "navigation_settings": {EDIT},
        "alert_banner": {EDIT, LIST},
        "format_request": {EDIT, LIST},
    },
    OFFICERS: {
        "document": _MEDIA,
        "image": {CHOOSE},  # may put an image on a record, not manage images
        "body": {EDIT, LIST, CHOOSE},
        "person": {EDIT, LIST, CHOOSE},
        "membership": {EDIT, LIST, CHOOSE},
        "meeting": {EDIT, LIST, CHOOSE},
        "members_area": {VIEW},
        "private_document": {EDIT, VIEW},
    },
    BOARD: {  # no admin at all
        "members_area": {VIEW},
        "private_document": {VIEW},
    },
    ANONYMOUS: {},
    SUPERUSER: _EVERYTHING,
}

# Whether a role's reach crosses into ANOTHER partnership (same actions as its
# own). Only installation-wide superusers' does; for everyone else every cell
# of the other partnership is "refused".
REACHES_OTHER_PARTNERSHIPS = {
    EDITORS: False,
    APPROVERS: False,
    OFFICERS: False,
    BOARD: False,
    ANONYMOUS: False,
    SUPERUSER: True,
}


def expected(role, side, kind):
    if side == "other" and not REACHES_OTHER_PARTNERSHIPS[role]:
        return set()
    return set(POLICY[role].get(kind, set()))


# -- The two partnerships ---------------------------------------------------------


@dataclass
class Tenant:
    name: str
    partnership: Partnership
    site: object
    home: object
    objects: dict


def _rename(partnership, name, short_name):
    Partnership.objects.filter(pk=partnership.pk).update(name=name, short_name=short_name)
    Collection.objects.filter(pk=partnership.collection_id).update(name=name)
    partnership.refresh_from_db()
    return partnership


def build_tenant(prefix, hostname, default, meeting_date):
    site = make_site(hostname=hostname, default=default, title=f"{prefix} home")
    partnership = _rename(Partnership.objects.get(site=site), f"{prefix} SCP", f"{prefix[0]}SCP")
    home = site.root_page.specific
    body = BodyFactory(partnership=partnership, name=f"{prefix} board", slug=f"{prefix}-board")
    person = PersonFactory(partnership=partnership, name=f"{prefix} person")
    public_document = DocumentFactory(
        title=f"{prefix} public paper", collection=partnership.public_documents
    )
    index = GovernanceIndexPageFactory(parent=home)
    members_area = MembersAreaPageFactory(parent=index, title=f"{prefix} members area")
    tenancy.restrict_to_members(members_area, partnership)
    objects = {
        "page": StandardPageFactory(parent=home, title=f"{prefix} standard page"),
        "document": public_document,
        "image": wagtail_factories.ImageFactory(
            title=f"{prefix} image", collection=partnership.collection
        ),
        "body": body,
        "person": person,
        "membership": MembershipFactory(post__body=body, person=person),
        "meeting": MeetingFactory(body=body, date=meeting_date, place=f"{prefix} hall"),
        "members_area": members_area,
        "private_document": DocumentFactory(
            title=f"{prefix} private paper", collection=partnership.members_papers
        ),
        "alert_banner": AlertBannerFactory(site=site, title=f"{prefix} alert"),
        "format_request": AccessibleFormatRequest.objects.create(
            document=public_document,
            partnership=partnership,
            name=f"{prefix} reader",
            email=f"{prefix.lower()}.reader@example.org",
            format=AccessibleFormatRequest.Format.WORD,
        ),
    }
    return Tenant(prefix, partnership, site, home, objects)


def build_world():
    """Alpha (localhost, the default site) and Beta (other.localhost)."""
    return {
        "own": build_tenant("Alpha", "localhost", True, date(2023, 12, 12)),
        "other": build_tenant("Beta", "other.localhost", False, date(2024, 1, 17)),
    }


def make_role_user(role, partnership):
    User = get_user_model()
    if role == ANONYMOUS:
        return None
    if role == SUPERUSER:
        return User.objects.create_superuser("root", "root@example.org", password=None)
    user = User.objects.create_user(role, f"{role}@example.org", password=None)
    user.groups.add(tenancy.role_groups(partnership)[Role(role)])
    return user


def sign_in(client, role, user):
    if user is None:
        return
    if role == BOARD:
        client.force_login(user)  # no admin access, so no second factor
    else:
        sign_in_with_second_factor(client, user)


# -- Where each action is asked -------------------------------------------------------

SNIPPETS = {
    "body": "governance/body",
    "person": "governance/person",
    "membership": "governance/membership",
    "meeting": "governance/meeting",
    "alert_banner": "site_core/alertbanner",
    "format_request": "publications/accessibleformatrequest",
}
SETTINGS = {
    "partnership_settings": "partnership",
    "contacts_settings": "safeguardingcontacts",
    "navigation_settings": "navigation",
}


def marker(tenant, kind, action):
    """The text that shows the record in a listing or chooser."""
    obj = tenant.objects[kind]
    if kind == "meeting":
        return f"{tenant.name} hall" if action == LIST else str(obj)
    if kind in ("membership", "person"):
        return f"{tenant.name} person"
    if kind == "format_request":
        return f"{tenant.name} reader"
    return getattr(obj, "title", None) or str(obj)


def every_name(tenant):
    """Every name of ``tenant``'s that a listing or chooser might show: its
    records' (any kind), its partnership's and its home page's."""
    names = {tenant.partnership.name, tenant.partnership.short_name, tenant.home.title}
    for kind in tenant.objects:
        names |= {marker(tenant, kind, LIST), marker(tenant, kind, CHOOSE)}
    names |= {obj.title for obj in tenant.objects.values() if hasattr(obj, "title")}
    names.add(tenant.objects["body"].name)
    return sorted(names)


def request_for(tenant, kind, action):
    """(URL, Host header) for asking ``action`` of ``tenant``'s record of ``kind``."""
    host = tenant.site.hostname
    obj = tenant.objects.get(kind)
    if kind == "page":
        if action == EDIT:
            return reverse("wagtailadmin_pages:edit", args=[obj.pk]), None
        return reverse("wagtailadmin_explore", args=[tenant.home.pk]), None
    if kind in ("document", "private_document"):
        if action == EDIT:
            return reverse("wagtaildocs:edit", args=[obj.pk]), None
        if action == LIST:
            return reverse("wagtaildocs:index"), None
        if action == CHOOSE:
            return reverse("wagtaildocs_chooser:choose"), None
        return obj.url, host
    if kind == "image":
        return {
            EDIT: reverse("wagtailimages:edit", args=[obj.pk]),
            LIST: reverse("wagtailimages:index"),
            CHOOSE: reverse("wagtailimages_chooser:choose"),
        }[action], None
    if kind in SNIPPETS:
        model = SNIPPETS[kind]
        return {
            EDIT: f"/admin/snippets/{model}/edit/{obj.pk}/",
            LIST: f"/admin/snippets/{model}/",
            CHOOSE: f"/admin/snippets/choose/{model}/",
        }[action], None
    if kind in SETTINGS:
        return f"/admin/settings/site_core/{SETTINGS[kind]}/{tenant.site.pk}/", None
    if kind == "members_area":
        _, _, path = obj.get_url_parts()
        return path, host
    raise AssertionError(f"no URL for {kind} {action}")


REFUSED = {302, 403, 404}


def page_text(response):
    content = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json"):
        content = json.loads(content).get("html", "")
    return html.unescape(content)


def outcome(client, role, tenant, kind, action):
    """'allowed', 'refused', or a description of something neither."""
    url, host = request_for(tenant, kind, action)
    extra = {"HTTP_HOST": host} if host else {}
    response = client.get(url, **extra)
    status = response.status_code
    location = response.get("Location", "")
    if status == 302 and "two-factor" in location:
        return f"sent to the two-factor page ({url}): a test set-up fault"
    if action in (LIST, CHOOSE):
        if status == 200:
            text = page_text(response)
            if marker(tenant, kind, action) in text:
                return "allowed"
            if leaked := [name for name in every_name(tenant) if name in text]:
                return f"not listed, but other names of it shown at {url}: {leaked}"
            return "refused"
        return "refused" if status in REFUSED else f"status {status} at {url}"
    if status == 200:
        return "allowed"
    if status in REFUSED:
        if role == ANONYMOUS and action == VIEW and not (status == 302 and "login" in location):
            return f"anonymous not sent to sign in at {url} ({status} {location})"
        return "refused"
    return f"status {status} at {url}"


def build_world_with_users():
    built = build_world()
    built["users"] = {role: make_role_user(role, built["own"].partnership) for role in ROLES}
    return built


WORLD = SharedContent("_shared_world", build_world_with_users)
_shared_world = WORLD.session_fixture()


@pytest.fixture
def world(_shared_world, db):
    """build_world() once per test process for the matrix, with a user for every
    role (tests/helpers.py: SharedContent); each test runs in a savepoint inside."""
    return _shared_world.get()


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("side", ["own", "other"])
@pytest.mark.parametrize("role", ROLES)
def test_tenancy_matrix(client, world, role, side, kind):
    sign_in(client, role, world["users"][role])
    allowed = expected(role, side, kind)
    wrong = []
    for action in sorted(KINDS[kind]):
        want = "allowed" if action in allowed else "refused"
        got = outcome(client, role, world[side], kind, action)
        if got != want:
            wrong.append(f"{role} / {side} partnership / {kind} / {action}: want {want}, got {got}")
    assert not wrong, "\n".join(wrong)


def test_the_policy_table_names_only_known_roles_kinds_and_actions():
    assert set(POLICY) == set(ROLES) == set(REACHES_OTHER_PARTNERSHIPS)
    for kinds in POLICY.values():
        for kind, actions in kinds.items():
            assert kind in KINDS, kind
            assert actions <= KINDS[kind], (kind, actions)


# -- Hand-made requests across the boundary ---------------------------------------------


def test_a_board_member_of_the_other_partnership_cannot_open_this_members_area(client, world):
    outsider = get_user_model().objects.create_user("beta-member", password=None)
    outsider.groups.add(tenancy.role_groups(world["other"].partnership)[Role.BOARD_MEMBERS])
    client.force_login(outsider)
    alpha = world["own"]
    url, host = request_for(alpha, "members_area", VIEW)
    assert client.get(url, HTTP_HOST=host).status_code in REFUSED
    assert client.get(alpha.objects["private_document"].url).status_code in REFUSED
    beta = world["other"]
    url, host = request_for(beta, "members_area", VIEW)
    assert client.get(url, HTTP_HOST=host).status_code == 200


def _meeting_post(body_pk, place):
    data = {"body": str(body_pk), "date": "2026-11-20", "place": place, "access": "public"}
    for prefix in ("agenda_items", "attendance", "declarations", "publications_received"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    return data


def test_an_officer_cannot_post_a_meeting_for_the_other_partnerships_body(client, world):
    officer = world["users"][OFFICERS]
    sign_in_with_second_factor(client, officer)
    url = "/admin/snippets/governance/meeting/add/"

    # The same form with the officer's own body is accepted ...
    response = client.post(url, _meeting_post(world["own"].objects["body"].pk, "Own room"))
    assert response.status_code == 302, page_text(response)[:2000]
    assert Meeting.objects.filter(place="Own room").exists()

    # ... and with the other partnership's body refused, with a form error.
    response = client.post(url, _meeting_post(world["other"].objects["body"].pk, "Crafted room"))
    assert response.status_code == 200
    assert "body" in response.context["form"].errors
    assert not Meeting.objects.filter(place="Crafted room").exists()


def test_an_officer_cannot_move_a_meeting_to_the_other_partnerships_body(client, world):
    officer = world["users"][OFFICERS]
    sign_in_with_second_factor(client, officer)
    meeting = world["own"].objects["meeting"]
    url = f"/admin/snippets/governance/meeting/edit/{meeting.pk}/"
    response = client.post(url, _meeting_post(world["other"].objects["body"].pk, "Moved room"))
    assert response.status_code == 200
    meeting.refresh_from_db()
    assert meeting.body == world["own"].objects["body"]


def _bulk_delete(client, app, model, ids):
    url = reverse("wagtail_bulk_action", args=[app, model, "delete"])
    query = "&".join(f"id={pk}" for pk in ids)
    return client.post(f"{url}?{query}&next=/admin/")


def test_bulk_delete_with_the_other_partnerships_ids_deletes_nothing(client, world):
    officer = world["users"][OFFICERS]
    sign_in_with_second_factor(client, officer)
    own, theirs = world["own"].objects["body"], world["other"].objects["body"]

    response = _bulk_delete(client, "governance", "body", [theirs.pk])
    assert response.status_code in REFUSED
    response = _bulk_delete(client, "governance", "body", [own.pk, theirs.pk])
    assert response.status_code in REFUSED
    assert Body.objects.filter(pk=theirs.pk).exists()
    assert Body.objects.filter(pk=own.pk).exists()  # refused as a whole, not in part


def test_bulk_delete_of_the_other_partnerships_documents_deletes_nothing(client, world):
    from wagtail.documents import get_document_model

    approver = world["users"][APPROVERS]
    sign_in_with_second_factor(client, approver)
    Document = get_document_model()
    theirs = [world["other"].objects["document"].pk, world["other"].objects["private_document"].pk]
    _bulk_delete(client, Document._meta.app_label, Document._meta.model_name, theirs)
    assert Document.objects.filter(pk__in=theirs).count() == 2


def test_bulk_delete_of_the_other_partnerships_pages_deletes_nothing(client, world):
    approver = world["users"][APPROVERS]
    sign_in_with_second_factor(client, approver)
    page = world["other"].objects["page"]
    _bulk_delete(client, "wagtailcore", "page", [page.pk])
    assert type(page).objects.filter(pk=page.pk).exists()
