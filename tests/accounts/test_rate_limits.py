"""Limits on abuse, each with a clear message: the public request form,
password resets, and sign-in per address and per account, with the client's
address taken from our own proxies only."""

import socket

import pytest
from django.core import mail
from django.test import RequestFactory, override_settings
from django.urls import reverse

from accounts.ratelimits import client_address
from config.settings.base import redis_cache
from publications.models import AccessibleFormatRequest, PublicationDocumentLink
from tests.factories.publications import (
    AnnualReportPageFactory,
    PublicationDocumentFactory,
    PublicationIndexPageFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]

SIGN_IN = reverse("wagtailadmin_login")
RESET = reverse("wagtailadmin_password_reset")


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- the client's address ----------------------------------------------------------


def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_a_proxy_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_behind_one_proxy_only_the_address_it_saw_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote "198.51.100.1" itself; our proxy appended what it saw.
    request = request_from("10.0.0.2", "198.51.100.1, 203.0.113.9")
    assert client_address(request) == "203.0.113.9"
    assert client_address(request_from("10.0.0.2", "not-an-address")) == "10.0.0.2"
    assert client_address(request_from("10.0.0.2")) == "10.0.0.2"


def test_behind_two_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = request_from("10.0.0.3", "1.2.3.4, 203.0.113.9, 10.0.0.2")
    assert client_address(request) == "203.0.113.9"


# --- sign-in ---------------------------------------------------------------------------


@pytest.fixture
def accounts(django_user_model):
    return [
        django_user_model.objects.create_user(f"user{n}", password="right password 123")
        for n in range(3)
    ]


def sign_in(client, username, password, forwarded):
    return client.post(
        SIGN_IN,
        {"username": username, "password": password},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_spoofing_the_header_neither_escapes_nor_causes_a_lockout(client, accounts, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(5):  # a different made-up address each time, the same real one
        sign_in(client, "user0", "wrong", f"198.51.100.{n}, 203.0.113.9")
    locked = sign_in(client, "user0", "right password 123", "203.0.113.9")
    assert locked.status_code == 429
    assert "Sign-in locked" in locked.content.decode()
    # Someone else, whose address the attacker wrote into the header, is not locked out.
    other = sign_in(client, "user0", "right password 123", "192.0.2.77")
    assert other.status_code == 302


def test_one_address_trying_many_accounts_is_locked(client, accounts, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.SIGN_IN_FAILURES_PER_ADDRESS = 6
    for n in range(6):  # three accounts, two wrong passwords each: no pair reaches five
        sign_in(client, f"user{n % 3}", "wrong", "203.0.113.9")
    locked = sign_in(client, "user1", "right password 123", "203.0.113.9")
    assert locked.status_code == 429
    assert "too many wrong passwords" in locked.content.decode()
    assert sign_in(client, "user1", "right password 123", "192.0.2.77").status_code == 302


def test_one_account_tried_from_many_addresses_is_locked(client, accounts, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.SIGN_IN_FAILURES_PER_ACCOUNT = 6
    for n in range(6):
        sign_in(client, "user2", "wrong", f"203.0.113.{n + 1}")
    assert sign_in(client, "user2", "right password 123", "192.0.2.77").status_code == 429
    # Other accounts from those addresses are not affected.
    assert sign_in(client, "user1", "right password 123", "203.0.113.1").status_code == 302


# --- password reset ------------------------------------------------------------------


def test_password_resets_are_limited_with_a_message(client, accounts, settings):
    accounts[0].email = "user0@example.org"
    accounts[0].save()
    answers = [
        client.post(RESET, {"email": "user0@example.org"}, REMOTE_ADDR="203.0.113.9")
        for _ in range(6)
    ]
    assert [a.status_code for a in answers[:5]] == [302] * 5
    assert answers[5].status_code == 429
    assert answers[5]["Retry-After"]
    assert "Too many password reset requests" in answers[5].content.decode()
    assert len(mail.outbox) == 5
    # The same address asking for another email address is limited too.
    other = client.post(RESET, {"email": "else@example.org"}, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 429


# --- the public request form -------------------------------------------------------


@pytest.fixture
def request_url(home):
    document = PublicationDocumentFactory(title="Scanned report", fully_accessible=False)
    page = AnnualReportPageFactory(
        parent=PublicationIndexPageFactory(parent=home), title="Annual report 2019/20"
    )
    page.documents = [PublicationDocumentLink(document=document)]
    page.save_revision().publish()
    return reverse("publications:accessible_format", args=[document.pk])


def ask(client, url, email="sam@example.org", address="203.0.113.9"):
    return client.post(
        url,
        {"name": "Sam Reader", "email": email, "format": "braille", "details": "Grade 2"},
        REMOTE_ADDR=address,
    )


def test_accessible_format_requests_are_limited_and_keep_what_was_typed(
    client, request_url, settings
):
    settings.ACCESSIBLE_FORMAT_REQUEST_EMAIL = "unit@example.org"
    answers = [ask(client, request_url, email=f"reader{n}@example.org") for n in range(6)]
    assert [a.status_code for a in answers[:5]] == [302] * 5
    refused = answers[5]
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "There is a problem" in html
    assert "Please wait 60 minutes" in html
    assert 'value="reader5@example.org"' in html  # nothing typed is lost
    assert "Grade 2" in html
    assert AccessibleFormatRequest.objects.count() == 5
    assert len(mail.outbox) == 5
    # Another reader, elsewhere, is not refused.
    assert ask(client, request_url, email="other@example.org", address="192.0.2.7").status_code == (
        302
    )


def test_one_email_address_from_many_addresses_is_limited(client, request_url):
    answers = [ask(client, request_url, address=f"203.0.113.{n + 1}") for n in range(6)]
    assert answers[5].status_code == 429


def test_with_the_cache_down_readers_are_never_refused(client, request_url):
    with override_settings(CACHES=redis_cache(f"redis://127.0.0.1:{closed_port()}/0")):
        answers = [ask(client, request_url) for _ in range(7)]
    assert {a.status_code for a in answers} == {302}
