import pytest

import forum.settings as site_settings


@pytest.mark.parametrize(
    "site_url, expected",
    [
        ("https://forum.example", "patrick.net <noreply@forum.example>"),
        ("https://Forum.Example:8443", "patrick.net <noreply@forum.example>"),
        ("http://127.0.0.1:8000", "patrick.net <noreply@localhost>"),  # `make run`: nothing leaves the machine
        ("http://[::1]:8000", "patrick.net <noreply@localhost>"),
        ("", "patrick.net <noreply@localhost>"),
    ],
)
def test_mail_comes_from_the_sites_own_domain(monkeypatch, site_url, expected):
    monkeypatch.setattr(site_settings, "SITE_URL", site_url)
    monkeypatch.setattr(site_settings, "SITE_NAME", "patrick.net")
    assert site_settings.default_from_email() == expected
