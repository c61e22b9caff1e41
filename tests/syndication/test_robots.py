import pytest

pytestmark = pytest.mark.django_db


def test_robots_txt_keeps_crawlers_out_of_private_pages_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in ("/admin/", "/accounts/", "/settings", "/post/new"):
        assert f"Disallow: {path}" in lines
    assert "Disallow: /" not in lines  # the site itself stays open
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert not response.cookies
