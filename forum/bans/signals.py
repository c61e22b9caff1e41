"""Where members come from: the network of each sign-up and login (a keyed digest, never the
address), so that a nuke can ban it (nuking.py)."""

from django.utils import timezone

from forum.anonymous.keys import is_known_network, request_network_digest

from .models import MemberNetwork


def remember_member_network(sender, request=None, user=None, **kwargs):
    """Receiver for user_logged_in and allauth's user_signed_up. One statement."""
    if request is None or user is None or user.pk is None:
        return
    digest = request_network_digest(request)
    if not is_known_network(digest):
        return
    MemberNetwork.objects.bulk_create(
        [MemberNetwork(member_id=user.pk, digest=digest, last_seen_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["member", "digest"],
        update_fields=["last_seen_at"],
    )
