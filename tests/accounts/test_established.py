"""User.is_established: who is trusted with links and the NSFW flag."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from tests.factories import make_user

pytestmark = pytest.mark.django_db


def member(*, days, verified, **fields):
    user = make_user(new=True, **fields)
    user.date_joined = timezone.now() - timedelta(days=days)
    user.save(update_fields=["date_joined"])
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=verified)
    return user


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ({"days": 0, "verified": False}, False),  # new, unverified
        ({"days": 0, "verified": True}, False),  # new, verified
        ({"days": 30, "verified": False}, False),  # old, unverified
        ({"days": 30, "verified": True}, True),  # old, verified
        ({"days": 30, "verified": True, "active": False}, False),  # inactive
        ({"days": 0, "verified": False, "staff": True}, True),  # staff
        ({"days": 30, "verified": True, "staff": True, "active": False}, False),  # inactive staff
    ],
    ids=["new-unverified", "new-verified", "old-unverified", "old-verified", "inactive", "staff", "inactive-staff"],
)
def test_established_means_active_and_staff_or_old_and_verified(case, expected, django_assert_max_num_queries):
    user = member(**case)
    with django_assert_max_num_queries(1):
        assert user.is_established is expected


def test_the_new_member_period_is_a_setting(settings):
    user = member(days=2, verified=True)
    settings.NEW_MEMBER_PERIOD = timedelta(days=3)
    assert not user.is_established
    settings.NEW_MEMBER_PERIOD = timedelta(days=1)
    assert user.is_established


def test_an_address_verified_is_what_counts_not_one_merely_added(db):
    user = member(days=30, verified=False)
    EmailAddress.objects.create(user=user, email="second@example.com", verified=False)
    assert not user.is_established
    EmailAddress.objects.filter(user=user, email="second@example.com").update(verified=True)
    assert user.is_established
