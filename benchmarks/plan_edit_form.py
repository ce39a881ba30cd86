"""How long the plan's edit form takes to open: `make bench-editor`.

The demo's business plan (69 indicators, 47 activities, 28 projects) is opened
in the page editor by a signed-in superuser, through Django's test client and
the whole middleware stack, BENCH_EDITOR_SAMPLES times (default 10) after two
warm-up requests. Printed: the median and the slowest wall-clock time, and the
SQL queries of one request, against the target of 1.5 s on the project's
2-core machine; then the median time of the table its projects, indicators
and activities are edited from (publications.plan_rows), not in the form.

It runs under the development settings on its own SQLite file
(benchmarks/.editor.sqlite3, made and filled with the demo content on the
first run, reused afterwards; delete it to start again). Wall-clock time on a
shared machine varies: compare medians, not single runs.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE = ROOT / "benchmarks" / ".editor.sqlite3"
SAMPLES = max(int(os.environ.get("BENCH_EDITOR_SAMPLES", "10")), 1)
TARGET_SECONDS = 1.5

os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
os.environ.setdefault("REDIS_URL", "")


def main():
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    # Imported here: Django is set up only once the script has chosen its settings.
    from publications.models import PlanPage
    from tests.helpers import sign_in_with_second_factor

    call_command("migrate", verbosity=0)
    if not PlanPage.objects.exists():
        print("Loading the demo content (first run only)...", flush=True)
        call_command("load_demo_data", verbosity=0)
    plan = max(PlanPage.objects.all(), key=lambda p: p.indicators.count())
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        username="bench-editor", defaults={"is_superuser": True, "is_staff": True}
    )
    host = plan.get_site().hostname if plan.get_site() else "localhost"
    with override_settings(ALLOWED_HOSTS=["*"], DEBUG=False):
        client = sign_in_with_second_factor(Client(HTTP_HOST=host), user)
        url = f"/{settings.WAGTAIL_ADMIN_PATH}/pages/{plan.pk}/edit/"
        for _ in range(2):
            status = client.get(url).status_code
            if status != 200:
                raise SystemExit(f"{url} answered {status}")
        times = []
        for _ in range(SAMPLES):
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        query_count = len(queries.captured_queries)  # before the next request resets the log
        rows_url = f"/{settings.WAGTAIL_ADMIN_PATH}/plans/{plan.pk}/rows/"
        rows_times = []
        for _ in range(max(SAMPLES // 2, 1)):
            started = time.perf_counter()
            status = client.get(rows_url).status_code
            rows_times.append(time.perf_counter() - started)
            if status != 200:
                raise SystemExit(f"{rows_url} answered {status}")
    median = statistics.median(times)
    print(
        f"Plan edit form ({plan.indicators.count()} indicators, "
        f"{plan.activities.count()} activities): median {median:.2f} s, "
        f"slowest {max(times):.2f} s over {SAMPLES} requests; "
        f"{query_count} SQL queries; "
        f"{len(response.content) // 1024} KB of HTML. Target: under {TARGET_SECONDS} s "
        f"-> {'met' if median < TARGET_SECONDS else 'NOT met'}"
    )
    rows_median = statistics.median(rows_times)
    print(f"Its projects, indicators and activities table: median {rows_median:.2f} s")
    return 0 if median < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
