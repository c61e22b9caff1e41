import pytest

from .factories import PASSWORD, make_post, make_user


@pytest.fixture
def member(db):
    return make_user("reader")


@pytest.fixture
def other_member(db):
    return make_user("someone_else")


@pytest.fixture
def moderator(db):
    return make_user("moderator1", staff=True)


@pytest.fixture
def post(db):
    return make_post(author=make_user("zzyzzx"), title="A post to read", body="The post's *body*.")


@pytest.fixture
def login(client):
    """login(user): the test client, logged in as user."""

    def log_in(user):
        assert client.login(username=user.username, password=PASSWORD)
        return client

    return log_in
