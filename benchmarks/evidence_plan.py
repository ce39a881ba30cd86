"""The plan page with evidence: size compressed and CPU per request
(`make bench-evidence-plan`).

Builds, in a throwaway in-memory database (the test settings), a plan with 68
indicators under 6 outcomes, each with an evidence indicator and 8 quarterly
values with targets, then renders the plan page through Django's test
client (the full middleware stack, page cache cleared before each request so
every one renders). Prints the gzip size of the page (target: at most
100 KB), the median CPU of a render (time.process_time, this process only),
warm (page fragments kept in process, as `make bench-cpu` measures "warm")
and right after a change (the content generation bumped before each
render), and the SQL queries of one render of each.

    python benchmarks/evidence_plan.py
"""

import gzip
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

INDICATORS, OUTCOMES, SAMPLES = 68, 6, int(os.environ.get("BENCH_SAMPLES", "30"))
SIZE_TARGET_KB = 100
PERIODS = [f"{year}-{str(year + 1)[-2:]} Q{q}" for year in (2022, 2023) for q in (1, 2, 3, 4)]


def build():
    from decimal import Decimal

    # Imported here: Django is set up only once the script has chosen its settings.
    from evidence.models import Indicator, IndicatorValue
    from publications.models import PlanIndicator, PlanOutcome
    from site_core.models import Partnership
    from tests.factories.publications import PlanPageFactory
    from tests.factories.site_core import make_site

    site = make_site()
    partnership = Partnership.for_site(site)
    plan = PlanPageFactory(parent=site.root_page)
    for number in range(1, OUTCOMES + 1):
        PlanOutcome.objects.create(page=plan, number=number, title=f"Outcome number {number}")
    for n in range(INDICATORS):
        plan_indicator = PlanIndicator.objects.create(
            page=plan,
            outcome_number=n % OUTCOMES + 1,
            number=f"{n + 1}{'a' if n % 5 == 0 else ''}",
            description="Percentage of referrals to children's social care that are "
            "re-referrals within twelve months of a previous referral",
        )
        indicator = Indicator.objects.create(
            partnership=partnership,
            code=f"i{n + 1}",
            name=plan_indicator.description,
            plan_indicator=plan_indicator,
            unit="count",
        )
        for i, period in enumerate(PERIODS):
            value = IndicatorValue(
                indicator=indicator, period=period, value=Decimal(100 + i * 3 + n), target=110
            )
            value._in_import = True
            value.save()
    plan.save_revision().publish()
    return plan


def main():
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0)
    plan = build()
    client = Client()
    url = plan.url

    def render():
        cache.clear()
        start = time.process_time()
        response = client.get(url)
        body = response.content
        return time.process_time() - start, response.status_code, body

    for _ in range(3):
        render()
    timings, body = [], b""
    for _ in range(SAMPLES):
        elapsed, status, body = render()
        if status != 200:
            sys.exit(f"the plan page answered {status}")
        timings.append(elapsed * 1000)
    settings.DEBUG = True
    reset_queries()
    render()
    queries = len(connection.queries)
    settings.DEBUG = False

    # Right after a change readers can see: the content generation bumped
    # (untimed) before each render, so no fragment or remembered value is reused.
    # Imported here: Django is set up only once the script has chosen its settings.
    from caching import generation

    def after_a_change():
        generation.bump_all()
        return render()

    cold = statistics.median(after_a_change()[0] * 1000 for _ in range(SAMPLES))
    settings.DEBUG = True
    reset_queries()
    after_a_change()
    cold_queries = len(connection.queries)
    settings.DEBUG = False

    size_kb = len(gzip.compress(body, 6)) / 1024
    with_evidence = statistics.median(timings)

    # The same page with no evidence recorded: what the evidence adds.
    # Imported here: Django is set up only once the script has chosen its settings.
    from evidence.models import Indicator

    Indicator.objects.all().delete()
    generation.bump()
    bare = statistics.median(render()[0] * 1000 for _ in range(SAMPLES))
    bare_cold = statistics.median(after_a_change()[0] * 1000 for _ in range(SAMPLES))
    print(f"plan page, {INDICATORS} indicators x {len(PERIODS)} periods")
    print(f"  size: {len(body) / 1024:.1f} KB, gzip {size_kb:.1f} KB (target <= {SIZE_TARGET_KB})")
    print(f"  CPU per render: median {with_evidence:.1f} ms over {SAMPLES} (warm; target <= 10)")
    print(
        f"  CPU per render right after a change: median {cold:.1f} ms "
        f"(target <= 20), {cold_queries} SQL queries"
    )
    print(
        f"  the same plan without evidence: {bare:.1f} ms warm, {bare_cold:.1f} ms after a "
        f"change (evidence adds {cold - bare_cold:.1f} ms after a change)"
    )
    print(f"  SQL queries per render: {queries}")
    if size_kb > SIZE_TARGET_KB:
        sys.exit("the plan page is over its size target")


if __name__ == "__main__":
    main()
