from pathlib import Path

import pytest
from django.core.management import call_command

from forum.comments.models import Comment
from forum.core.demo.build import LONG_THREAD_COMMENTS
from forum.core.demo.seed import seed_created_at, seed_paragraphs, seed_title
from forum.posts.models import Post

pytestmark = pytest.mark.django_db
# A copy of the original page, kept in the repository (see tests/reference/README.md).
SEED_PAGE = Path(__file__).resolve().parents[1] / "reference" / "seed-page.txt"


def load(settings):
    settings.DEBUG = True
    call_command("load_demo_data")
    return Post.objects.get(author__username="zzyzzx", created_at=seed_created_at())


def test_seed_post_is_the_reference_page_exactly(settings):
    seed = load(settings)
    lines = SEED_PAGE.read_text().splitlines()
    assert seed.title == lines[0] == lines[4]
    assert seed.body.split("\n\n") == [line for line in lines[10:23] if line.strip()]
    # The browser tests expect the page to show this same text.
    assert (seed_title(), seed_paragraphs()) == (seed.title, seed.body.split("\n\n"))


def test_demo_data_has_the_seed_post_and_a_lived_in_forum(settings):
    seed = load(settings)
    assert seed.title.startswith("'Isis is finished'") and seed.body.startswith("Isis militants withdrew")
    assert seed.view_count == 192 and seed.comment_count == 0
    assert Post.objects.visible().count() > 40
    assert Post.objects.filter(status=Post.Status.HELD).exists()
    assert max(post.comment_count for post in Post.objects.all()) >= LONG_THREAD_COMMENTS > 100
    assert Comment.objects.filter(anonymous__isnull=False).exists()


def test_demo_data_loads_once(settings):
    load(settings)
    posts, comments = Post.objects.count(), Comment.objects.count()
    call_command("load_demo_data")
    assert (Post.objects.count(), Comment.objects.count()) == (posts, comments)


def test_demo_data_loads_once_even_after_the_timezone_changes(settings):
    load(settings)
    settings.TIME_ZONE = "UTC"
    call_command("load_demo_data")
    assert Post.objects.filter(author__username="zzyzzx", title__startswith="'Isis").count() == 1


def test_demo_data_keeps_an_existing_admin(settings):
    from tests.factories import make_user

    existing = make_user("admin", superuser=True)
    load(settings)
    existing.refresh_from_db()
    assert existing.check_password("correct horse battery staple")


def test_demo_data_refuses_production(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo_data")
    assert not Post.objects.exists()
