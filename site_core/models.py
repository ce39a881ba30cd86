"""The shared kernel: the partnership a site belongs to, its site-wide
settings, and the general page types every partnership needs."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.html import strip_tags
from django.utils.text import slugify
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel, get_all_child_relations
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, Site
from wagtail.search import index

from .blocks import RICH_TEXT_FEATURES, BodyBlock, contents_from_body
from .boundary import PartnershipModelForm, PartnershipPageForm
from .colours import HEX_COLOUR, contrast_ratio
from .roles import Role
from .search_text import normalise
from .visibility import is_restricted, may_pass_restrictions, public_pages

CONTACTS_STALE_AFTER = timedelta(days=183)  # about six months
REVIEW_INTERVAL = timedelta(days=365)


def owned_collection(help_text):
    """A collection a partnership owns, set by provisioning and never edited."""
    return models.ForeignKey(
        "wagtailcore.Collection",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=help_text,
    )


@register_setting(icon="group")
class Partnership(BaseSiteSetting):
    """The safeguarding children partnership that a Wagtail Site belongs to.

    One installation can serve several partnerships: each is a Site with its
    own Partnership record, and governance records point here.
    """

    shows_pages = False

    name = models.CharField(
        max_length=150, help_text="Full name, e.g. Sunderland Safeguarding Children Partnership."
    )
    short_name = models.CharField(max_length=20, help_text="Abbreviation, e.g. SSCP.")
    area = models.CharField(
        max_length=100, blank=True, help_text="The local authority area it covers, e.g. Sunderland."
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown in the header. The partnership's name is always shown beside it.",
    )
    brand_colour = models.CharField(
        max_length=7,
        default="#1d4f91",
        validators=[RegexValidator(HEX_COLOUR, "Use a hex colour such as #1d4f91.")],
        help_text="Header and link colour. It must contrast with white text at 4.5:1 or more.",
    )
    quick_exit_url = models.URLField(
        blank=True,
        help_text="Where 'Exit this page' goes: a neutral site such as a weather page. "
        "Leave blank for the default.",
    )
    requests_email = models.EmailField(
        "email for readers' requests",
        blank=True,
        help_text="Where readers' requests for an accessible format are sent, e.g. the "
        "business unit's inbox. Leave blank to see them only in the admin.",
    )
    # What the partnership owns besides its pages (site_core.tenancy.provision
    # fills these in; editors never change them).
    collection = owned_collection(
        "The partnership's own collection: its roles' permissions sit here."
    )
    public_documents = owned_collection("Where new uploads go unless they must be private.")
    members_papers = owned_collection("Readable only by the partnership's board members and staff.")

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("short_name"), FieldPanel("area")]),
        MultiFieldPanel(
            [FieldPanel("logo"), FieldPanel("brand_colour")],
            heading="Look",
        ),
        FieldPanel("quick_exit_url"),
        FieldPanel("requests_email"),
    ]
    # Every page's header shows the logo: fetch it with the settings, not after.
    select_related = ["logo"]

    class Meta:
        verbose_name = "partnership"

    def __str__(self):
        return self.name or str(self.site)

    def clean(self):
        super().clean()
        if HEX_COLOUR.match(self.brand_colour or ""):
            ratio = contrast_ratio(self.brand_colour, "#ffffff")
            if ratio < 4.5:
                raise ValidationError(
                    {
                        "brand_colour": f"White text on this colour has a contrast of "
                        f"{ratio:.1f}:1; it needs 4.5:1. Choose a darker colour."
                    }
                )

    @property
    def exit_url(self):
        return self.quick_exit_url or settings.DEFAULT_QUICK_EXIT_URL


class PartnershipGroup(models.Model):
    """The Django group that holds one role (site_core.roles) in one partnership."""

    partnership_lookup = "partnership"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="role_groups"
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    group = models.OneToOneField(
        "auth.Group", on_delete=models.CASCADE, related_name="partnership_role"
    )

    class Meta:
        verbose_name = "partnership role"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "role"], name="one_group_per_role")
        ]

    def __str__(self):
        return f"{self.partnership}: {self.get_role_display()}"


@register_setting(icon="mail")
class SafeguardingContacts(BaseSiteSetting):
    """The "Worried about a child?" numbers shown on every page.

    Wrong numbers put children at risk, so each save records when someone
    last checked them and the admin warns when that was over six months ago.
    """

    partnership_lookup = "site__partnership"
    shows_pages = False

    front_door_name = models.CharField(
        max_length=100,
        default="Integrated front door (MASH)",
        help_text="What the local referral point is called.",
    )
    front_door_phone = models.CharField(max_length=30, blank=True)
    front_door_hours = models.CharField(
        max_length=120, blank=True, help_text="e.g. Monday to Thursday 8:30am to 5:15pm."
    )
    out_of_hours_phone = models.CharField(max_length=30, blank=True)
    lado_phone = models.CharField(
        "LADO phone",
        max_length=30,
        blank=True,
        help_text="Local Authority Designated Officer: concerns about adults who work "
        "with children.",
    )
    lado_email = models.EmailField("LADO email", blank=True)
    lado_form_url = models.URLField(
        "LADO form link",
        blank=True,
        help_text="The online form for telling the LADO about a worry, if there is one.",
    )
    referral_form_url = models.URLField(
        "referral form link",
        blank=True,
        help_text="The online form professionals use to make a referral to the front door.",
    )
    adults_name = models.CharField(
        "who to contact about an adult",
        max_length=100,
        blank=True,
        help_text="e.g. Adult social care, for the Safeguarding Adults Board.",
    )
    adults_phone = models.CharField("adults' phone", max_length=30, blank=True)
    adults_url = models.URLField(
        "adults' web page",
        blank=True,
        help_text="The Safeguarding Adults Board's page on reporting a worry about an adult.",
    )
    childline_phone = models.CharField(max_length=30, default="0800 1111")
    # Empty until someone has checked: a date is never filled in for them.
    last_checked = models.DateField(
        null=True,
        blank=True,
        help_text="The date someone last rang or confirmed these numbers. Update it every time "
        "you check them; the admin warns after six months, or while it is empty.",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("front_door_name"),
                FieldRowPanel([FieldPanel("front_door_phone"), FieldPanel("front_door_hours")]),
                FieldPanel("out_of_hours_phone"),
                FieldPanel("referral_form_url"),
            ],
            heading="Children's services",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("lado_phone"), FieldPanel("lado_email")]),
                FieldPanel("lado_form_url"),
            ],
            heading="LADO",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("adults_name"), FieldPanel("adults_phone")]),
                FieldPanel("adults_url"),
            ],
            heading="A worry about an adult at risk",
        ),
        FieldPanel("childline_phone"),
        FieldPanel("last_checked"),
    ]

    class Meta:
        verbose_name = "safeguarding contacts"

    @property
    def is_stale(self):
        if self.last_checked is None:
            return True
        return timezone.localdate() - self.last_checked > CONTACTS_STALE_AFTER


class NavigationLink(Orderable):
    """A link in the header or footer: to a page of the site, or elsewhere."""

    PRIMARY = "primary"
    FOOTER = "footer"

    navigation = ParentalKey("Navigation", related_name="links", on_delete=models.CASCADE)
    place = models.CharField(
        max_length=10, choices=[(PRIMARY, "Header menu"), (FOOTER, "Footer")], default=PRIMARY
    )
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    url = models.URLField("external URL", blank=True)
    label = models.CharField(
        max_length=60, blank=True, help_text="Leave blank to use the page's title."
    )

    panels = [
        FieldPanel("place"),
        FieldPanel("page"),
        FieldPanel("url"),
        FieldPanel("label"),
    ]

    def clean(self):
        super().clean()
        if bool(self.page) == bool(self.url):
            raise ValidationError("Choose a page or enter an external URL (one, not both).")
        if self.url and not self.label:
            raise ValidationError({"label": "External links need a label."})

    @property
    def text(self):
        return self.label or (self.page.title if self.page_id else self.url)


@register_setting(icon="list-ul")
class Navigation(ClusterableModel, BaseSiteSetting):
    # Its links point only at its own partnership's pages (site_core.boundary).
    partnership_lookup = "site__partnership"
    base_form_class = PartnershipModelForm
    panels = [InlinePanel("links", label="Link")]

    class Meta:
        verbose_name = "navigation"

    @cached_property
    def _all_links(self):
        # One query for the header and the footer.
        return list(self.links.select_related("page").all())

    @cached_property
    def _public_page_ids(self):
        # The header's and the footer's pages checked together: one query.
        return {page.pk for page in public_pages(link.page for link in self._all_links)}

    def _links(self, place):
        # A menu shown to everyone never names a members-only page.
        links = [link for link in self._all_links if link.place == place]
        return [link for link in links if not link.page_id or link.page_id in self._public_page_ids]

    @property
    def primary_page_ids(self):
        return {link.page_id for link in self._all_links if link.place == NavigationLink.PRIMARY}

    @property
    def primary_links(self):
        return self._links(NavigationLink.PRIMARY)

    @property
    def footer_links(self):
        return self._links(NavigationLink.FOOTER)


class AlertBanner(index.Indexed, models.Model):
    """A message across the top of every page, for a set time."""

    # A banner for every partnership's site (no site) is a superuser's to manage.
    partnership_lookup = "site__partnership"
    admin_search_fields = ["title"]

    ANNOUNCEMENT = "announcement"
    URGENT = "urgent"

    site = models.ForeignKey(
        "wagtailcore.Site",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text="Leave blank to show it on every partnership's site.",
    )
    level = models.CharField(
        max_length=12,
        choices=[(ANNOUNCEMENT, "Announcement"), (URGENT, "Urgent")],
        default=ANNOUNCEMENT,
    )
    title = models.CharField(max_length=100, help_text="For the admin list; not shown.")
    message = RichTextField(features=["bold", "link"], max_length=400)
    starts_at = models.DateTimeField(null=True, blank=True, help_text="Blank: show from now.")
    ends_at = models.DateTimeField(null=True, blank=True, help_text="Blank: show until removed.")

    panels = [
        FieldPanel("title"),
        FieldPanel("level"),
        FieldPanel("message"),
        FieldPanel("site"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")], heading="When"),
    ]
    search_fields = [index.SearchField("title"), index.SearchField("message")]

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The end must come after the start."})

    def is_showing(self, now):
        return (self.starts_at is None or self.starts_at <= now) and (
            self.ends_at is None or self.ends_at > now
        )

    @classmethod
    def not_ended(cls, request, now):
        """The banners of the request's site, and those for every site, that
        have not ended by ``now``: read once per request (kept on the
        request), for the banner strip and for how long the edge may keep the
        page (caching/middleware.py)."""
        banners = getattr(request, "alert_banners_not_ended", None)
        if banners is None:
            site = Site.find_for_request(request)
            banners = list(
                cls.objects.filter(Q(site=site) | Q(site__isnull=True)).filter(
                    Q(ends_at__isnull=True) | Q(ends_at__gt=now)
                )
            )
            request.alert_banners_not_ended = banners
        return [banner for banner in banners if banner.ends_at is None or banner.ends_at > now]

    @staticmethod
    def in_display_order(banners):
        """Urgent first, then the most recently started (never-scheduled last)."""
        by_start = sorted(
            banners, key=lambda b: (b.starts_at is not None, b.starts_at or 0), reverse=True
        )
        return sorted(by_start, key=lambda b: b.level != AlertBanner.URGENT)

    @property
    def dismiss_key(self):
        """Changes whenever the wording changes, so an edited alert shows again."""
        return hashlib.sha256(f"{self.pk}:{self.message}".encode()).hexdigest()[:16]


def slug_from_title(title):
    """A slug in which "/" separates, as in "2024/25" -> "2024-25"."""
    allow_unicode = getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
    return slugify(title.replace("/", " "), allow_unicode=allow_unicode)


def default_review_date():
    return timezone.localdate() + REVIEW_INTERVAL


# What Wagtail saves on a page for drafts, revisions, workflow and locks: a
# save of these fields alone changes nothing readers see.
DRAFT_BOOKKEEPING = frozenset(
    {
        "wagtail_admin_comments",
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_by",
        "locked_at",
    }
)


class BasePage(Page):
    """Every page type of the site derives from this.

    Content goes stale quietly: each page has a named owner and a date by
    which someone must check it is still right (12 months by default).
    """

    content_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The person responsible for keeping this page accurate. Not shown publicly.",
    )
    next_review_due = models.DateField(
        default=default_review_date,
        help_text="When the owner must next check this page. Not shown publicly.",
    )

    # Checks the page and its inline rows stay inside its partnership (site_core.boundary).
    base_form_class = PartnershipPageForm

    settings_panels = [
        *Page.settings_panels,
        MultiFieldPanel(
            [FieldPanel("content_owner"), FieldPanel("next_review_due")],
            heading="Content review",
        ),
    ]

    class Meta:
        abstract = True

    def full_clean(self, *args, **kwargs):
        self._keep_ranges_in_slug()
        super().full_clean(*args, **kwargs)

    def minimal_clean(self):
        # What Page.save() runs instead of full_clean() for a draft (live=False).
        self._keep_ranges_in_slug()
        super().minimal_clean()

    def _keep_ranges_in_slug(self):
        """ "Annual report 2024/25" gets the slug annual-report-2024-25, not
        annual-report-202425 (what slugify, and the editor's title-to-slug
        script, make of "/"). Only for a slug made from the title, and only
        before the page is first published: a live page's address never moves.
        """
        title = self.title or ""
        if "/" not in title or self.live or self.first_published_at:
            return
        allow_unicode = getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
        if self.slug and self.slug != slugify(title, allow_unicode=allow_unicode):
            return  # the editor chose this slug
        better = slug_from_title(title)
        if not better or better == self.slug:
            return
        if not (self.path or getattr(self, "_cached_parent_obj", None)):
            return  # Wagtail makes the slug once the parent is known
        if self._slug_is_available(better, self.get_parent(), self):
            self.slug = better

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # How long the page's rendered parts may be kept ({% wagtailcache
        # fragment_seconds ... %}, varying on ``cache_generation`` and
        # ``fragment_vary``): never for a members-only page, whose content
        # must not sit in a cache anyone's page could be built from.
        members_only = may_pass_restrictions(request) and is_restricted(self)
        context["fragment_seconds"] = 0 if members_only else settings.FRAGMENT_CACHE_SECONDS
        # What else the page's kept parts show (a plan's filters).
        context["fragment_vary"] = ""
        return context

    @classmethod
    def get_search_fields(cls):
        # Every page type's own fields, plus the words of its structured
        # records (rows, topics, publishers, attached documents), so search
        # finds what the page shows whatever type it is.
        return [*super().get_search_fields(), index.SearchField("public_record_text")]

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        # Wagtail indexes a page on post_save, before modelcluster writes its
        # rows and many-to-many choices (topics): index it again now they are
        # in, so a topic added at publishing is found at once.
        if self.live:
            index.insert_or_update_object(self)
        return result

    def public_record_text(self):
        """The words a reader sees in this page's structured records, for search.

        Rows of every inline list (key figures, achievements, recommendations,
        projects, change notes…), the names of its many-to-many choices
        (topics, publishing bodies) and the titles of documents its rows link
        to. Choice codes are left out: readers see their labels elsewhere.
        """
        return " ".join(_record_words(self))


def _field_words(record):
    for field in record._meta.concrete_fields:
        if field.choices or field.name in ("id", "sort_order", "path", "url_path"):
            continue
        if isinstance(field, (models.CharField, models.TextField)):
            value = getattr(record, field.attname, "")
            if value:
                yield strip_tags(str(value))
        elif isinstance(field, models.ForeignKey) and hasattr(field.related_model, "file"):
            # A document or image the row links to: its title.
            linked = getattr(record, field.name, None)
            if linked is not None and getattr(linked, "title", ""):
                yield linked.title


def _record_words(page):
    for relation in get_all_child_relations(page):
        for row in getattr(page, relation.get_accessor_name()).all():
            yield from _field_words(row)
    for field in page._meta.get_fields():
        if isinstance(field, ParentalManyToManyField):
            for related in getattr(page, field.name).all():
                yield str(related)


class ContentsMixin:
    """Pages whose body headings build an "On this page" list."""

    @property
    def contents(self):
        return contents_from_body(self.body)


class HomePage(BasePage):
    introduction = models.TextField(
        max_length=400,
        help_text="One or two plain-English sentences on what the partnership does.",
    )
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when rendered: a kept fragment of the page needs neither.
        context["sections"] = SimpleLazyObject(
            lambda: list(self.get_children().live().public().in_menu().specific())
        )
        # What other apps show on the home page (e.g. the latest annual
        # report), registered with the "home_page_features" hook: the kernel
        # names no app.
        context["features"] = SimpleLazyObject(
            lambda: [feature(request, self) for feature in hooks.get_hooks("home_page_features")]
        )
        return context


class StandardPage(ContentsMixin, BasePage):
    summary = models.TextField(
        max_length=300, blank=True, help_text="Shown under the title and in search results."
    )
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = "standard page"


class ContactPage(ContentsMixin, BasePage):
    """Shows the safeguarding contacts from site settings, then the body."""

    summary = models.TextField(max_length=300, blank=True)
    body = StreamField(BodyBlock(), blank=True)
    business_unit_email = models.EmailField(blank=True)
    business_unit_phone = models.CharField(max_length=30, blank=True)
    address = models.TextField(blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("business_unit_email"),
                FieldPanel("business_unit_phone"),
                FieldPanel("address"),
            ],
            heading="Partnership business unit",
        ),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "contact page"

    def public_record_text(self):
        """The page's own words plus what it shows from the site's safeguarding
        contacts, so "phone", "LADO" or "out of hours" find it, or a number
        typed as it is shown. Re-indexed when the page is published and when
        the contacts are saved (``reindex_contact_pages``)."""
        words = [super().public_record_text(), self.business_unit_phone, self.address]
        site = self.get_site()
        if site is not None:
            contacts = SafeguardingContacts.for_site(site)
            words += [
                "Worried about a child? phone telephone call emergency 999",
                contacts.front_door_name,
                contacts.front_door_phone,
                contacts.front_door_hours,
                "out of hours" if contacts.out_of_hours_phone else "",
                contacts.out_of_hours_phone,
                "LADO Local Authority Designated Officer" if contacts.lado_phone else "",
                contacts.lado_phone,
                "Childline",
                contacts.childline_phone,
            ]
        return " ".join(w for w in words if w)


def reindex_contact_pages(sender, instance, raw=False, **kwargs):
    """The site's contact pages show these numbers: index them again now,
    so search finds the new numbers and no longer the old ones."""
    if raw or instance.site_id is None:
        return
    for page in ContactPage.objects.live().in_site(instance.site):
        index.insert_or_update_object(page)


class AccessibilityStatementPage(ContentsMixin, BasePage):
    """The statement the Public Sector Bodies Accessibility Regulations 2018 require."""

    COMPLIANCE = [
        ("full", "Fully compliant with WCAG 2.2 AA"),
        ("partial", "Partially compliant with WCAG 2.2 AA"),
        ("not", "Not compliant with WCAG 2.2 AA"),
    ]

    compliance_status = models.CharField(max_length=10, choices=COMPLIANCE, default="partial")
    non_accessible_content = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="What is not yet accessible, and when it will be fixed.",
    )
    feedback_email = models.EmailField(help_text="Where people report problems.")
    last_tested = models.DateField(
        null=True,
        blank=True,
        help_text="When the site was last tested for accessibility. Leave empty until it has "
        "been: the statement then gives no date.",
    )
    statement_prepared = models.DateField()
    statement_reviewed = models.DateField(null=True, blank=True)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("compliance_status"),
        FieldPanel("non_accessible_content"),
        FieldPanel("feedback_email"),
        FieldRowPanel(
            [
                FieldPanel("last_tested"),
                FieldPanel("statement_prepared"),
                FieldPanel("statement_reviewed"),
            ],
            heading="Dates",
        ),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "accessibility statement"


class SearchShortcut(models.Model):
    """Everyday words readers type, sent straight to the page that answers them.

    Readers search for "social worker" or "report a concern" and the site says
    "Worried about a child?": each partnership's editors keep their own list,
    and a matching shortcut comes first in that site's search results.
    """

    partnership_lookup = "site__partnership"
    admin_search_fields = ["phrases"]

    site = models.ForeignKey(
        "wagtailcore.Site",
        on_delete=models.CASCADE,
        related_name="search_shortcuts",
        help_text="The partnership's site whose search offers this.",
    )
    phrases = models.TextField(
        help_text="What readers type, one phrase per line, e.g. “report a concern”, "
        "“social worker”, “LADO”. A search containing any of these words in this order "
        "offers the page first. Capitals and punctuation do not matter."
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The page that answers them, on the same site.",
    )
    description = models.CharField(
        max_length=250,
        blank=True,
        help_text="Shown under the link in the results. Blank: the page's own summary.",
    )

    panels = [
        FieldPanel("site"),
        FieldPanel("phrases"),
        FieldPanel("page"),
        FieldPanel("description"),
    ]

    class Meta:
        ordering = ["site", "pk"]
        verbose_name = "search shortcut"

    def __str__(self):
        return ", ".join(self.phrase_list()[:3])

    def phrase_list(self):
        return [p for p in (normalise(line).lower() for line in self.phrases.splitlines()) if p]

    def clean(self):
        super().clean()
        if not self.phrase_list():
            raise ValidationError(
                {"phrases": "Type at least one word or phrase readers search for."}
            )
        if self.site_id and self.page_id:
            root = self.site.root_page
            if not (self.page.pk == root.pk or self.page.is_descendant_of(root)):
                raise ValidationError({"page": "Choose a page of this partnership's own site."})
