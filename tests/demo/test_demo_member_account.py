"""The demo's board member accounts open "My boards" on an invented person, never a
real office-holder named in the seeds."""

from datetime import timedelta

import pytest
from django.utils import timezone

from demo import illustrative
from demo.governance import link_demo_member
from governance.models import MemberAccount
from site_core.models import Partnership
from tests.factories.governance import BodyFactory, MembershipFactory, PersonFactory, PostFactory

pytestmark = pytest.mark.django_db


def test_a_demo_member_is_linked_once_to_an_invented_current_member(site, django_user_model):
    partnership = Partnership.for_site(site)
    board = BodyFactory(partnership=partnership)
    today = timezone.localdate()
    real = PersonFactory(partnership=partnership, name="A Named Chair")
    MembershipFactory(person=real, post=PostFactory(body=board, sort_order=1), term_ends=None)
    invented = PersonFactory(partnership=partnership, name="Invented Member")
    illustrative.mark(invented, "Invented for this test.")
    MembershipFactory(
        person=invented,
        post=PostFactory(body=board, sort_order=2),
        term_starts=today - timedelta(days=10),
        term_ends=None,
    )
    user = django_user_model.objects.create_user("demo-member")
    account = link_demo_member(user, partnership)
    assert account.person == invented
    assert link_demo_member(user, partnership) is None
    assert MemberAccount.objects.filter(user=user).count() == 1
