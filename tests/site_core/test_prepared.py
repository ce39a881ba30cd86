"""Queries whose SQL is kept (site_core/prepared.py): the current picture,
the index's filter options and its pages of results are built once and then
run as raw SQL. What readers rely on: the same rows as the queryset, each
filter, sort and page its own, and a section made members-only gone at once."""

from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.db.models import F
from wagtail.models import Page, PageViewRestriction

from publications.models import AnnualReportPage, PlanPage, PublicationPage
from site_core.prepared import (
    PreparedSlices,
    prepared_count,
    prepared_objects,
    prepared_rows,
    prepared_specific,
)
from tests.factories.publications import (
    AnnualReportPageFactory,
    BodyFactory,
    PlanPageFactory,
    PublicationDocumentFactory,
    PublicationIndexPageFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".publication-list__title a")]


@pytest.fixture
def reports(home):
    index = PublicationIndexPageFactory(parent=home, title="Publications", slug="publications")
    made = [
        AnnualReportPageFactory(
            parent=index,
            title=f"Annual report {year}",
            reporting_year=year,
            publication_date=date(year + 1, 10, 1),
            status=PublicationPage.Status.CURRENT if year == 2022 else "superseded",
            status_note="" if year == 2022 else "A later report replaced it.",
        )
        for year in (2020, 2021, 2022)
    ]
    return index, made


def test_the_same_rows_as_the_queryset_as_pages_or_as_tuples(reports):
    index, _made = reports

    def newest():
        return AnnualReportPage.objects.live().child_of(index).order_by("-reporting_year")

    pages = prepared_objects(("test-newest", index.pk), newest)
    assert pages == list(newest())
    assert isinstance(pages[0], AnnualReportPage) and pages[0].reporting_year == 2022

    # Every field as the ORM gives it (dates are dates on SQLite too), and
    # annotations as attributes.
    def fields(page):
        return [getattr(page, f.attname) for f in AnnualReportPage._meta.concrete_fields]

    assert [fields(page) for page in pages] == [fields(page) for page in newest()]
    assert pages[0].publication_date == date(2023, 10, 1)
    annotated = prepared_objects(
        ("test-annotated", index.pk), lambda: newest().annotate(shown_year=F("reporting_year"))
    )
    assert [page.shown_year for page in annotated] == [2022, 2021, 2020]
    rows = prepared_rows(("test-years", index.pk), lambda: newest().values_list("title", "pk"))
    assert rows == list(newest().values_list("title", "pk"))
    # Nothing can match: no query, no rows.
    assert (
        prepared_objects(("test-none",), lambda: AnnualReportPage.objects.filter(pk__in=[])) == []
    )
    pages = PreparedSlices(("test-slices", index.pk), newest)
    assert pages[1:3] == list(newest()[1:3])


def test_pages_of_several_types_come_as_their_own_types_in_order(reports, home):
    index, made = reports

    def children():
        return Page.objects.filter(path__startswith=home.path, depth__gt=home.depth)

    pages = prepared_specific(("test-specific", home.pk), children)
    assert pages == list(children().specific())
    assert [type(page) for page in pages] == [type(page) for page in children().specific()]
    assert {type(page) for page in pages} >= {AnnualReportPage, type(index.specific)}
    assert pages[-1].reporting_year == made[-1].reporting_year


def test_a_count_counts_as_the_queryset_would_joined_rows_and_distinct_ones(reports):
    _index, made = reports

    neglect, housing = TopicFactory(name="Neglect"), TopicFactory(name="Housing")
    for report in made:
        report.topics = [neglect, housing]
        report.save()

    def tagged():  # a report once per topic: joined rows repeat
        return PublicationPage.objects.filter(topics__in=[neglect, housing])

    assert prepared_count(("test-count",), tagged) == tagged().count() == 6
    distinct = prepared_count(("test-distinct",), lambda: tagged().distinct())
    assert distinct == tagged().distinct().count() == 3
    assert prepared_count(("test-count-none",), lambda: Page.objects.filter(pk__in=[])) == 0


def test_each_sort_order_and_page_of_the_index_is_its_own(client, reports):
    index, _made = reports
    assert titles(client.get(index.url)) == [
        "Annual report 2022",
        "Annual report 2021",
        "Annual report 2020",
    ]
    assert titles(client.get(index.url + "?sort=oldest")) == [
        "Annual report 2020",
        "Annual report 2021",
        "Annual report 2022",
    ]
    assert titles(client.get(index.url + "?sort=oldest&year=2022")) == ["Annual report 2021"]


def test_a_section_made_members_only_leaves_the_current_picture_and_list_at_once(
    client, home, reports
):
    index, _made = reports
    home_page = client.get("/").content.decode()
    assert "Annual report 2022" in home_page
    assert "Annual report 2022" in titles(client.get(index.url))

    PageViewRestriction.objects.create(page=index, restriction_type="login")

    assert "Annual report 2022" not in client.get("/").content.decode()


def test_a_pages_relations_prefetched_with_kept_sql_are_read_without_a_query(
    reports, partnership, django_assert_num_queries
):
    from publications.models import ChangeNote, KeyFigure, Presentation, PublicationDocumentLink
    from site_core.prepared import prefetch

    index, made = reports
    report = made[-1]
    KeyFigure.objects.create(page=report, value=12, label="reviews")
    KeyFigure.objects.create(page=report, value=3, label="audits")
    ChangeNote.objects.create(page=report, date=date(2023, 1, 5), note="Corrected a figure")
    board = BodyFactory(partnership=partnership, name="The board")
    scrutiny = BodyFactory(partnership=partnership, name="Scrutiny committee")
    for body, day in ((board, 3), (scrutiny, 9), (board, 20)):
        Presentation.objects.create(page=report, body=body, date=date(2023, 2, day))
    document = PublicationDocumentFactory(title="Full report")
    PublicationDocumentLink.objects.create(page=report, document=document)
    page = AnnualReportPage.objects.get(pk=report.pk)
    prefetch(page, "key_figures", "change_notes", "topics", "presentations__body")
    prefetch(page, "documents__document")
    with django_assert_num_queries(0):
        assert [f.label for f in page.key_figures.all()] == ["reviews", "audits"]
        assert page.key_figures.all()[0].page is page  # each row knows its page
        assert page.key_figures.exists()
        assert [n.note for n in page.change_notes.all()] == ["Corrected a figure"]
        assert list(page.topics.all()) == []
        # One step along a foreign key of the rows: each row knows what it names.
        assert [p.body.name for p in page.presentations.all()] == [
            "The board",
            "Scrutiny committee",
            "The board",
        ]
        assert [link.document.title for link in page.documents.all()] == ["Full report"]

    # What the page itself names: a plan's adopting board.
    plan = PlanPageFactory(parent=index, title="Business plan", adopted_by=board)
    plan = PlanPage.objects.get(pk=plan.pk)
    prefetch(plan, "adopted_by", "themes")
    with django_assert_num_queries(0):
        assert plan.adopted_by.name == "The board"
        assert list(plan.themes.all()) == []
