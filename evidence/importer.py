"""Spreadsheet import of indicator values (CSV or XLSX).

Every row is checked before anything is saved; each problem is reported by
row and column, and if there is any problem nothing is imported. The rows
that passed are shown for a preview, and only a confirmed preview is saved,
in one transaction, in the background (evidence/tasks.py), with a progress
page. A file of more than ``LARGE_FILE_ROWS`` rows is checked in the
background too.
"""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from site_core.signals import public_content_changed

from .models import Indicator, IndicatorValue, Unit
from .periods import PeriodError, parse_period

COLUMNS = ["indicator", "period", "value", "target", "source", "notes"]
REQUIRED = {"indicator", "period", "value"}
# The template names each indicator by its title as well as its id; the title
# is there to be read, and the import ignores it (as any other column it does not know).
TEMPLATE_COLUMNS = ["indicator", "title", "period", "value", "target", "source", "notes"]
# The template comes with a row per indicator, its id, title and source filled
# in: a row with none of these cells filled is one nobody used, and is skipped.
FILLED_IN = ("period", "value", "target", "notes")
MAX_ROWS = 5000
# Lines read at most, blank ones included.
MAX_LINES = 2 * MAX_ROWS
MAX_BYTES = 5 * 1024 * 1024
# Above this many rows the check runs as a task with a progress page; below
# it the answer comes at once, with the form.
LARGE_FILE_ROWS = 500
# How often (in rows) a task reports its progress.
PROGRESS_EVERY = 100
# What the value and target fields hold (IndicatorValue: 12 digits, 2 after the point).
MAX_NUMBER = Decimal("9999999999.99")


@dataclass
class Problem:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    message: str


class ImportFileError(ValueError):
    pass


def read_rows(upload):
    """[(row number, {column: text})] from a CSV or XLSX upload."""
    name = (upload.name or "").lower()
    if upload.size > MAX_BYTES:
        raise ImportFileError("The file is larger than 5 MB. Split it into smaller files.")
    if name.endswith(".xlsx"):
        table = _xlsx(upload)
    elif name.endswith(".csv"):
        table = _csv(upload)
    else:
        raise ImportFileError("Choose a .csv or .xlsx file.")
    if not table:
        raise ImportFileError("The file is empty.")
    header = [str(c or "").strip().lower() for c in table[0]]
    missing = [c for c in COLUMNS if c in REQUIRED and c not in header]
    if missing:
        raise ImportFileError(
            f"Row 1 must name the columns; missing: {', '.join(missing)}. "
            "Download the template to see them."
        )
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        cells = ["" if c is None else str(c).strip() for c in cells]
        if not any(cells):
            continue
        row = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header)}
        if not any(row.get(column) for column in FILLED_IN):
            continue
        rows.append((number, row))
    if len(rows) > MAX_ROWS:
        raise ImportFileError(f"The file has more than {MAX_ROWS} rows. Split it.")
    return rows


def _csv(upload):
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError("The CSV file is not UTF-8. Save it as “CSV UTF-8”.") from None
    return _at_most(csv.reader(io.StringIO(text.replace("\x00", ""))))


def _xlsx(upload):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportFileError("This is not an Excel (.xlsx) workbook that can be read.") from None
    sheet = workbook.worksheets[0]
    table = _at_most(sheet.iter_rows(values_only=True))
    workbook.close()
    return table


def _at_most(rows):
    """The table's lines, refusing a file of more than ``MAX_LINES`` (blank
    ones included) without reading it to its end, so the request that reads
    it stays short."""
    table = []
    for row in rows:
        table.append(list(row))
        if len(table) > MAX_LINES:
            raise ImportFileError(
                f"The file has more than {MAX_LINES} lines. Split it, or delete its empty rows."
            )
    return table


def _number(text):
    text = str(text).replace(",", "").strip()
    if text.endswith("%"):
        text = text[:-1]
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _too_precise(number):
    return number > MAX_NUMBER or number.as_tuple().exponent < -2


def check(rows, partnership, progress=None):
    """(clean rows, problems): every row checked, nothing saved.

    ``progress(done, total)`` is told every ``PROGRESS_EVERY`` rows."""
    indicators = {i.code.lower(): i for i in Indicator.objects.filter(partnership=partnership)}
    clean, problems, seen = [], [], {}
    for done, (number, cells) in enumerate(rows, start=1):
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, len(rows))
        row_problems = []
        code = cells.get("indicator", "").strip()
        indicator = indicators.get(code.lower())
        if not code:
            row_problems.append(Problem(number, "indicator", "Give the indicator's id."))
        elif indicator is None:
            row_problems.append(
                Problem(number, "indicator", f"“{code[:40]}” is not one of your indicators.")
            )
        try:
            period = parse_period(cells.get("period", ""))
        except PeriodError as error:
            period = None
            row_problems.append(Problem(number, "period", str(error)))
        value = _number(cells.get("value", ""))
        if value is None:
            row_problems.append(
                Problem(number, "value", f"“{cells.get('value', '')[:40]}” is not a number.")
            )
        elif value < 0:
            row_problems.append(Problem(number, "value", "A value cannot be below nought."))
        elif _too_precise(value):
            row_problems.append(
                Problem(number, "value", "Give at most 2 decimal places, below 10,000,000,000.")
            )
        target = None
        if cells.get("target", "").strip():
            target = _number(cells["target"])
            if target is None:
                row_problems.append(
                    Problem(number, "target", f"“{cells['target'][:40]}” is not a number.")
                )
            elif target < 0 or _too_precise(target):
                row_problems.append(
                    Problem(
                        number,
                        "target",
                        "Give a target from nought, with at most 2 decimal places.",
                    )
                )
                target = None
        if indicator is not None and indicator.unit == Unit.PERCENT:
            for column, n in (("value", value), ("target", target)):
                if n is not None and n > 100:
                    row_problems.append(Problem(number, column, "A percentage cannot be over 100."))
        for column, limit in (("source", 200), ("notes", 500)):
            if len(cells.get(column, "")) > limit:
                row_problems.append(
                    Problem(number, column, f"Keep this to {limit} characters or fewer.")
                )
        if indicator is not None and period is not None:
            key = (indicator.pk, period.label)
            if key in seen:
                row_problems.append(
                    Problem(number, "period", f"Row {seen[key]} already gives this period.")
                )
            seen.setdefault(key, number)
        if row_problems:
            problems.extend(row_problems)
            continue
        clean.append(
            {
                "row": number,
                "indicator": indicator.code,
                "name": indicator.name,
                "period": period.label,
                "value": str(value),
                "target": "" if target is None else str(target),
                "source": cells.get("source", ""),
                "notes": cells.get("notes", ""),
            }
        )
    return clean, problems


def commit(clean_rows, partnership, progress=None):
    """Save the checked rows (new periods added, existing ones replaced), all or none.

    Each row is made ready and validated first, outside the transaction (the
    slow part; ``progress(done, total)`` is told as it goes, where a progress
    page can read it); then one transaction writes every row. Any error
    before the end of that transaction leaves the values as they were.
    """
    indicators = {i.code: i for i in Indicator.objects.filter(partnership=partnership)}
    existing = {
        (v.indicator_id, v.period): v
        for v in IndicatorValue.objects.filter(
            indicator__in=list(indicators.values()), period__in={r["period"] for r in clean_rows}
        )
    }
    now, new, changed, total = timezone.now(), [], [], len(clean_rows)
    for done, row in enumerate(clean_rows, start=1):
        indicator = indicators[row["indicator"]]
        period = parse_period(row["period"])
        value = existing.get((indicator.pk, period.label)) or IndicatorValue(
            indicator=indicator, period=period.label
        )
        value.value = Decimal(row["value"])
        value.target = Decimal(row["target"]) if row["target"] else None
        value.source, value.notes = row["source"], row["notes"]
        try:
            # Uniqueness is settled above: one row per period, existing ones replaced.
            value.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            messages = "; ".join(m for ms in error.message_dict.values() for m in ms)
            raise ImportFileError(f"Row {row['row']}: {messages}") from None
        value.partnership_id = indicator.partnership_id
        value.period_start, value.period_end, value.updated_at = period.start, period.end, now
        (changed if value.pk else new).append(value)
        if progress and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)
    with transaction.atomic():
        # bulk_create and bulk_update send no signals: the cache is purged once below.
        IndicatorValue.objects.bulk_create(new, batch_size=500)
        IndicatorValue.objects.bulk_update(
            changed, ["value", "target", "source", "notes", "updated_at"], batch_size=500
        )
    public_content_changed.send(sender=IndicatorValue, partnership_id=partnership.pk)
    return total


def template_csv(partnership):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(TEMPLATE_COLUMNS)
    for indicator in Indicator.objects.filter(partnership=partnership).order_by("code"):
        writer.writerow([indicator.code, indicator.name, "", "", "", indicator.source, ""])
    return out.getvalue()


def template_xlsx(partnership):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Values"
    sheet.append(TEMPLATE_COLUMNS)
    for indicator in Indicator.objects.filter(partnership=partnership).order_by("code"):
        sheet.append([indicator.code, indicator.name, "", None, None, indicator.source, ""])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
