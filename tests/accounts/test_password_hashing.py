"""Production hashes passwords with Argon2id and moves older PBKDF2 hashes to it at login."""

import pytest
from django.conf import settings as project_settings
from django.contrib.auth.hashers import make_password
from django.urls import reverse

from forum import settings as production
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_production_hashes_new_passwords_with_argon2():
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in production.PASSWORD_HASHERS


@pytest.fixture
def production_hashers(settings):
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_a_pbkdf2_hash_is_upgraded_to_argon2_at_login(client, production_hashers):
    member = make_user("oldtimer")
    member.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    member.save(update_fields=["password"])

    response = client.post(reverse("account_login"), {"login": "oldtimer", "password": PASSWORD})

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.password.startswith("argon2$argon2id$")
    assert member.check_password(PASSWORD)


def test_a_wrong_password_leaves_the_old_hash_alone(client, production_hashers):
    member = make_user("oldtimer")
    old_hash = make_password(PASSWORD, hasher="pbkdf2_sha256")
    member.password = old_hash
    member.save(update_fields=["password"])

    client.post(reverse("account_login"), {"login": "oldtimer", "password": "not it"})

    member.refresh_from_db()
    assert member.password == old_hash


def test_a_new_member_gets_an_argon2_hash(production_hashers):
    member = make_user("newcomer")
    member.set_password("a long fresh password")
    assert member.password.startswith("argon2$argon2id$")
