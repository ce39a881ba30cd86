"""Demo governance records built from the seeds in ../shared/seeds.

Facts (bodies, dates, the mission, value themes, responsibilities, priorities,
the framework of cooperation, public office-holders) come from the seeds; every
sentence is ours. People the seeds do not name (lay members, partner leads) are
invented, marked ``Illustrative`` (labelled "Demo person" on the demo site) and
have no contact details beyond example.org.

Idempotent: records are found by natural keys with get_or_create, pages with
upsert_page, so a second run adds and changes nothing. Bodies are keyed on
(partnership, slug), the same keys the publications demo uses.
"""

from datetime import date

from wagtail.documents import get_document_model
from wagtail.models import Page

from demo import illustrative
from demo.pdf import render_pdf, store_document
from demo.sites import upsert_page
from governance.models import (
    Agency,
    AgendaItem,
    Attendance,
    Body,
    Declaration,
    GovernanceIndexPage,
    Meeting,
    MemberAccount,
    MembersAreaPage,
    Membership,
    Mission,
    Person,
    Post,
    PublicationReceived,
    Relationship,
    Responsibility,
    StrategicPriority,
    Value,
    ValueTheme,
)
from site_core import tenancy

K = Body.Kind
R = Post.Role
REL = Relationship.Kind

SSCB_ENDED = date(2019, 9, 28)  # the last day before the national move to partnerships
SSCP_BEGAN = date(2019, 9, 29)
PLAN_FROM, PLAN_UNTIL = date(2018, 4, 1), date(2019, 3, 31)
FRAMEWORK = (
    "Framework of cooperation between the Health and Wellbeing Board, the Safeguarding "
    "Children Board and the Safeguarding Adults Board (2014)"
)


def body(partnership, slug, name, kind, **fields):
    record, _ = Body.objects.get_or_create(
        partnership=partnership, slug=slug, defaults={"name": name, "kind": kind, **fields}
    )
    return record


def agency(partnership, name, kind, short_name=""):
    record, _ = Agency.objects.get_or_create(
        partnership=partnership, name=name, defaults={"kind": kind, "short_name": short_name}
    )
    return record


INVENTED_PERSON = (
    "Invented for the demo: the seeds do not name who holds this post. The name is "
    "made up and the email address is at example.org."
)


def person(partnership, name, demo=True, **fields):
    """A person; ``demo=False`` only for public office-holders the seeds name."""
    defaults = dict(fields)
    if demo:
        slug = name.lower().replace(" ", ".")
        defaults.setdefault("email", f"{slug}@example.org")
    record, _ = Person.objects.get_or_create(partnership=partnership, name=name, defaults=defaults)
    if demo:
        illustrative.mark(record, INVENTED_PERSON)
    return record


def post(on_body, role, label="", holders=1, sort_order=100):
    record, _ = Post.objects.get_or_create(
        body=on_body,
        role=role,
        label=label,
        defaults={"holders": holders, "sort_order": sort_order},
    )
    return record


def member(who, seat, starts, ends=None, on_behalf_of=None, until_replaced=False):
    record, created = Membership.objects.get_or_create(
        person=who,
        post=seat,
        term_starts=starts,
        defaults={
            "term_ends": ends,
            "on_behalf_of": on_behalf_of,
            "until_replaced": until_replaced,
        },
    )
    if created:
        record.full_clean()
    return record


def relate(subject, kind, other, began=None, ended=None, description="", framework=""):
    record, _ = Relationship.objects.get_or_create(
        subject=subject,
        kind=kind,
        other=other,
        defaults={
            "began": began,
            "ended": ended,
            "description": description,
            "framework_title": framework,
        },
    )
    if framework and record.framework_page_id is None:
        page = _find_page(subject.partnership, "framework of cooperation")
        if page is not None:
            record.framework_page = page
            record.save(update_fields=["framework_page"])
    return record


def _find_page(partnership, words):
    """A live page of the partnership's site whose title contains ``words``, if the
    publications demo has made one (it loads after this one, so on a second run)."""
    site = partnership.site
    return Page.objects.live().descendant_of(site.root_page).filter(title__icontains=words).first()


def adopted(model, on_body, lookup, **fields):
    record, _ = model.objects.get_or_create(
        body=on_body, applies_from=fields.pop("applies_from"), **lookup, defaults=fields
    )
    return record


def _paper(title, text, private, partnership):
    Document = get_document_model()
    existing = Document.objects.filter(title=title).first()
    if existing is not None:
        return existing
    content = render_pdf(title, [(title, [text, "Demonstration document: not a real paper."])])
    name = title.lower().replace(" ", "-").replace("'", "")[:60] + ".pdf"
    collection = partnership.members_papers if private else partnership.public_documents
    fields = {"collection": collection}
    return store_document(Document, name, content, title=title, **fields)


def meeting(on_body, when, access, place="", summary=""):
    record, created = Meeting.objects.get_or_create(
        body=on_body,
        date=when,
        defaults={"access": access, "place": place, "summary": summary},
    )
    return record, created


def pages(demo, intro):
    governance = upsert_page(
        demo.home,
        GovernanceIndexPage,
        "governance",
        title="Governance",
        show_in_menus=True,
        summary=intro,
    )
    members = upsert_page(
        governance,
        MembersAreaPage,
        "members",
        title="Members' area",
        summary="Members-only meetings, papers and minutes, contact details and terms "
        "ending soon. Sign in with your own account.",
    )
    tenancy.restrict_to_members(members, demo.partnership)
    return governance


def sunderland(demo):
    p = demo.partnership
    sscp = body(
        p,
        "sscp",
        "Sunderland Safeguarding Children Partnership",
        K.PARTNERSHIP,
        short_name="SSCP",
        began=SSCP_BEGAN,
        purpose="The council, the NHS and Northumbria Police share the duty to keep "
        "children in Sunderland safe. The partnership is how they do it together, with "
        "schools and other agencies, and how they check that it works.",
    )
    sscb = body(
        p,
        "sscb",
        "Sunderland Safeguarding Children Board",
        K.BOARD,
        short_name="SSCB",
        ended=SSCB_ENDED,
        purpose="The statutory board that led multi-agency safeguarding in Sunderland until "
        "the partnership replaced it in 2019.",
    )
    executive = body(
        p,
        "sscp-executive",
        "SSCP Executive",
        K.EXECUTIVE,
        parent=sscp,
        began=SSCP_BEGAN,
        purpose="Senior leaders of the three safeguarding partners, who take the "
        "partnership's decisions and hold its groups to account.",
    )
    lwd = body(
        p,
        "learning-workforce-development",
        "Learning and Workforce Development Programme Board",
        K.PROGRAMME_BOARD,
        short_name="L&WD PB",
        parent=executive,
        purpose="Owns training, workforce development, thresholds, procedures and "
        "learning from reviews. First set up under the board's 2017–19 business plan.",
    )
    pqa = body(
        p,
        "performance-quality-assurance",
        "Performance and Quality Assurance Programme Board",
        K.PROGRAMME_BOARD,
        short_name="P&QA PB",
        parent=executive,
        purpose="Owns the scorecard of indicators, the audit programme and Section 11 and "
        "Section 175 audits. First set up under the board's 2017–19 business plan.",
    )
    body(
        p,
        "vulnerable-adolescents-group",
        "Vulnerable Adolescents Strategic Project Group",
        K.SUBGROUP,
        parent=pqa,
        purpose="Leads the analysis of indicators about adolescents at risk, such as going "
        "missing and child sexual exploitation.",
    )
    body(
        p,
        "domestic-abuse-group",
        "Domestic Abuse Strategic Project Group",
        K.SUBGROUP,
        short_name="DASPG",
        parent=pqa,
        purpose="A multi-agency project on outcomes for children and adults affected by "
        "domestic abuse, including a city-wide domestic abuse scorecard.",
    )
    body(
        p,
        "competency-framework-group",
        "Workforce Competency Framework Task and Finish Group",
        K.TASK_AND_FINISH,
        parent=lwd,
        # The seed says only that the 2017-19 business plan set it up; it closed
        # with the board whose plan it served, if not before.
        ended=SSCB_ENDED,
        purpose="A short-lived group, set up under the board's 2017–19 business plan, to "
        "draft a competency-based framework for the workforce.",
    )
    body(
        p,
        "core-curriculum-group",
        "Core Safeguarding Curriculum Task and Finish Group",
        K.TASK_AND_FINISH,
        parent=lwd,
        ended=SSCB_ENDED,  # as the group above
        purpose="A short-lived group, set up under the board's 2017–19 business plan, to "
        "set standards for a core curriculum of safeguarding training.",
    )
    improvement = body(
        p,
        "improvement-board",
        "Sunderland Improvement Board",
        K.IMPROVEMENT_BOARD,
        short_name="IB",
        ended=date(2018, 3, 31),
        purpose="A voluntary board with an independent chair that oversaw improvement "
        "after the 2014 reviews. It closed when the safeguarding board was judged strong "
        "enough to take over its remaining work.",
    )
    hwb = body(
        p,
        "hwb",
        "Sunderland Health and Wellbeing Board",
        K.HEALTH_AND_WELLBEING,
        short_name="HWB",
        purpose="The council committee that brings health and care leaders together; it "
        "receives the safeguarding boards' annual reports.",
    )
    sab = body(
        p,
        "sab",
        "Sunderland Safeguarding Adults Board",
        K.ADULTS_BOARD,
        short_name="SSAB",
        purpose="The statutory board for adults at risk, under the Care Act 2014.",
    )
    scrutiny = body(
        p,
        "scrutiny",
        "Sunderland Scrutiny Committee",
        K.SCRUTINY,
        purpose="Councillors who examine how well services work, including the "
        "partnership's annual report.",
    )
    csp = body(
        p,
        "childrens-strategic-partnership",
        "Sunderland Children's Strategic Partnership",
        K.OTHER_PARTNERSHIP,
        short_name="CSP",
        purpose="The city's partnership for planning children's services, which the "
        "safeguarding board worked alongside on early help and neglect.",
    )

    council = agency(p, "Sunderland City Council", Agency.Kind.LOCAL_AUTHORITY)
    icb = agency(
        p,
        "NHS North East and North Cumbria Integrated Care Board",
        Agency.Kind.ICB,
        "NENC ICB",
    )
    police = agency(p, "Northumbria Police", Agency.Kind.POLICE)
    tfc = agency(p, "Together for Children", Agency.Kind.OTHER, "TfC")
    agency(p, "Sunderland schools", Agency.Kind.EDUCATION)

    # Public office-holders named in the seeds. The seeds give no term dates
    # for them, so none are recorded: the page says "not recorded".
    ennals = person(p, "Paul Ennals", demo=False)
    member(ennals, post(sscb, R.INDEPENDENT_CHAIR, sort_order=1), None)
    beer = person(p, "Jen Beer", demo=False)
    member(
        beer,
        post(sscp, R.BUSINESS_MANAGER, "Head of Service for SSCP and Early Help", sort_order=20),
        None,
        on_behalf_of=tfc,
    )
    # Invented, and marked as such.
    member(
        person(
            p,
            "Morgan Ashby",
            profile="A retired director of children's services from outside the region.",
            profile_consent=True,
        ),
        post(sscp, R.INDEPENDENT_CHAIR, sort_order=1),
        date(2022, 4, 1),
        date(2027, 3, 31),
        until_replaced=True,
    )
    member(
        person(p, "Sam Okafor"),
        post(sscp, R.INDEPENDENT_SCRUTINEER, sort_order=2),
        date(2021, 9, 1),
        date(2026, 8, 31),
        until_replaced=True,
    )
    lay = post(sscp, R.LAY_MEMBER, holders=3, sort_order=30)
    member(person(p, "Priya Lindqvist"), lay, date(2024, 2, 1), date(2027, 1, 31))
    member(person(p, "Tom Hedley"), lay, date(2025, 6, 1), date(2028, 5, 31))
    member(person(p, "Ruth Carr"), lay, date(2019, 10, 1), date(2023, 9, 30))
    leads = [
        ("Local authority lead", council, "Dana Whitfield"),
        ("ICB lead", icb, "Owen Marsh"),
        ("Police lead", police, "Helen Tait"),
    ]
    for order, (label, partner, name) in enumerate(leads, start=10):
        member(
            person(p, name),
            post(executive, R.STATUTORY_PARTNER_LEAD, label, sort_order=order),
            date(2022, 4, 1),
            on_behalf_of=partner,
        )

    # The framework of cooperation (2014 peer review) and the arrangements since.
    relate(
        sscb,
        REL.REPORTS_TO,
        hwb,
        ended=SSCB_ENDED,
        framework=FRAMEWORK,
        description="The board presented its annual report to the Health and Wellbeing "
        "Board, which checked that safeguarding was reflected in the city's plans.",
    )
    relate(
        sab,
        REL.REPORTS_TO,
        hwb,
        framework=FRAMEWORK,
        description="The adults board presents its annual report to the Health and "
        "Wellbeing Board in the same way.",
    )
    relate(
        sscb,
        REL.COOPERATES_WITH,
        sab,
        ended=SSCB_ENDED,
        framework=FRAMEWORK,
        description="The two boards shared an independent chair and agreed to work "
        "together on issues that affect whole families.",
    )
    relate(
        sscb,
        REL.COOPERATES_WITH,
        csp,
        ended=SSCB_ENDED,
        description="The board supported the strategic partnership's work on early help "
        "and neglect, and assured its impact.",
    )
    relate(
        sscp,
        REL.SCRUTINISED_BY,
        scrutiny,
        began=SSCP_BEGAN,
        description="Councillors receive the annual report and ask the partnership to "
        "account for it.",
    )
    relate(
        sscp,
        REL.JOINTLY_DELIVERS,
        sab,
        began=date(2022, 4, 1),
        description="The two partnerships run an annual Safeguarding Learning Week together.",
    )
    relate(
        sscb,
        REL.ACCOUNTABLE_TO,
        improvement,
        ended=date(2018, 3, 31),
        description="The improvement board oversaw the safeguarding board's improvement "
        "until April 2018, when the board took over its remaining functions.",
    )

    _strategic_plan(sscb)
    _sunderland_meetings(executive, scrutiny)
    return pages(
        demo,
        "Who leads safeguarding children in Sunderland, how the boards fit together, what "
        "they have agreed and how the arrangements have changed.",
    )


def _strategic_plan(sscb):
    """The 2018-19 strategic plan: mission, value themes, responsibilities, priorities."""
    period = {"applies_from": PLAN_FROM, "applies_until": PLAN_UNTIL}
    adopted(
        Mission,
        sscb,
        {
            "statement": "High Support, High Challenge – Working together; making a difference; "
            "safeguarding children"
        },
        explanation="Shared by every member organisation and expected of their staff in "
        "all their work with children, families and one another.",
        **period,
    )
    themes = [
        ("Listen and Learn", ["Curious", "Focussing on children and young people"]),
        (
            "Work in Partnerships",
            ["Collaborative", "Learning Together", "Improving Together", "Critical Friends"],
        ),
        ("Trust and Respect", ["Honest", "Work with Integrity"]),
        (
            "Never Give Up",
            ["Resilient", "Brave", "Persevering", "Solving problems and overcoming barriers"],
        ),
        ("Continuous Improvement", ["Aiming High"]),
    ]
    for number, (name, values) in enumerate(themes, start=1):
        theme = adopted(ValueTheme, sscb, {"number": number}, name=name, **period)
        for order, value in enumerate(values):
            Value.objects.get_or_create(theme=theme, name=value, defaults={"sort_order": order})
    responsibilities = [
        (
            "Coordinate and Support",
            "Bring agencies' safeguarding practice together and "
            "help it work, thinking about the whole family.",
        ),
        (
            "Assure and Challenge",
            "Check how well agencies keep children safe, together and "
            "one by one, and question them where they fall short.",
        ),
        (
            "Learn and Improve",
            "Turn what reviews and audits show into better practice, for "
            "children, young people and the adults around them.",
        ),
    ]
    for order, (title, text) in enumerate(responsibilities, start=1):
        adopted(
            Responsibility, sscb, {"title": title}, description=text, sort_order=order, **period
        )
    priorities = [
        (
            "Voice of the Child",
            "Ask children and young people what they think, listen, and "
            "change what we do as a result.",
        ),
        ("People", "Lead with energy and a focus on children, and help staff to keep improving."),
        ("Practice and Systems", "Clear, usable procedures and simple routes into services."),
        (
            "Performance Management, Compliance and Quality Assurance",
            "Look hard at "
            "performance and the quality of practice, and show what difference our work makes.",
        ),
    ]
    for order, (title, text) in enumerate(priorities, start=1):
        adopted(
            StrategicPriority, sscb, {"title": title}, description=text, sort_order=order, **period
        )


def _sunderland_meetings(executive, scrutiny):
    record, created = meeting(
        executive,
        date(2026, 10, 15),
        Meeting.Access.MEMBERS,
        place="City Hall, Sunderland",
        summary="The executive reviewed the quarterly scorecard and agreed the learning week "
        "programme.",
    )
    if not created:
        return
    illustrative.mark(
        record, "Invented for the demo, to show a members-only meeting with papers and minutes."
    )
    record.minutes = _paper(
        "SSCP Executive minutes, 15 October 2026",
        "Minutes of a fictional executive meeting, kept for board members only.",
        private=True,
        partnership=executive.partnership,
    )
    record.full_clean()
    record.save()
    AgendaItem.objects.create(
        meeting=record,
        number="1",
        title="Quarterly scorecard",
        paper=_paper(
            "Quarterly scorecard, quarter 2 2026-27",
            "Indicators for the quarter, with commentary. Members only.",
            private=True,
            partnership=executive.partnership,
        ),
        sort_order=0,
    )
    AgendaItem.objects.create(
        meeting=record, number="2", title="Safeguarding Learning Week", sort_order=1
    )
    partnership = executive.partnership
    for order, (name, status) in enumerate(
        [("Dana Whitfield", "present"), ("Owen Marsh", "present"), ("Helen Tait", "apologies")]
    ):
        Attendance.objects.create(
            meeting=record,
            person=Person.objects.get(partnership=partnership, name=name),
            status=status,
            sort_order=order,
        )
    Declaration.objects.create(
        meeting=record,
        person=Person.objects.get(partnership=partnership, name="Owen Marsh"),
        item="Safeguarding Learning Week",
        interest="A relative works for one of the training providers.",
        sort_order=0,
    )


def east_sussex(demo):
    p = demo.partnership
    esscp = body(
        p,
        "esscp",
        "East Sussex Safeguarding Children Partnership",
        K.PARTNERSHIP,
        short_name="ESSCP",
        began=SSCP_BEGAN,
        purpose="East Sussex County Council, NHS Sussex and Sussex Police working together, "
        "with schools and other agencies, to keep children safe.",
    )
    hwb = body(
        p,
        "hwb",
        "East Sussex Health and Wellbeing Board",
        K.HEALTH_AND_WELLBEING,
        short_name="HWB",
        purpose="The county's board for health and care leaders, which receives the "
        "partnership's annual report.",
    )
    agency(p, "East Sussex County Council", Agency.Kind.LOCAL_AUTHORITY)
    agency(p, "NHS Sussex Integrated Care Board", Agency.Kind.ICB, "NHS Sussex")
    agency(p, "Sussex Police", Agency.Kind.POLICE)
    robson = person(p, "Chris Robson", demo=False)
    # Named in the seed as Independent Chair; it gives no term dates.
    member(robson, post(esscp, R.INDEPENDENT_CHAIR, sort_order=1), None)
    lay = post(esscp, R.LAY_MEMBER, holders=2, sort_order=30)
    member(person(p, "Jo Pemberton"), lay, date(2022, 9, 1), date(2025, 8, 31), until_replaced=True)
    member(person(p, "Amrit Sandhu"), lay, date(2022, 9, 1), date(2026, 12, 31))
    relate(
        esscp,
        REL.REPORTS_TO,
        hwb,
        description="The partnership presents its annual report to the board every year.",
    )
    record, created = meeting(
        hwb,
        date(2023, 12, 12),
        Meeting.Access.PUBLIC,
        # The seed is the paper for the meeting: it records what the board was
        # asked to do, not what it decided, so no outcome is given.
        summary="The partnership's Independent Chair brought its annual report for 2022/23. "
        "The board was asked to receive and consider it, and to note the partnership's "
        "priorities from 2023.",
    )
    if created:
        # The seed names the item, not its number on the agenda.
        AgendaItem.objects.create(meeting=record, title="ESSCP Annual Report 2022/23", sort_order=0)
    _received(record, "ESSCP Annual Report 2022/23")
    return pages(
        demo,
        "Who leads safeguarding children in East Sussex and how the "
        "partnership is held to account.",
    )


def _received(record, title):
    received, _ = PublicationReceived.objects.get_or_create(meeting=record, title=title)
    if received.page_id is None:
        page = _find_page(record.body.partnership, "annual report 2022")
        if page is not None:
            received.page = page
            received.save(update_fields=["page"])


def south_tees(demo):
    p = demo.partnership
    stscp = body(
        p,
        "stscp",
        "South Tees Safeguarding Children Partnership",
        K.PARTNERSHIP,
        short_name="STSCP",
        began=SSCP_BEGAN,
        purpose="Four statutory partners working together for children in Middlesbrough "
        "and Redcar and Cleveland.",
    )
    executive = body(
        p,
        "executive",
        "South Tees Children's Safeguarding Executive",
        K.EXECUTIVE,
        parent=stscp,
        began=SSCP_BEGAN,
        purpose="The statutory partners' leaders; schools are represented at this level too.",
    )
    scrutiny = body(
        p,
        "scrutiny",
        "Middlesbrough Children and Young People's Scrutiny Panel",
        K.SCRUTINY,
        purpose="Middlesbrough councillors who examine services for children, including the "
        "partnership's annual report.",
    )
    partners = [
        ("Middlesbrough Council", Agency.Kind.LOCAL_AUTHORITY, ""),
        ("Redcar and Cleveland Council", Agency.Kind.LOCAL_AUTHORITY, ""),
        ("Cleveland Police", Agency.Kind.POLICE, ""),
        ("NHS North East and North Cumbria Integrated Care Board", Agency.Kind.ICB, "NENC ICB"),
    ]
    for name, kind, short in partners:
        agency(p, name, kind, short)
    member(
        person(p, "Lee Varga"),
        post(stscp, R.INDEPENDENT_SCRUTINEER, sort_order=2),
        date(2021, 4, 1),
        date(2027, 3, 31),
    )
    post(executive, R.MEMBER, "Schools representative", sort_order=40)
    relate(
        stscp,
        REL.SCRUTINISED_BY,
        scrutiny,
        description="The panel receives the annual report and questions the partners about it.",
    )
    record, _ = meeting(
        scrutiny,
        date(2023, 10, 30),
        Meeting.Access.PUBLIC,
        # As for East Sussex: the seed says what the panel was asked, not what it decided.
        summary="Middlesbrough Council's Director of Education and Partnerships brought the "
        "partnership's annual report for 2022/23. The panel was asked to acknowledge it.",
    )
    _received(record, "STSCP Annual Report 2022/23")
    return pages(
        demo,
        "Who leads safeguarding children across South Tees and how the partnership is scrutinised.",
    )


def load(built):
    """Create the demo governance records and pages for each partnership."""
    loaders = {"sunderland": sunderland, "east-sussex": east_sussex, "south-tees": south_tees}
    for key, loader in loaders.items():
        if key in built:
            loader(built[key])


def link_demo_member(user, partnership):
    """Link a demo board member's sign-in to one of the partnership's invented
    (Illustrative) people who holds a post today, so "My boards" has something
    to show. Never a real person named in the seeds. Idempotent."""
    from django.utils import timezone

    if MemberAccount.objects.filter(user=user, person__partnership=partnership).exists():
        return None
    invented = set(illustrative.public_labels(Person))
    today = timezone.localdate()
    memberships = (
        Membership.objects.filter(post__body__partnership=partnership, person__account=None)
        .select_related("person", "post")
        .order_by("post__body__name", "post__sort_order", "person__name")
    )
    for membership in memberships:
        if membership.person_id in invented and membership.status(today) == membership.CURRENT:
            return MemberAccount.objects.create(person=membership.person, user=user)
    return None
