import pytest
from django.urls import reverse

from forum.watches.models import Watch

pytestmark = pytest.mark.django_db


def test_member_watches_and_unwatches(login, member, post):
    client = login(member)
    url = reverse("watches:toggle", args=[post.pk])
    response = client.post(url, {"next": post.get_absolute_url()})
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
    assert Watch.objects.filter(user=member, post=post).exists()
    assert "unwatch" in client.get(post.get_absolute_url()).content.decode()
    client.post(url)
    assert not Watch.objects.exists()


def test_visitor_is_asked_to_log_in(client, post):
    response = client.post(reverse("watches:toggle", args=[post.pk]))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert not Watch.objects.exists()


def test_watch_is_never_a_get(login, member, post):
    assert login(member).get(reverse("watches:toggle", args=[post.pk])).status_code == 405
    assert not Watch.objects.exists()


def test_logged_out_byline_links_watch_to_login(client, post):
    page = client.get(post.get_absolute_url()).content.decode()
    assert 'title="log in to watch this post">watch</a>' in page
