from django.urls import reverse


def test_home_lists_a_visible_post(client, post):
    response = client.get(reverse("posts:home"))
    assert response.status_code == 200
    assert post.title in response.content.decode()
