"""Staff read a consultation's results with small numbers hidden; only the
partnership's Approvers and Administrators export its answers; another
partnership's staff find nothing at all."""

import csv
import io

import pytest
from openpyxl import load_workbook

from consultations.models import ConsultationResponse
from consultations.results import hidden_rows, results
from site_core.roles import Role
from tests.factories.consultations import AnswerFactory

pytestmark = pytest.mark.ignore_template_errors


def answered(page, partnership, choice, scale="3", text=None):
    response = ConsultationResponse.objects.create(
        partnership=partnership, consultation=page, audience="young-people"
    )
    AnswerFactory(response=response, question_id="choice-1", kind="choice", value=choice)
    AnswerFactory(response=response, question_id="scale-1", kind="scale", value=scale)
    if text:
        AnswerFactory(response=response, question_id="text-1", kind="text", value=text)
    return response


@pytest.fixture
def with_answers(consultation, partnership):
    # 7 teachers, 2 parents, 1 friend: two small counts.
    for choice, times in (("A teacher", 7), ("A parent or carer", 2), ("A friend", 1)):
        for _ in range(times):
            answered(consultation, partnership, choice)
    answered(consultation, partnership, "A teacher", text='=HYPERLINK("http://x")')
    return consultation


def test_small_counts_are_hidden_and_one_alone_takes_another_with_it():
    assert hidden_rows([7, 2, 1], 5, total_shown=True) == {1, 2}
    # One small count with a shown total: the next smallest goes too.
    assert hidden_rows([7, 6, 1], 5, total_shown=True) == {1, 2}
    # "Choose several" has no total to work back from.
    assert hidden_rows([7, 6, 1], 5, total_shown=False) == {2}
    assert hidden_rows([7, 0, 5], 5, total_shown=True) == set()


def test_results_count_each_question_and_hide_small_numbers(with_answers):
    version = results(with_answers)[0]
    assert version.responses == 11
    choice = version.questions[0]
    assert choice.answered == 11
    shown = {row.label: row.shown for row in choice.rows}
    assert shown == {
        "A teacher": "8",
        "A parent or carer": "fewer than 5",
        "A friend": "fewer than 5",
    }
    assert all(row.bar == 0 and row.percent == "" for row in choice.rows if row.hidden)
    scale = version.questions[2]
    assert {row.label: row.shown for row in scale.rows}["3"] == "11"


def test_staff_see_the_results_page_with_suppression(with_answers, client, login_as, editor):
    login_as(client, editor)
    html = client.get(f"/admin/consultations/{with_answers.pk}/results/").content.decode()
    assert "Who would you talk to if you were worried?" in html
    assert "fewer than 5" in html
    assert "<td>2</td>" not in html and "<td>1</td>" not in html
    assert 'role="img"' in html
    # An Editor reads results but is not offered the export.
    assert "data-export" not in html


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.APPROVERS, 200),
        (Role.ADMINISTRATORS, 200),
        (Role.EDITORS, 403),
        (Role.GOVERNANCE_OFFICERS, 404),
        # No admin access at all: sent to sign in.
        (Role.BOARD_MEMBERS, 302),
    ],
)
def test_exports_by_role(with_answers, client, login_as, make_user, role, status):
    login_as(client, make_user("someone", role))
    for fmt in ("csv", "xlsx"):
        response = client.get(f"/admin/consultations/{with_answers.pk}/export.{fmt}")
        assert response.status_code == status


def test_another_partnerships_approver_is_refused_everything(
    with_answers, client, login_as, make_user, other_partnership
):
    login_as(client, make_user("outsider", Role.APPROVERS, partnership=other_partnership))
    base = f"/admin/consultations/{with_answers.pk}/"
    for url in ("results/", "export.csv", "export.xlsx", "free-text/"):
        assert client.get(base + url).status_code == 404
    listing = client.get("/admin/consultations/").content.decode()
    assert with_answers.title not in listing


def test_the_export_holds_every_answer_and_no_formula(with_answers, client, login_as, approver):
    login_as(client, approver)
    response = client.get(f"/admin/consultations/{with_answers.pk}/export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Response", "Received on", "Version"]
    heading = "Children and young people: Who would you talk to if you were worried?"
    column = rows[0].index(heading)
    assert sorted(row[column] for row in rows[1:]).count("A friend") == 1  # raw, for approvers
    assert '\'=HYPERLINK("http://x")' in {cell for row in rows for cell in row}

    book = load_workbook(
        io.BytesIO(client.get(f"/admin/consultations/{with_answers.pk}/export.xlsx").content)
    )
    cells = [cell for row in book.active.iter_rows() for cell in row]
    formula = next(c for c in cells if str(c.value).startswith("=HYPERLINK"))
    assert formula.data_type == "s"
    assert len(list(book.active.iter_rows())) == 12


def test_free_text_is_cleared_for_quoting_by_an_approver_only(
    consultation, partnership, client, login_as, editor, approver
):
    from datetime import timedelta

    from django.utils import timezone

    response = answered(consultation, partnership, "A teacher", text="More time with my tutor.")
    quote = response.answers.get(kind="text")
    url = f"/admin/consultations/{consultation.pk}/free-text/"

    login_as(client, editor)
    assert "More time with my tutor." in client.get(url).content.decode()
    assert client.post(url, {"answer": quote.pk, "approved": "1"}).status_code == 403
    quote.refresh_from_db()
    assert not quote.approved_for_quoting

    login_as(client, approver)
    assert client.post(url, {"answer": quote.pk, "approved": "1"}).status_code == 302
    assert client.post(url, {"answer": "x²", "approved": "1"}).status_code == 404
    quote.refresh_from_db()
    assert quote.approved_for_quoting

    # Quoted publicly only once the outcome is published.
    client.logout()
    today = timezone.localdate()
    consultation.opens_on = today - timedelta(days=30)
    consultation.closes_on = today - timedelta(days=2)
    consultation.save_revision().publish()
    assert "More time with my tutor." not in client.get(consultation.url).content.decode()
    consultation.outcome_published = True
    consultation.you_said = "<p>You wanted more time with trusted adults.</p>"
    consultation.we_did = "<p>Tutors now have a weekly drop-in.</p>"
    consultation.save_revision().publish()
    assert "More time with my tutor." in client.get(consultation.url).content.decode()
