"""The moderation queue in the admin: held comments and posts, their filters, their text rendered and
safe, and the bulk actions, for every role: each action's database state and its log row."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from procrastinate.contrib.django.models import ProcrastinateJob

from accounts.models import TrustLevel
from forum.comments.models import Comment
from forum.moderation.models import ModerationAction
from forum.posts.models import Post
from tests.factories import make_anonymous, make_comment, make_post, make_user
from tests.moderation.cast import JUDGES_COMMENTS, JUDGES_POSTS, ROLES, as_role

pytestmark = pytest.mark.django_db

COMMENTS = reverse("admin:comments_comment_changelist")
POSTS = reverse("admin:posts_post_changelist")

# action name -> (the status it leaves, the log's action, the log's reason)
COMMENT_ACTIONS = {
    "mark_approved": (Comment.Status.APPROVED, "approve", ""),
    "mark_pending": (Comment.Status.PENDING, "hold", "pending"),
    "mark_flagged": (Comment.Status.FLAGGED, "hold", "flagged"),
    "mark_spam": (Comment.Status.SPAM, "spam", "spam"),
    "mark_personal_attack": (Comment.Status.PERSONAL_ATTACK, "hold", "personal_attack"),
    "mark_anti_forum": (Comment.Status.ANTI_FORUM, "hold", "anti_forum"),
    "mark_doxing": (Comment.Status.DOXING, "hold", "doxing"),
}


def refused(response):
    """Not staff: sent to log in; staff without the right: 403."""
    return response.status_code == 403 or (response.status_code == 302 and "/login/" in response["Location"])


# Comments: who may judge


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", COMMENT_ACTIONS)
def test_comment_actions_for_every_role(client, post, role, action):
    status, logged_as, reason = COMMENT_ACTIONS[action]
    start = Comment.Status.SPAM if status == Comment.Status.APPROVED else Comment.Status.APPROVED
    comment = make_comment(post, status=start)
    actor = as_role(client, role)
    response = client.post(COMMENTS, {"action": action, "_selected_action": [comment.pk]})
    comment.refresh_from_db()
    post.refresh_from_db()
    if role in JUDGES_COMMENTS:
        assert response.status_code == 302 and comment.status == status
        assert post.comment_count == (0 if status == Comment.Status.PENDING else 1)
        entry = ModerationAction.objects.get()
        assert (entry.actor, entry.action, entry.target_kind, entry.target_id) == (
            actor,
            logged_as,
            "comment",
            comment.pk,
        )
        assert entry.reason == reason
        assert entry.before == {"status": start} and entry.after == {"status": status}
        assert LogEntry.objects.filter(object_id=str(comment.pk), user=actor).exists()
    else:
        assert comment.status == start and not ModerationAction.objects.exists()
        assert refused(response)


@pytest.mark.parametrize("role", ROLES)
def test_deleting_with_a_placeholder_for_every_role(client, post, role):
    comment = make_comment(post)
    actor = as_role(client, role)
    client.post(COMMENTS, {"action": "delete_leaving_placeholder", "_selected_action": [comment.pk]})
    comment.refresh_from_db()
    if role in JUDGES_COMMENTS:
        entry = ModerationAction.objects.get()
        assert comment.is_deleted and (entry.actor, entry.action, entry.target_id) == (actor, "delete", comment.pk)
    else:
        assert not comment.is_deleted and not ModerationAction.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_erasing_comments_is_for_admins_and_logged(client, post, role):
    comment = make_comment(post)
    actor = as_role(client, role)
    client.post(COMMENTS, {"action": "delete_selected", "_selected_action": [comment.pk], "post": "yes"})
    client.post(reverse("admin:comments_comment_delete", args=[comment.pk]), {"post": "yes"})
    if role in JUDGES_POSTS:
        assert not Comment.objects.filter(pk=comment.pk).exists()
        entry = ModerationAction.objects.get()
        assert (entry.actor, entry.action, entry.before) == (actor, "erase", {"status": "approved", "post": post.pk})
    else:
        assert Comment.objects.filter(pk=comment.pk).exists() and not ModerationAction.objects.exists()


def test_a_moderator_is_not_offered_erasing_or_adding(client, post):
    make_comment(post)  # the actions show above a list that has rows
    as_role(client, "moderator")
    page = client.get(COMMENTS).content.decode()
    assert "mark_doxing" in page and "delete_leaving_placeholder" in page
    assert "delete_selected" not in page
    assert client.get(reverse("admin:comments_comment_add")).status_code == 403


def test_judging_twice_logs_once(client, post):
    comment = make_comment(post)
    as_role(client, "moderator")
    for _ in range(2):
        client.post(COMMENTS, {"action": "mark_spam", "_selected_action": [comment.pk]})
    assert ModerationAction.objects.count() == 1


# The queue: what it shows and its filters


def test_the_queue_shows_the_text_rendered_and_inert(client, post):
    make_comment(
        post,
        status=Comment.Status.SPAM,
        body='**bold** Tom & Jerry <3 <script>alert("x")</script> '
        '<img src="x" onerror="alert(1)"> [a](javascript:alert(2))',
    )
    as_role(client, "moderator")
    page = client.get(COMMENTS, {"moderation": "held"}).content.decode()
    assert "<strong>bold</strong>" in page  # rendered, not shown as markup
    assert "Tom &amp; Jerry &lt;3" in page  # escaped once: not "&amp;amp;", not a raw "<3"
    assert "&amp;amp;" not in page and "&amp;lt;" not in page
    assert "<script>alert" not in page and "onerror" not in page and "javascript:alert" not in page


def test_the_change_form_shows_the_rendered_text_too(client, post):
    comment = make_comment(post, body="*fine* <script>alert(1)</script>")
    as_role(client, "moderator")
    page = client.get(reverse("admin:comments_comment_change", args=[comment.pk])).content.decode()
    assert "<em>fine</em>" in page and "<script>alert(1)" not in page


def queue(client, **filters):
    page = client.get(COMMENTS, {"moderation": "held", **filters})
    assert page.status_code == 200
    return page.content.decode()


def test_queue_filters_reason_age_writer_kind_and_trust(client, post):
    moderated = make_user("moderated_writer")
    moderated.trust_level = TrustLevel.MODERATED
    moderated.save()
    make_comment(post, body="spam by a member", status=Comment.Status.SPAM, author=moderated)
    make_comment(post, body="doxing by a visitor", status=Comment.Status.DOXING, anonymous=make_anonymous())
    make_comment(
        post, body="an old attack", status=Comment.Status.PERSONAL_ATTACK, created_at=timezone.now() - timedelta(days=9)
    )
    make_comment(post, body="an approved one")
    as_role(client, "moderator")
    everything = queue(client)
    assert all(text in everything for text in ("spam by a member", "doxing by a visitor", "an old attack"))
    assert "an approved one" not in everything
    assert "doxing by a visitor" in queue(client, status="doxing") and "spam by" not in queue(client, status="doxing")
    recent = queue(client, age="day")
    assert "an old attack" not in recent and "spam by a member" in recent
    assert "an old attack" in queue(client, age="older") and "spam by" not in queue(client, age="older")
    by_visitors = queue(client, writer="anonymous")
    assert "doxing by a visitor" in by_visitors and "spam by a member" not in by_visitors
    assert "doxing by a visitor" not in queue(client, writer="member")
    moderated_only = queue(client, trust=str(TrustLevel.MODERATED.value))
    assert "spam by a member" in moderated_only and "an old attack" not in moderated_only
    assert "an old attack" in queue(client, trust=str(TrustLevel.NORMAL.value))


@pytest.mark.parametrize("odd", ["9", "x", "\N{SUPERSCRIPT TWO}", "99999999999999999999"])
def test_odd_filter_values_change_nothing(client, post, odd):
    make_comment(post, body="held text", status=Comment.Status.SPAM)
    as_role(client, "moderator")
    response = client.get(COMMENTS, {"moderation": "held", "trust": odd, "age": odd, "writer": odd})
    assert response.status_code in (200, 302)


# Who reaches which page


@pytest.mark.parametrize("role", ROLES)
def test_who_reaches_which_admin_page(client, role):
    as_role(client, role)
    pages = {
        "comments": client.get(COMMENTS),
        "posts": client.get(POSTS),
        "members": client.get(reverse("admin:accounts_user_changelist")),
        "log": client.get(reverse("admin:moderation_moderationaction_changelist")),
    }
    may = {
        "comments": role in JUDGES_COMMENTS,
        "log": role in JUDGES_COMMENTS,
        "posts": role in JUDGES_POSTS,
        "members": role in JUDGES_POSTS,
    }
    for name, response in pages.items():
        assert (response.status_code == 200) == may[name], name
        if not may[name]:
            assert refused(response), name


def test_the_admin_index_leads_a_moderator_to_the_queue(client):
    as_role(client, "moderator")
    page = client.get(reverse("admin:index")).content.decode()
    assert f"{COMMENTS}?moderation=held" in page and reverse("moderation:log") in page
    assert POSTS not in page  # posts are for admins
    as_role(client, "admin")
    assert f"{POSTS}?held_for=any" in client.get(reverse("admin:index")).content.decode()


# Posts: admins judge them


POST_ACTIONS = {
    "approve": (Post.Status.PUBLISHED, "", "approve"),
    "hold_flagged": (Post.Status.HELD, "flagged", "hold"),
    "hold_spam": (Post.Status.HELD, "spam", "spam"),
    "hold_personal_attack": (Post.Status.HELD, "personal_attack", "hold"),
    "hold_anti_forum": (Post.Status.HELD, "anti_forum", "hold"),
    "hold_doxing": (Post.Status.HELD, "doxing", "hold"),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", POST_ACTIONS)
def test_post_actions_for_every_role(client, role, action):
    status, reason, logged_as = POST_ACTIONS[action]
    start = {"status": Post.Status.HELD, "held_reason": "spam"} if status == Post.Status.PUBLISHED else {}
    post = make_post(**start)
    version = post.thread_version
    actor = as_role(client, role)
    response = client.post(POSTS, {"action": action, "_selected_action": [post.pk]})
    post.refresh_from_db()
    if role in JUDGES_POSTS:
        assert response.status_code == 302
        assert (post.status, post.held_reason) == (status, reason) and post.thread_version == version + 1
        entry = ModerationAction.objects.get()
        assert (entry.actor, entry.action, entry.target_kind, entry.target_id) == (actor, logged_as, "post", post.pk)
        assert entry.reason == reason and entry.after == {"status": status, "held_reason": reason}
        assert entry.before == {"status": start.get("status", "published"), "held_reason": start.get("held_reason", "")}
    else:
        assert post.status == start.get("status", Post.Status.PUBLISHED) and not ModerationAction.objects.exists()
        assert refused(response)


def test_a_held_post_leaves_the_lists_and_an_approved_one_returns(client):
    post = make_post(title="A post to judge")
    as_role(client, "admin")
    home = reverse("posts:home")
    assert "A post to judge" in Client().get(home).content.decode()
    client.post(POSTS, {"action": "hold_doxing", "_selected_action": [post.pk]})
    assert "A post to judge" not in Client().get(home).content.decode()
    assert Client().get(post.get_absolute_url()).status_code == 404  # held: gone for everyone else
    client.post(POSTS, {"action": "approve", "_selected_action": [post.pk]})
    assert "A post to judge" in Client().get(home).content.decode()


def fan_outs(post):
    return ProcrastinateJob.objects.filter(task_name__endswith="fan_out_post", args__post_id=post.pk).count()


def test_approving_a_waiting_post_tells_the_followers_once(client):
    waiting = make_post(status=Post.Status.HELD)  # held by the spam rules when written: never out
    judged = make_post(status=Post.Status.HELD, held_reason="spam")
    as_role(client, "admin")
    client.post(POSTS, {"action": "approve", "_selected_action": [waiting.pk, judged.pk]})
    assert fan_outs(waiting) == 1
    assert fan_outs(judged) == 0  # held after it was out: its followers heard of it then


def test_the_post_queue_filters_by_reason(client):
    make_post(title="Waiting for a look", status=Post.Status.HELD)
    make_post(title="Held as doxing", status=Post.Status.HELD, held_reason="doxing")
    make_post(title="Out there")
    as_role(client, "admin")
    held = client.get(POSTS, {"held_for": "any"}).content.decode()
    assert "Waiting for a look" in held and "Held as doxing" in held and "Out there" not in held
    doxing = client.get(POSTS, {"held_for": "doxing"}).content.decode()
    assert "Held as doxing" in doxing and "Waiting for a look" not in doxing
    assert "Held as doxing" not in client.get(POSTS, {"held_for": "waiting"}).content.decode()


def post_form(post, **changes):
    now = timezone.localtime(post.created_at)
    return {
        "title": post.title,
        "author": post.author_id,
        "body": post.body,
        "status": post.status,
        "held_reason": post.held_reason,
        "created_at_0": now.strftime("%Y-%m-%d"),
        "created_at_1": now.strftime("%H:%M:%S"),
        **changes,
    }


def test_a_status_set_in_the_post_form_is_judged_and_logged(client):
    post = make_post()
    actor = as_role(client, "admin")
    url = reverse("admin:posts_post_change", args=[post.pk])
    response = client.post(url, post_form(post, status="held", held_reason="anti_forum"))
    assert response.status_code == 302
    post.refresh_from_db()
    assert (post.status, post.held_reason) == ("held", "anti_forum")
    entry = ModerationAction.objects.get()
    assert (entry.actor, entry.action, entry.reason) == (actor, "hold", "anti_forum")


def test_a_published_post_cannot_keep_a_reason(client):
    post = make_post()
    as_role(client, "admin")
    response = client.post(reverse("admin:posts_post_change", args=[post.pk]), post_form(post, held_reason="spam"))
    assert response.status_code == 200 and "Only a held post has a reason" in response.content.decode()
    post.refresh_from_db()
    assert post.held_reason == "" and not ModerationAction.objects.exists()


def test_the_post_change_form_shows_the_body_rendered_and_inert(client):
    post = make_post(body="*fine* <script>alert(1)</script>")
    as_role(client, "admin")
    page = client.get(reverse("admin:posts_post_change", args=[post.pk])).content.decode()
    assert "<em>fine</em>" in page and "<script>alert(1)" not in page
