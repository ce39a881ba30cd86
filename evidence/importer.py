"""Spreadsheet import of indicator values (CSV or XLSX).

Every row is checked before anything is saved; each problem is reported by
row and column, and if there is any problem nothing is imported. The rows
that passed are shown for a preview, and only a confirmed preview is saved,
in one transaction.
"""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction

from .models import Indicator, IndicatorValue, Unit
from .periods import PeriodError, parse_period

COLUMNS = ["indicator", "period", "value", "target", "source", "notes"]
REQUIRED = {"indicator", "period", "value"}
MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024


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
        rows.append(
            (number, {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header)})
        )
    if len(rows) > MAX_ROWS:
        raise ImportFileError(f"The file has more than {MAX_ROWS} rows. Split it.")
    return rows


def _csv(upload):
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError("The CSV file is not UTF-8. Save it as “CSV UTF-8”.") from None
    return list(csv.reader(io.StringIO(text.replace("\x00", ""))))


def _xlsx(upload):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportFileError("This is not an Excel (.xlsx) workbook that can be read.") from None
    sheet = workbook.worksheets[0]
    table = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
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


def check(rows, partnership):
    """(clean rows, problems): every row checked, nothing saved."""
    indicators = {i.code.lower(): i for i in Indicator.objects.filter(partnership=partnership)}
    clean, problems, seen = [], [], {}
    for number, cells in rows:
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
        target = None
        if cells.get("target", "").strip():
            target = _number(cells["target"])
            if target is None:
                row_problems.append(
                    Problem(number, "target", f"“{cells['target'][:40]}” is not a number.")
                )
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
    """Save the checked rows (new periods added, existing ones replaced), all or none."""
    from site_core.caching.purge import purge_all

    indicators = {i.code: i for i in Indicator.objects.filter(partnership=partnership)}
    with transaction.atomic():
        for done, row in enumerate(clean_rows, start=1):
            value = IndicatorValue.objects.filter(
                indicator=indicators[row["indicator"]], period=row["period"]
            ).first() or IndicatorValue(
                indicator=indicators[row["indicator"]], period=row["period"]
            )
            value.value = Decimal(row["value"])
            value.target = Decimal(row["target"]) if row["target"] else None
            value.source, value.notes = row["source"], row["notes"]
            value._in_import = True
            value.full_clean()
            value.save()
            if progress and done % 100 == 0:
                progress(done, len(clean_rows))
        purge_all()
    return len(clean_rows)


def template_csv(partnership):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for indicator in Indicator.objects.filter(partnership=partnership).order_by("code"):
        writer.writerow([indicator.code, "", "", "", indicator.source, ""])
    return out.getvalue()


def template_xlsx(partnership):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Values"
    sheet.append(COLUMNS)
    for indicator in Indicator.objects.filter(partnership=partnership).order_by("code"):
        sheet.append([indicator.code, "", None, None, indicator.source, ""])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
