"""The demo: one consultation per partnership, each labelled illustrative;
Sunderland's has concluded and its annual report lists it."""

from django.test import Client
from wagtail.models import Site

from consultations.models import ConsultationPage, Status

HOSTS = {
    "sunderland": "127.0.0.1",
    "east-sussex": "eastsussex.localhost",
    "south-tees": "southtees.localhost",
}


def test_one_illustrative_consultation_per_demo_partnership(demo):
    client = Client()
    statuses = {}
    for key, host in HOSTS.items():
        site = Site.objects.get(hostname=host)
        pages = ConsultationPage.objects.live().descendant_of(site.root_page)
        assert pages.count() == 1, key
        page = pages.get()
        statuses[key] = page.status
        html = client.get(page.url, HTTP_HOST=host).content.decode()
        assert "Illustrative example." in html, key
    assert statuses == {
        "sunderland": Status.CONCLUDED,
        "east-sussex": Status.OPEN,
        "south-tees": Status.UPCOMING,
    }


def test_sunderlands_concluded_consultation_says_what_changed(demo):
    client = Client()
    host = HOSTS["sunderland"]
    html = client.get("/being-heard/", HTTP_HOST=host).content.decode()
    assert "You said, we did" in html
    assert "/publications/strategic-plan-2018-19/" in html
    report = client.get("/publications/annual-report-2022-23/", HTTP_HOST=host).content.decode()
    section = report.split('id="voice"', 1)[1].split("</section>", 1)[0]
    assert "Being heard: who children talk to" in section
    assert "Every school shows children who they can talk to." in section
