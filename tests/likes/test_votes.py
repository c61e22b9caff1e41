"""Likes and dislikes: the row and the counts change together, whoever presses what, and the
page shows each member their own votes on comments rendered once for everyone."""

import pytest
from django.db.models import Count, Q
from django.urls import reverse

from forum.comments.models import Comment
from forum.likes.models import Like
from forum.likes.services import vote
from forum.posts.models import Post
from tests.factories import make_comment, make_user

pytestmark = pytest.mark.django_db
LIKE, DISLIKE = Like.Vote.LIKE, Like.Vote.DISLIKE


def counts_match_rows(item):
    item.refresh_from_db()
    target = {"post": item} if isinstance(item, Post) else {"comment": item}
    rows = Like.objects.filter(**target).aggregate(
        likes=Count("pk", filter=Q(vote=LIKE)), dislikes=Count("pk", filter=Q(vote=DISLIKE))
    )
    assert (item.like_count, item.dislike_count) == (rows["likes"], rows["dislikes"])
    return item.like_count, item.dislike_count


@pytest.mark.parametrize("kind", ["post", "comment"])
def test_the_transition_table(kind, post, member):
    item = post if kind == "post" else make_comment(post)
    other = make_user()
    vote(other, item, LIKE)  # someone else's vote stays whatever this member does
    steps = [  # pressed, then the member's vote and the item's (likes, dislikes)
        (LIKE, LIKE, (2, 0)),  # none -> like
        (LIKE, None, (1, 0)),  # like -> none (pressed again: taken back)
        (DISLIKE, DISLIKE, (1, 1)),  # none -> dislike
        (LIKE, LIKE, (2, 0)),  # dislike -> like
        (DISLIKE, DISLIKE, (1, 1)),  # like -> dislike
        (DISLIKE, None, (1, 0)),  # dislike -> none
    ]
    for pressed, now, counts in steps:
        assert vote(member, item, pressed) == now
        assert Like.objects.filter(user=member).count() == (0 if now is None else 1)
        assert counts_match_rows(item) == counts


def press(client, url, choice, next_url="/"):
    return client.post(url, {"vote": choice, "next": next_url})


def test_a_member_likes_a_comment_through_the_page(login, member, post):
    comment = make_comment(post)
    client = login(member)
    response = press(client, reverse("likes:comment", args=[comment.pk]), "like", post.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
    assert counts_match_rows(comment) == (1, 0)
    page = client.get(post.get_absolute_url()).content.decode()
    assert f'aria-pressed="true" data-vote="comment{comment.pk}:like"' in page
    assert f'aria-pressed="false" data-vote="comment{comment.pk}:dislike"' in page
    assert "like (1)" in page


def test_one_members_vote_is_not_pressed_for_another(client, member, other_member, post):
    comment = make_comment(post)
    vote(member, comment, LIKE)
    vote(member, post, DISLIKE)
    client.force_login(member)
    assert client.get(post.get_absolute_url()).content.decode().count('aria-pressed="true"') == 2
    client.force_login(other_member)  # the same cached comments, without member's votes in them
    others = client.get(post.get_absolute_url()).content.decode()
    client.logout()
    logged_out = client.get(post.get_absolute_url()).content.decode()
    for html in (others, logged_out):
        assert 'aria-pressed="true"' not in html and "like (1)" in html and "dislike (1)" in html


def test_a_logged_out_press_asks_to_log_in_and_comes_back(client, post):
    comment = make_comment(post)
    response = press(client, reverse("likes:comment", args=[comment.pk]), "like", post.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={post.get_absolute_url()}"
    assert not Like.objects.exists()


def test_a_press_that_leads_elsewhere_comes_back_home(client, post):
    response = press(client, reverse("likes:post", args=[post.pk]), "like", "https://evil.example/")
    assert response["Location"] == f"{reverse('account_login')}?next=/"


def test_no_vote_on_your_own_words(login, post):
    client = login(post.author)
    press(client, reverse("likes:post", args=[post.pk]), "like")
    assert not Like.objects.exists() and counts_match_rows(post) == (0, 0)


def test_an_odd_vote_changes_nothing(login, member, post):
    client = login(member)
    for odd in ["", "love", "1", "like\x00"]:
        assert press(client, reverse("likes:post", args=[post.pk]), odd).status_code == 302
    assert not Like.objects.exists()


@pytest.mark.parametrize("status", [Comment.Status.PENDING, Comment.Status.SPAM])
def test_no_vote_on_a_comment_waiting_or_held(login, member, post, status):
    comment = make_comment(post, status=status)
    response = press(login(member), reverse("likes:comment", args=[comment.pk]), "like")
    assert response.status_code == 404 and not Like.objects.exists()


def test_no_vote_on_a_post_the_member_may_not_open(login, member, post):
    Post.objects.filter(pk=post.pk).update(status=Post.Status.REMOVED)
    assert press(login(member), reverse("likes:post", args=[post.pk]), "like").status_code == 404


def test_votes_are_posts_only(login, member, post):
    assert login(member).get(reverse("likes:post", args=[post.pk]), {"vote": "like"}).status_code == 405
    assert not Like.objects.exists()


def test_a_vote_moves_the_cached_page_on(client, member, post):
    comment = make_comment(post)
    assert "like (0)" in client.get(post.get_absolute_url()).content.decode()
    vote(member, comment, LIKE)
    assert "like (1)" in client.get(post.get_absolute_url()).content.decode()


def test_no_vote_on_a_deleted_comment(login, member, post):
    from django.utils import timezone

    comment = make_comment(post)
    Comment.objects.filter(pk=comment.pk).update(deleted_at=timezone.now())
    assert press(login(member), reverse("likes:comment", args=[comment.pk]), "like").status_code == 404
    assert not Like.objects.exists()


def test_a_press_with_a_bare_word_for_next_goes_back_to_the_item(login, member, post):
    response = press(login(member), reverse("likes:post", args=[post.pk]), "like", "x")
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
    assert counts_match_rows(post) == (1, 0)


def test_the_buttons_on_a_members_own_words_are_disabled_for_them_only(client, member, post):
    mine = make_comment(post, author=member)
    theirs = make_comment(post)
    client.force_login(member)
    html = client.get(post.get_absolute_url()).content.decode()
    assert f'disabled data-vote="comment{mine.pk}:like"' in html
    assert f'disabled data-vote="comment{theirs.pk}:like"' not in html
    assert f'disabled data-vote="post{post.pk}:like"' not in html
    client.force_login(post.author)
    html = client.get(post.get_absolute_url()).content.decode()
    assert f'disabled data-vote="post{post.pk}:like"' in html and f'disabled data-vote="comment{mine.pk}' not in html


def test_withdrawing_all_of_a_members_votes_keeps_every_count_equal_to_its_rows(member, post):
    from forum.likes.services import votes_withdraw_all

    comments = [make_comment(post) for _ in range(3)]
    others = make_user()
    for item, pressed in [(post, DISLIKE), (comments[0], LIKE), (comments[1], DISLIKE), (comments[2], LIKE)]:
        vote(member, item, pressed)
        vote(others, item, LIKE)
    version = Post.objects.get(pk=post.pk).thread_version
    assert votes_withdraw_all(member) == 4 and votes_withdraw_all(member) == 0
    assert not Like.objects.filter(user=member).exists()
    assert [counts_match_rows(item) for item in [post, *comments]] == [(1, 0)] * 4
    assert Post.objects.get(pk=post.pk).thread_version > version
