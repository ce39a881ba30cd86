"""Every answer to a consultation as a spreadsheet (CSV or XLSX), one row per
response, one column per question (a "choose several" answer's choices joined
with "; "). For the partnership's Approvers and Administrators only
(consultations/access.py).

A cell that starts with ``=``, ``+``, ``-`` or ``@`` would run as a formula
when the file is opened: in CSV it is written after an apostrophe, in XLSX
as text.
"""

import csv
import io
from collections import defaultdict

from django.http import HttpResponse
from django.utils.text import slugify
from openpyxl import Workbook

from .blocks import question_text
from .models import Answer, Audience

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table(page):
    """The header and the rows of ``page``'s answers."""
    columns = {}  # (audience, question id) -> heading
    for version in page.versions:
        for child in version.questions:
            columns[version.slug, child.id] = f"{version.label}: {question_text(child)}"
    answers = defaultdict(lambda: defaultdict(list))
    responses = {}
    for answer in Answer.objects.filter(response__consultation=page).select_related("response"):
        response = answer.response
        responses[response.pk] = response
        key = (response.audience, answer.question_id)
        # A question since removed from the page keeps its answers, under its old words.
        columns.setdefault(key, f"{Audience(response.audience).label}: {answer.question}")
        answers[response.pk][key].append(answer.value)
    for response in page.responses.all():
        responses.setdefault(response.pk, response)
    header = ["Response", "Received on", "Version", *columns.values()]
    rows = [
        [
            pk,
            response.received_on.isoformat(),
            Audience(response.audience).label,
            *("; ".join(answers[pk].get(key, [])) for key in columns),
        ]
        for pk, response in sorted(responses.items())
    ]
    return header, rows


def _filename(page, extension):
    return f"{slugify(page.title) or 'consultation'}-answers.{extension}"


def as_csv(page):
    header, rows = table(page)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(
            [f"'{v}" if isinstance(v, str) and v.startswith(FORMULA_START) else v for v in row]
        )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(page, "csv")}"'
    return response


def as_xlsx(page):
    header, rows = table(page)
    book = Workbook()
    sheet = book.active
    sheet.title = "Answers"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                cell.data_type = "s"  # text, never a formula
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(page, "xlsx")}"'
    return response
