"""Demo publications built from the seeds, in our own words.

Bodies are looked up by (partnership, slug) and created only when the
governance demo has not made them already. Dates the seeds do not give (when
a report went online, when the framework was adopted) are illustrative and
say so in a change note or note. Idempotent: pages are created only when
missing (``upsert_page``), records with get_or_create.
"""

from datetime import date
from decimal import Decimal

from demo import plan as demo_plan
from demo.pdf import render_pdf, store_document
from demo.sites import upsert_page
from governance.models import Body
from publications.models import (
    Achievement,
    AnnualReportPage,
    AudienceVersionPage,
    FrameworkPage,
    FrameworkParty,
    Inspection,
    KeyFigure,
    LearningFromReviewsPage,
    NextYearPriority,
    PlanActivity,
    PlanIndicator,
    PlanOutcome,
    PlanPage,
    PlanProject,
    PlanResponsibility,
    PlanServicePriority,
    PlanStrategicPriority,
    PlanTheme,
    PlanValueTheme,
    Presentation,
    PublicationDocument,
    PublicationDocumentLink,
    PublicationIndexPage,
    ReflectiveQuestion,
    ReviewFinding,
    ReviewFindingsPage,
    ReviewFocusIssue,
    ReviewRecommendation,
    ReviewTheme,
    Topic,
)

TOPICS = [
    ("Neglect", "neglect", "When a child's basic needs are not met, over time."),
    (
        "Exploitation and vulnerable adolescents",
        "exploitation",
        "Teenagers harmed outside the home: exploitation, going missing, risk-taking.",
    ),
    ("Domestic abuse", "domestic-abuse", "Abuse between adults in a family, and its effect "
     "on children."),
    (
        "Compromised parenting",
        "compromised-parenting",
        "Parents' mental ill health, substance misuse or domestic abuse affecting children.",
    ),
    ("Early help", "early-help", "Support for families as soon as problems appear."),
    ("Education", "education", "Safeguarding in schools, colleges and early years."),
    ("Training and workforce", "training", "Learning for people who work with children."),
    (
        "Governance and accountability",
        "governance",
        "How boards work together and who answers for what.",
    ),
]  # fmt: skip

BODIES = {
    "sunderland": [
        ("sscp", "Sunderland Safeguarding Children Partnership", "SSCP", "partnership", None),
        ("sscb", "Sunderland Safeguarding Children Board", "SSCB", "board", date(2019, 9, 28)),
        ("hwb", "Sunderland Health and Wellbeing Board", "HWB", "hwb", None),
        ("sab", "Sunderland Safeguarding Adults Board", "SAB", "adults_board", None),
        ("scrutiny", "Sunderland City Council Scrutiny Committee", "", "scrutiny", None),
        (
            "learning-workforce-development",
            "Learning and Workforce Development Programme Board",
            "L&WFD PB",
            "programme_board",
            None,
        ),
        (
            "performance-quality-assurance",
            "Performance and Quality Assurance Programme Board",
            "P&QA PB",
            "programme_board",
            None,
        ),
    ],
    "east-sussex": [
        ("esscp", "East Sussex Safeguarding Children Partnership", "ESSCP", "partnership", None),
        ("hwb", "East Sussex Health and Wellbeing Board", "HWB", "hwb", None),
    ],
    "south-tees": [
        ("stscp", "South Tees Safeguarding Children Partnership", "STSCP", "partnership", None),
        (
            "scrutiny",
            "Middlesbrough Council Children and Young People's Scrutiny Panel",
            "",
            "scrutiny",
            None,
        ),
    ],
}


def _bodies(demo):
    found = {}
    for slug, name, short_name, kind, ended in BODIES[demo.spec.key]:
        body, _ = Body.objects.get_or_create(
            partnership=demo.partnership,
            slug=slug,
            defaults={"name": name, "short_name": short_name, "kind": kind, "ended": ended},
        )
        found[slug] = body
    return found


def _topics():
    topics = {}
    for name, slug, description in TOPICS:
        topic, _ = Topic.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
        topics[slug] = topic
    return topics


def _pdf_document(partnership, title, filename, pages_text, fully_accessible=False, note=""):
    """A real PDF made with fpdf2, stored through Wagtail's document model."""
    existing = PublicationDocument.objects.filter(title=title).first()
    if existing is not None:
        return existing
    content = render_pdf(title, pages_text, author="Safeguarding children partnership (demo)")
    return store_document(
        PublicationDocument,
        filename,
        content,
        title=title,
        fully_accessible=fully_accessible,
        accessibility_note=note,
        collection=partnership.public_documents,
    )


def _index(demo):
    index = upsert_page(
        demo.home,
        PublicationIndexPage,
        "publications",
        title="Publications",
        show_in_menus=True,
        summary="Annual reports, plans, what reviews found, and the agreements between our "
        "boards. Filter by type, year, publisher or topic.",
    )
    learning = upsert_page(
        index,
        LearningFromReviewsPage,
        "learning-from-reviews",
        title="Learning from reviews",
        summary="What reviews, audits and inspections found, what they recommended, and "
        "what has changed since.",
    )
    return index, learning


def _sunderland_annual_report(index, bodies, topics):
    summary_pdf = _pdf_document(
        next(iter(bodies.values())).partnership,
        "SSCP annual report 2022/23: summary",
        "sscp-annual-report-2022-23-summary.pdf",
        [
            (
                "Sunderland Safeguarding Children Partnership: annual report 2022/23 summary",
                [
                    "A short summary of the annual report. It covers the year from 1 April "
                    "2022 to 31 March 2023.",
                    "The partnership ran 100 training sessions. 1,933 professionals from 11 "
                    "kinds of agency booked places.",
                ],
            ),
            (
                "What changed for children",
                [
                    "Young people harmed outside the home can now have a Young Person's Plan "
                    "that works with them directly, instead of a child protection plan aimed "
                    "at their parents.",
                    "Signs of Safety training reached staff across agencies, so families meet "
                    "the same approach wherever they are helped.",
                ],
            ),
            (
                "What comes next",
                [
                    "Plan how to put Working Together 2023 into practice, run a learning week "
                    "with the adults board, and keep learning from reviews.",
                ],
            ),
        ],
        fully_accessible=False,
        note="This PDF has no tagged headings, so some screen readers may not read its "
        "structure. The web page has all of its content.",
    )
    report = upsert_page(
        index,
        AnnualReportPage,
        "annual-report-2022-23",
        title="Annual report 2022/23",
        summary="Our third annual report: what the partnership did between April 2022 and "
        "March 2023, what a joint inspection found, how much training we ran, and what we "
        "will focus on next.",
        # The seed gives no date. It cites guidance published in December 2023
        # and says the next report "will be produced by September 2024": all
        # that is known is that it came out by then.
        publication_date=date(2024, 9, 1),
        publication_date_precision="by_month",
        reporting_year=2022,
        period_start=date(2022, 4, 1),
        period_end=date(2023, 3, 31),
        edition="Third annual report",
        published_by=[bodies["sscp"]],
        topics=[topics["exploitation"], topics["training"], topics["early-help"]],
        key_figures=[
            KeyFigure(
                value=Decimal(100),
                label="training sessions run",
                context="between 1 April 2022 and 31 March 2023",
            ),
            KeyFigure(value=Decimal(1933), label="professionals booked on training"),
            KeyFigure(
                value=Decimal(11),
                label="types of agency booked places",
                context="most from Together for Children, health and education",
            ),
        ],
        achievements=[
            Achievement(
                title="A plan built around the young person",
                description="Working alongside the Young People's team, set up in 2021/22 for "
                "teenagers harmed outside the home, we introduced a multi-agency Young "
                "Person's Plan. It works with young people themselves, where a child "
                "protection plan would focus on changing what their parents do.",
            ),
            Achievement(
                title="Prevention work kept going",
                description="Funding continued for the city's prevention bus, Wear Here 4 "
                "You, and for relationship and sex education workers managed by Together for "
                "Children.",
            ),
            Achievement(
                title="One way of working with families",
                description="Signs of Safety training reached staff across agencies, so a "
                "family meets the same approach whoever is helping them.",
            ),
            Achievement(
                title="A bigger, newer training offer",
                description="New courses on missing, sexually exploited and trafficked "
                "children and on harm outside the family; refreshed courses on thresholds of "
                "need and on vulnerable babies.",
            ),
            Achievement(
                title="Safeguarding Learning Week",
                description="With the Sunderland Safeguarding Adults Board we started a "
                "yearly learning week for staff who work with children or adults.",
            ),
        ],
        next_priorities=[
            NextYearPriority(text="Plan how we will put Working Together 2023 into practice"),
            NextYearPriority(text="Run a learning week with the Safeguarding Adults Board"),
            NextYearPriority(
                text="Embed what rapid reviews and child safeguarding practice reviews teach us"
            ),
            NextYearPriority(text="Keep delivering the priorities in our business plan"),
            NextYearPriority(text="Keep working strategically with other partnerships"),
            NextYearPriority(
                text="Help services keep quality high for families during the cost-of-living crisis"
            ),
            NextYearPriority(text="Publish the 2023/24 annual report by September 2024"),
        ],
        inspections=[
            Inspection(
                name="Joint Targeted Area Inspection",
                inspectorates="Ofsted, the Care Quality Commission, HM Inspectorate of "
                "Constabulary and Fire and Rescue Services, and HM Inspectorate of Probation",
                timing="early 2023",
                summary="Inspectors looked at how agencies in Sunderland work together to "
                "protect children. The annual report sets out the inspection's main "
                "recommendations.",
            )
        ],
        presentations=[
            Presentation(
                body=bodies["scrutiny"],
                note="Asked to note the report as assurance that local arrangements work.",
            )
        ],
        documents=[PublicationDocumentLink(document=summary_pdf)],
    )
    upsert_page(
        index,
        AudienceVersionPage,
        "annual-report-2022-23-young-people",
        title="Annual report 2022/23: the short version for young people",
        summary="What the grown-ups who keep children safe in Sunderland did last year, and "
        "what they will do next, in a few minutes' reading.",
        publication_date=date(2024, 9, 1),  # as the report it retells
        publication_date_precision="by_month",
        period_start=date(2022, 4, 1),
        period_end=date(2023, 3, 31),
        audience="young_people",
        full_version=report,
        published_by=[bodies["sscp"]],
        topics=[topics["exploitation"]],
        body=[
            {"type": "heading", "value": {"text": "What we did", "level": "h2"}},
            {
                "type": "paragraph",
                "value": "<p>We trained almost 2,000 people who work with children. Young "
                "people who are being harmed outside their home can now have their own plan, "
                "made with them.</p>",
            },
            {"type": "heading", "value": {"text": "What we will do next", "level": "h2"}},
            {
                "type": "paragraph",
                "value": "<p>Learn from times when things went wrong, and help families "
                "who are struggling with the cost of living.</p>",
            },
        ],
    )
    return report


def _sunderland_plan(index, bodies, topics):
    body_for = {
        demo_plan.LWD: bodies["learning-workforce-development"],
        demo_plan.PQA: bodies["performance-quality-assurance"],
        demo_plan.BOARD: bodies["sscb"],
    }
    projects, activities = [], []
    for theme, reference, title, lead, officers, rows in demo_plan.PROJECTS:
        projects.append(
            PlanProject(
                theme_number=theme,
                reference=reference,
                title=title,
                lead_body=body_for[lead],
                lead_officers=officers,
            )
        )
        for description, due, status, reason in rows:
            activities.append(
                PlanActivity(
                    project_reference=reference,
                    description=description,
                    due=due,
                    status=status,
                    delay_reason=reason,
                )
            )
    return upsert_page(
        index,
        PlanPage,
        "strategic-plan-2018-19",
        title="Strategic plan 2018-19 and business plan 2017-18",
        summary="The Sunderland Safeguarding Children Board's plan for 2018-19: our mission "
        "and values, four strategic priorities, three service priorities, 68 indicators "
        "under three outcomes, and the projects of the business plan with their progress.",
        publication_date=date(2018, 4, 23),
        period_start=date(2018, 4, 1),
        period_end=date(2019, 3, 31),
        version="1",
        adopted_by=bodies["sscb"],
        adopted_on=date(2018, 4, 23),
        mission="High support, high challenge: working together, making a difference, "
        "safeguarding children.",
        status="superseded",
        status_note="The board gave way to the Sunderland Safeguarding Children Partnership "
        "in 2019. This plan is kept as a record of the board's work.",
        published_by=[bodies["sscb"]],
        topics=[
            topics["neglect"],
            topics["exploitation"],
            topics["compromised-parenting"],
            topics["domestic-abuse"],
            topics["governance"],
        ],
        value_themes=[
            PlanValueTheme(title=title, values="\n".join(values))
            for title, values in demo_plan.VALUE_THEMES
        ],
        responsibilities=[
            PlanResponsibility(title=t, description=d) for t, d in demo_plan.RESPONSIBILITIES
        ],
        strategic_priorities=[
            PlanStrategicPriority(title=t, description=d) for t, d in demo_plan.STRATEGIC_PRIORITIES
        ],
        service_priorities=[
            PlanServicePriority(title=t, focus_areas="\n".join(areas))
            for t, areas in demo_plan.SERVICE_PRIORITIES
        ],
        outcomes=[PlanOutcome(number=n, title=t) for n, t in demo_plan.OUTCOMES],
        indicators=[
            PlanIndicator(outcome_number=o, number=n, description=d)
            for o, n, d in demo_plan.INDICATORS
        ],
        themes=[PlanTheme(number=n, title=t) for n, t in demo_plan.THEMES],
        projects=projects,
        activities=activities,
        body=[
            {"type": "heading", "value": {"text": "Why this plan", "level": "h2"}},
            {
                "type": "paragraph",
                "value": "<p>The board reviewed its plans in March 2018. Demand for "
                "safeguarding services was rising while budgets fell, and Universal Credit "
                "was due in the city that summer. The Improvement Board closed in March 2018 "
                "and handed its duties to this board.</p><p>The board does not design or "
                "run services. It uses what it knows to support the agencies that do, and "
                "checks whether their work is good enough and makes a difference.</p>",
            },
            {"type": "heading", "value": {"text": "Keeping the plan up to date", "level": "h2"}},
            {
                "type": "paragraph",
                "value": "<p>The strategy is looked at again every year, after any inspection "
                "of safeguarding services, and after any big change in national policy. "
                "Progress on the business plan is reported in the annual report. The work is "
                "led through two programme boards using Outcomes-Based Accountability, which "
                "starts from the result wanted and works back to the actions.</p>",
            },
        ],
    )


def _sunderland_review_and_framework(index, bodies, topics):
    review = upsert_page(
        index,
        ReviewFindingsPage,
        "peer-review-2014",
        title="Children's safeguarding peer review, November 2014",
        summary="A team of peers from the Local Government Association looked at how "
        "Sunderland keeps children safe. This page sets out what they looked at, what "
        "they recommended, and what happened next.",
        # The seed dates the review to November 2014 and its report to no day at
        # all: it presents "the findings of the November 2014 Peer Review".
        publication_date=date(2014, 11, 1),
        publication_date_precision="from_month",
        review_type=ReviewFindingsPage.ReviewType.PEER_REVIEW,
        carried_out_by="A team of peers arranged by the Local Government Association (LGA)",
        published_by=[bodies["sscb"], bodies["sab"]],
        topics=[topics["governance"], topics["early-help"]],
        themes=[
            ReviewTheme(title="Effective practice, service delivery and the voice of the child"),
            ReviewTheme(title="Outcomes, impact and performance management"),
            ReviewTheme(title="Working together, including the Health and Wellbeing Board"),
            ReviewTheme(title="Capacity and managing resources"),
            ReviewTheme(title="Vision, strategy and leadership"),
        ],
        focus_issues=[
            ReviewFocusIssue(title="Early intervention, help and support"),
            ReviewFocusIssue(title="The Sunderland Safeguarding Children Board"),
            ReviewFocusIssue(title="How children's services were improving"),
            ReviewFocusIssue(title="The quality and effectiveness of the MASH"),
        ],
        findings=[
            ReviewFinding(
                text="The peer review was the second stage of a wider look at children's "
                "safeguarding, after a Core Assets review earlier in 2014 had identified "
                "where the council's service needed to improve."
            ),
            ReviewFinding(
                text="A voluntary Improvement Board with an independent chair now oversees "
                "the improvement work."
            ),
            ReviewFinding(
                text="The children's board has a new independent chair, refreshed governance "
                "and stronger accountability, on the board and inside partner agencies."
            ),
        ],
        recommendations=[
            ReviewRecommendation(
                number="1",
                text="Review and reshape how the strategic safeguarding boards relate to one "
                "another, so that governance and oversight are stronger.",
                owner="Health and Wellbeing Board, with the children's and adults' boards",
                response="A framework of cooperation between the three boards was drafted "
                "and put to the Health and Wellbeing Board for adoption.",
                status=ReviewRecommendation.Status.COMPLETE,
            )
        ],
        learning_briefing_title="Learning briefing",
        learning_briefing="<p>Strong safeguarding needs the boards around it to know who "
        "does what. When several boards share an interest, write down who reports to whom, "
        "and check it still works.</p>",
        reflective_questions=[
            ReflectiveQuestion(text="Which board do you report concerns about your service to?"),
            ReflectiveQuestion(
                text="How does what children tell you reach the people who plan services?"
            ),
        ],
    )
    recommendation = review.recommendations.order_by("sort_order").first()
    framework = upsert_page(
        index,
        FrameworkPage,
        "framework-of-cooperation",
        title="Framework of cooperation between the Health and Wellbeing Board and the "
        "safeguarding boards",
        summary="How Sunderland's Health and Wellbeing Board, children's safeguarding board "
        "and adults' safeguarding board work together: who leads on what and who reports "
        "to whom.",
        # The seed is the paper that put the framework to the Health and
        # Wellbeing Board for adoption: undated, after the November 2014 review,
        # and silent on the decision. So no adoption or review dates here.
        publication_date=date(2014, 11, 1),
        publication_date_precision="from_month",
        purpose="To set out how the three boards cooperate so that safeguarding children and "
        "adults is governed clearly, without gaps or duplication. It answers the peer "
        "review's call to look again at how the strategic boards relate to one another.",
        adoption_status=FrameworkPage.AdoptionStatus.PROPOSED,
        status="superseded",
        status_note="Put to the Health and Wellbeing Board for adoption after the November "
        "2014 peer review; the papers we hold do not record the decision. The children's "
        "board it names gave way to the Sunderland Safeguarding Children Partnership in 2019.",
        answers_recommendation=recommendation,
        published_by=[bodies["hwb"], bodies["sscb"], bodies["sab"]],
        topics=[topics["governance"]],
        # The seed names the three parties, not what each commits to.
        parties=[FrameworkParty(body=bodies[slug]) for slug in ("hwb", "sscb", "sab")],
    )
    return review, framework


def _east_sussex(index, bodies, topics):
    return upsert_page(
        index,
        AnnualReportPage,
        "annual-report-2022-23",
        title="Annual report 2022/23",
        summary="What the East Sussex partnership learned and achieved in 2022/23, how we "
        "know it made a difference, and our priorities from 2023.",
        # Known only to be published by the board meeting that received it.
        publication_date=date(2023, 12, 12),
        publication_date_precision="by",
        reporting_year=2022,
        period_start=date(2022, 4, 1),
        period_end=date(2023, 3, 31),
        published_by=[bodies["esscp"]],
        topics=[topics["education"], topics["exploitation"], topics["training"]],
        sent_to_national_panel=True,
        sent_to_what_works=True,
        key_figures=[
            KeyFigure(
                value=Decimal(3),
                label="multi-agency rapid reviews",
                context="one went on to a local child safeguarding practice review",
            ),
            KeyFigure(
                value=Decimal(2), label="local child safeguarding practice reviews published"
            ),
            KeyFigure(value=Decimal(552), label="staff trained", context="on 42 online courses"),
            KeyFigure(value=Decimal(99), unit="%", label="rated their course excellent or good"),
            KeyFigure(value=Decimal(4), label="multi-agency audits"),
            KeyFigure(value=Decimal(2), label="new lay members"),
        ],
        achievements=[
            Achievement(
                title="Checking the front door against inspection criteria",
                description="One of our four audits used the joint inspection criteria to "
                "test how agencies first identify need and risk.",
            ),
            Achievement(
                title="Working across Sussex",
                description="We agreed how Sussex-wide training and events are developed, "
                "and finished a shared procedure for serious incident referrals and rapid "
                "reviews.",
            ),
            Achievement(
                title="Four new safeguarding projects",
                description="On neglect and poverty, moving between services, sharing "
                "information with third parties, and harmful sexual behaviour in education.",
            ),
            Achievement(
                title="Showing our impact",
                description="Two new lay members joined, and we started events where "
                "agencies show evidence of the difference their work makes.",
            ),
        ],
        next_priorities=[
            NextYearPriority(
                text="Safeguarding children in schools, including those educated at home, "
                "excluded or missing education"
            ),
            NextYearPriority(
                text="Safeguarding adolescents: criminal exploitation, self-harm and suicidal "
                "thoughts, child-to-parent abuse, and the move to adult services"
            ),
            NextYearPriority(
                text="Embedding learning from reviews and audits, including the 2020-23 work "
                "on safeguarding infants"
            ),
        ],
        presentations=[
            Presentation(
                body=bodies["hwb"],
                date=date(2023, 12, 12),
                note="Presented by the partnership's Independent Chair, Chris Robson, for the "
                "board to receive and consider.",
            )
        ],
    )


def _south_tees(index, bodies, topics):
    return upsert_page(
        index,
        AnnualReportPage,
        "annual-report-2022-23",
        title="Annual report 2022/23",
        summary="How the four statutory partners in South Tees worked together in 2022/23: "
        "reviews, audits, and what we must still improve.",
        publication_date=date(2023, 10, 30),
        publication_date_precision="by",
        reporting_year=2022,
        period_start=date(2022, 4, 1),
        period_end=date(2023, 3, 31),
        published_by=[bodies["stscp"]],
        topics=[topics["education"], topics["governance"]],
        key_figures=[
            KeyFigure(
                value=Decimal(4),
                label="statutory partners publish this report",
                context="two councils, the police and the NHS",
            ),
            KeyFigure(value=Decimal(3), label="rapid reviews completed"),
            KeyFigure(value=Decimal(2), label="child safeguarding practice reviews started"),
            KeyFigure(value=Decimal(1), label="practice review from early 2022 signed off"),
        ],
        achievements=[
            Achievement(
                title="Audits across agencies",
                description="Several multi-agency audits, including the Section 11 audit of "
                "key partners' safeguarding duties.",
            ),
            Achievement(
                title="Schools at the table",
                description="Schools sit on the executive and run events with us. Most "
                "schools complete the yearly Section 175 safeguarding survey, whose questions "
                "change each year to follow local issues.",
            ),
            Achievement(
                title="Ready for new national guidance",
                description="Our arrangements already match what Working Together 2023 "
                "proposes, including independent scrutiny kept separate from the chair.",
            ),
        ],
        next_priorities=[
            NextYearPriority(text="Build a robust multi-agency quality assurance framework"),
            NextYearPriority(
                text="Use learning from serious incidents and audits to change practice and "
                "services"
            ),
        ],
        presentations=[
            Presentation(
                body=bodies["scrutiny"],
                date=date(2023, 10, 30),
                note="Presented by Middlesbrough Council's Director of Education and "
                "Partnerships; the panel was asked to acknowledge the report.",
            )
        ],
    )


def _east_sussex_reviews(index, bodies, topics, report):
    """What the East Sussex report says about its case reviews, in our words:
    how many, what followed, and how learning is being embedded. It names no
    review's findings, so none are made up here."""
    return upsert_page(
        index,
        ReviewFindingsPage,
        "case-reviews-2022-23",
        title="Rapid reviews and practice reviews, 2022/23",
        summary="In 2022/23 the partnership held three rapid reviews after serious incidents; "
        "one led to a local child safeguarding practice review, and two practice reviews "
        "were published. This page says what the annual report records about them.",
        publication_date=report.publication_date,
        publication_date_precision="by",
        period_start=date(2022, 4, 1),
        period_end=date(2023, 3, 31),
        review_type=ReviewFindingsPage.ReviewType.RAPID_REVIEW,
        carried_out_by="The East Sussex Safeguarding Children Partnership's agencies together",
        published_by=[bodies["esscp"]],
        topics=[topics["governance"], topics["training"]],
        findings=[
            ReviewFinding(
                text="Three multi-agency rapid reviews were held during the year. One of them "
                "went on to become a local child safeguarding practice review."
            ),
            ReviewFinding(
                text="Two local child safeguarding practice reviews were published in the year."
            ),
            ReviewFinding(
                text="Across Sussex, the partnerships finished a shared procedure for "
                "referring serious incidents and holding rapid reviews."
            ),
        ],
        learning_briefing_title="What the partnership is doing with the learning",
        learning_briefing="<p>From 2023 one of the partnership's three priorities is to "
        "embed what case reviews and audits teach, and to show the difference it makes. "
        "That includes checking that learning from its 2020-23 priority on keeping infants "
        "safe has taken hold.</p><p>New 'evidencing impact' events ask agencies to show, "
        "with evidence, what has changed in their practice.</p>",
    )


def _south_tees_reviews(index, bodies, topics, report):
    """What the South Tees report says about its case reviews and audits."""
    return upsert_page(
        index,
        ReviewFindingsPage,
        "case-reviews-2022-23",
        title="Rapid reviews and practice reviews, 2022/23",
        summary="In 2022/23 the partnership completed three rapid reviews, started two child "
        "safeguarding practice reviews and signed off one begun in early 2022. This page "
        "says what the annual report records about them and what the partners will do next.",
        publication_date=report.publication_date,
        publication_date_precision="by",
        period_start=date(2022, 4, 1),
        period_end=date(2023, 3, 31),
        review_type=ReviewFindingsPage.ReviewType.CSPR,
        carried_out_by="The South Tees statutory partners",
        published_by=[bodies["stscp"]],
        topics=[topics["governance"]],
        findings=[
            ReviewFinding(text="Three rapid reviews were completed during the year."),
            ReviewFinding(text="Two child safeguarding practice reviews were started."),
            ReviewFinding(
                text="A practice review that began in early 2022 was finished and signed off."
            ),
            ReviewFinding(
                text="Several multi-agency audits were completed, among them the Section 11 "
                "audit of how key partners meet their safeguarding duties."
            ),
        ],
        learning_briefing_title="What the partners will do with the learning",
        learning_briefing="<p>The partners name two areas to develop: a robust quality "
        "assurance framework shared by every agency, and using what serious incidents and "
        "audits reveal to change practice and the services families receive.</p>",
    )


def load(built):
    """Create the demo publications for every demo partnership; change nothing twice."""
    topics = _topics()
    for key, builder, reviews in (
        ("east-sussex", _east_sussex, _east_sussex_reviews),
        ("south-tees", _south_tees, _south_tees_reviews),
    ):
        demo = built.get(key)
        if demo is None:
            continue
        index, _learning = _index(demo)
        bodies = _bodies(demo)
        report = builder(index, bodies, topics)
        reviews(index, bodies, topics, report)
    demo = built.get("sunderland")
    if demo is not None:
        index, _learning = _index(demo)
        bodies = _bodies(demo)
        _sunderland_annual_report(index, bodies, topics)
        _sunderland_plan(index, bodies, topics)
        _sunderland_review_and_framework(index, bodies, topics)
