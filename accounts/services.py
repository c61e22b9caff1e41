"""Writes about a member that span rows."""

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from forum.likes.services import votes_withdraw_all
from forum.notifications.models import EmailSettings, FollowerEmail
from forum.unread.models import Read
from forum.watches.models import Watch

from .models import Follow, Ignore, RetiredName, User
from .names import name_skeleton, username_skeleton_expression


@transaction.atomic
def member_delete(*, member):
    """Delete a member's account at their request.

    Their posts and comments stay, as a deleted member's (their foreign keys PROTECT the row, and
    a thread with holes would lose its numbering and its quotes): the row is kept, inactive, under
    a name no member can take (accounts/names.py reserves `deleted` and digits). What is theirs
    alone goes: email addresses, about, avatar, timezone, settings, email settings, follows and
    the record of follower emails both ways, ignores both ways, watches, read marks, likes and
    dislikes, the last login, and the password, which also ends every session they had open.
    Their session rows are left to expire: Django checks the password's hash on each request of
    a session and flushes it, and finding a member's rows would mean decoding every session.

    The old name is retired for good (RetiredName), so that nobody takes it and inherits the
    @mentions and links others wrote to them.

    The rename is an ordinary save, so forum/comments/signals.py moves on the cached threads and
    lists that printed the old name. Returns what was removed, for the caller to log.
    """
    member = User.objects.select_for_update().get(pk=member.pk)
    old_name = member.username
    removed = {
        "email_addresses": EmailAddress.objects.filter(user=member).delete()[0],
        "follows": Follow.objects.filter(follower=member).delete()[0]
        + Follow.objects.filter(followed=member).delete()[0],
        "ignores": Ignore.objects.filter(ignorer=member).delete()[0]
        + Ignore.objects.filter(ignored=member).delete()[0],
        "watches": Watch.objects.filter(user=member).delete()[0],
        "reads": Read.objects.filter(user=member).delete()[0],
        "email_settings": EmailSettings.objects.filter(user=member).delete()[0],
        # Who was told of whose following: the follows themselves are gone above.
        "follower_emails": FollowerEmail.objects.filter(follower=member).delete()[0]
        + FollowerEmail.objects.filter(followed=member).delete()[0],
        "likes": votes_withdraw_all(member),
    }
    RetiredName.objects.bulk_create([RetiredName(skeleton=name_skeleton(old_name))], ignore_conflicts=True)
    avatar = member.avatar.name
    member.username = _free_deleted_name(member.pk)
    member.email = member.first_name = member.last_name = ""
    member.set_about("")
    member.avatar = ""
    member.timezone = ""
    member.summonable = False
    member.hide_images_in_lists = False
    member.is_active = member.is_staff = member.is_superuser = False
    member.last_login = None
    member.deleted_at = timezone.now()
    member.set_unusable_password()
    member.save()
    member.groups.clear()
    member.user_permissions.clear()
    member.delete_avatar_file(avatar)
    return {"member": member, "old_name": old_name, **removed}


def _free_deleted_name(pk):
    """`deleted_<id>`, unique by id; a suffix only for a name some older member already reads as."""
    candidates = [f"deleted_{pk}", *(f"deleted_{pk}_{n}" for n in range(1, 100))]
    taken = set(
        User.objects.annotate(skeleton=username_skeleton_expression())
        .filter(skeleton__in=[name_skeleton(name) for name in candidates])
        .values_list("skeleton", flat=True)
    )
    return next(name for name in candidates if name_skeleton(name) not in taken)
