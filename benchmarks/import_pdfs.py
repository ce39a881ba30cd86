"""Moving in at scale: `make bench-import`.

Makes 200 PDFs (fpdf2: annual reports, plans, reviews, frameworks and
unclear ones, 2 to 40 pages, a few tagged), imports them into a fresh
partnership in a throwaway SQLite database with `import_publications`'s
importer, then imports them again (every file must be skipped as a
duplicate). Prints the time, the files per second and the peak memory
(tracemalloc's peak of Python allocations during the import, and the
process's maximum resident size) of each run.

    python benchmarks/import_pdfs.py            # 200 PDFs
    BENCH_IMPORT_PDFS=50 python benchmarks/import_pdfs.py
"""

import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COUNT = max(int(os.environ.get("BENCH_IMPORT_PDFS", "200")), 1)
KINDS = [
    "Annual Report {year}-{short}",
    "Business Plan {year}-{end}",
    "Rapid review {year}: learning briefing",
    "Framework of cooperation {year}",
    "Newsletter {n}",
]


def make_pdfs(folder):
    from fpdf import FPDF

    for n in range(COUNT):
        year = 2008 + n % 17
        title = KINDS[n % len(KINDS)].format(year=year, short=str(year + 1)[-2:], end=year + 3, n=n)
        pages = 2 + (n * 7) % 39
        pdf = FPDF()
        pdf.set_title(title)
        pdf.set_lang("en-GB")
        pdf.set_font("helvetica", size=11)
        for page in range(pages):
            pdf.add_page()
            pdf.multi_cell(0, 6, f"{title}\n\nSection {page + 1}. " + "Text of the report. " * 60)
        pdf.output(str(folder / f"document-{n:03d}.pdf"))


def main():
    work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(work / "media")
    os.environ["TASKS_BACKEND"] = "django.tasks.backends.immediate.ImmediateBackend"
    import django

    django.setup()
    import logging

    logging.getLogger("django.tasks").setLevel(logging.WARNING)  # one line per task otherwise
    from django.core.management import call_command

    # Imported here: Django is set up only once the script has chosen its settings.
    from moving_in.importer import Importer, start
    from site_core.partnerships import add_partnership

    print(f"Setting up a database in {work} ...", flush=True)
    call_command("migrate", verbosity=0)
    added = add_partnership(
        name="Benchshire Safeguarding Children Partnership",
        short_name="BSCP",
        hostname="bench.localhost",
        port=80,
        area="Benchshire",
    )
    folder = work / "old-site"
    folder.mkdir()
    started = time.perf_counter()
    make_pdfs(folder)
    size = sum(f.stat().st_size for f in folder.iterdir())
    print(
        f"Made {COUNT} PDFs ({size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s.",
        flush=True,
    )

    def progress(done, total):
        filled = int(30 * done / total)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")

    for label in ("first import", "second import (all duplicates)"):
        run = start(added.partnership, path=folder)
        tracemalloc.start()
        started = time.perf_counter()
        run = Importer(run, progress=progress).execute()
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        sys.stderr.write("\n")
        counts = run.counts()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{label}: {run.total} files in {elapsed:.1f} s ({run.total / elapsed:.1f} files/s); "
            f"created {counts['created'] + counts['attention']} "
            f"(needs attention {counts['attention']}), skipped {counts['skipped']}, "
            f"not imported {counts['refused']}; peak Python memory {peak / 1e6:.1f} MB, "
            f"process max RSS {rss:.0f} MB",
            flush=True,
        )
    if counts["skipped"] != COUNT:
        sys.exit("The second import did not skip every file.")


if __name__ == "__main__":
    main()
