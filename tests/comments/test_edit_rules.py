"""The spam rules hold for edits too (forum/comments/editing.py, spam.edit_hold): an edit that would
make a comment one the rules hold is refused with the rule's reason, its text kept in the form, and a
moderated member may not edit an approved comment at all. Moderators are exempt."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.models import TrustLevel
from forum.anonymous.visitor import COOKIE_NAME
from forum.comments.editing import (
    LINKS_NEED_APPROVAL,
    MODERATED_MAY_NOT_EDIT,
    REPEATED_ON_EDIT,
    CommentRefused,
    comment_edit_by,
)
from forum.comments.models import Comment, CommentEdit
from tests.factories import make_anonymous, make_comment, make_post, make_user

pytestmark = pytest.mark.django_db

TEXT = "What I first wrote, without a link."
FORTY_LINKS = " ".join(f"[{n}](https://shop{n}.example/buy)" for n in range(40))
PASTED = "Cheap watches and handbags, the best prices anywhere on the web, today only."


def edit(client, comment, body):
    return client.post(reverse("comments:edit", args=[comment.pk]), {"body": body})


def unchanged(comment, body=TEXT, status=Comment.Status.APPROVED):
    stored = Comment.objects.get(pk=comment.pk)
    return stored.body == body and stored.status == status and not CommentEdit.objects.filter(comment=comment).exists()


def refused_with(response, message, text):
    """A 400 with the message, and the form showing the text the writer sent."""
    page = response.content.decode()
    return response.status_code == 400 and message in page and text in page


def moderated_member():
    member = make_user("newcomer")
    get_user_model().objects.filter(pk=member.pk).update(trust_level=TrustLevel.MODERATED)
    member.refresh_from_db()
    assert member.is_moderated
    return member


# A moderated member and their approved comments


def test_a_moderated_member_cannot_edit_an_approved_comment(client, post):
    member = moderated_member()
    comment = make_comment(post, author=member, body=TEXT)
    client.force_login(member)
    response = edit(client, comment, "Now something nobody approved.")
    assert refused_with(response, MODERATED_MAY_NOT_EDIT, "Now something nobody approved.")
    assert unchanged(comment)
    with pytest.raises(CommentRefused, match="write a new comment"):
        comment_edit_by(comment, by=member, body="Again.", links_allowed=False)
    assert unchanged(comment)


def test_a_moderated_member_may_edit_a_comment_still_waiting(client, post):
    member = moderated_member()
    comment = make_comment(post, author=member, body=TEXT, status=Comment.Status.PENDING)
    client.force_login(member)
    assert edit(client, comment, "Fixed a typo before anyone saw it.").status_code == 302
    stored = Comment.objects.get(pk=comment.pk)
    assert stored.body == "Fixed a typo before anyone saw it."
    assert stored.status == Comment.Status.PENDING and stored.number is None


def test_a_moderator_may_edit_a_moderated_members_approved_comment(client, post, moderator):
    comment = make_comment(post, author=moderated_member(), body=TEXT)
    client.force_login(moderator)
    assert edit(client, comment, "Trimmed by a moderator.").status_code == 302
    assert Comment.objects.get(pk=comment.pk).body == "Trimmed by a moderator."


# Many links


def test_a_normal_member_cannot_edit_a_comment_into_forty_links(client, post, member):
    comment = make_comment(post, author=member, body=TEXT)
    client.force_login(member)
    response = edit(client, comment, FORTY_LINKS)
    assert refused_with(response, "would have many links (40, more than 5)", "https://shop39.example/buy")
    assert unchanged(comment)


def test_disguised_links_count_in_an_edit_too(client, post, member):
    comment = make_comment(post, author=member, body=TEXT)
    disguised = " ".join(f'<a title="x href=" href="https://s{n}.example/">{n}</a>' for n in range(6))
    client.force_login(member)
    assert refused_with(edit(client, comment, disguised), "many links (6, more than 5)", "s5.example")
    assert unchanged(comment)


def test_a_normal_member_may_add_links_up_to_the_limit(client, post, member):
    comment = make_comment(post, author=member, body=TEXT)
    five = " ".join(f"[{n}](https://shop{n}.example/buy)" for n in range(5))
    client.force_login(member)
    assert edit(client, comment, five).status_code == 302
    assert Comment.objects.get(pk=comment.pk).body == five


def test_links_a_moderator_approved_may_stay_but_not_grow(client, post, member):
    eight = " ".join(f"[{n}](https://shop{n}.example/buy)" for n in range(8))
    comment = make_comment(post, author=member, body=eight)  # held for many links, then approved
    client.force_login(member)
    assert edit(client, comment, eight + " Typo fixed.").status_code == 302
    response = edit(client, comment, eight + " [9](https://shop9.example/buy)")
    assert refused_with(response, "many links (9, more than 5)", "https://shop9.example/buy")
    assert Comment.objects.get(pk=comment.pk).body == eight + " Typo fixed."


def test_a_moderator_may_edit_in_many_links(client, post, member, moderator):
    comment = make_comment(post, author=member, body=TEXT)
    client.force_login(moderator)
    assert edit(client, comment, FORTY_LINKS).status_code == 302
    assert Comment.objects.get(pk=comment.pk).body == FORTY_LINKS


# Links from writers whose links wait


def test_an_anonymous_edit_cannot_add_a_disguised_link(client, post):
    comment = make_comment(post, anonymous=make_anonymous("w" * 22), body=TEXT)
    client.cookies[COOKIE_NAME] = "w" * 22
    body = 'Read <a title="x href=" href="https://spam.example/pills">this</a>'
    assert refused_with(edit(client, comment, body), LINKS_NEED_APPROVAL, "spam.example/pills")
    assert unchanged(comment)


# The same text in another thread


def test_an_edit_cannot_make_a_comment_the_same_as_one_in_another_thread(client, post, member):
    make_comment(make_post(title="Elsewhere"), author=member, body=PASTED)
    comment = make_comment(post, author=member, body=TEXT)
    client.force_login(member)
    pasted_again = "  CHEAP watches and handbags,\nthe best prices anywhere on the web, today only. "
    assert refused_with(edit(client, comment, pasted_again), REPEATED_ON_EDIT, "CHEAP watches")
    assert unchanged(comment)
    # Its own thread's text, or a different one, is no repetition.
    assert edit(client, comment, PASTED + " Different now.").status_code == 302


def test_a_moderator_may_edit_in_the_same_text(client, post, member, moderator):
    make_comment(make_post(title="Elsewhere"), author=member, body=PASTED)
    comment = make_comment(post, author=member, body=TEXT)
    client.force_login(moderator)
    assert edit(client, comment, PASTED).status_code == 302
