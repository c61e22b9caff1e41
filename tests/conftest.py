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


@pytest.fixture(autouse=True)
def no_housekeeping_by_chance(monkeypatch):
    """The cache's cull (one set in CULL_EVERY, at random) and the view flush (once an interval
    per process, by the clock) add queries to whichever request happens to draw them: off, so a
    query budget counts the same every run. Their own tests switch them back on."""
    from forum.core import cache as database_cache
    from forum.posts import viewcounts

    monkeypatch.setattr(database_cache, "CULL_EVERY", 1 << 62)
    monkeypatch.setattr(viewcounts, "_last_claim_attempt", float("inf"))
    # Who is online: the first page of a test would pay the header's cache reads and totals
    # query, whichever test that is. Off here; tests/presence switch it on.
    from forum.presence import tracking
    from tests.presence.quiet import QuietTracker

    monkeypatch.setattr(tracking, "tracker", QuietTracker())


@pytest.fixture(autouse=True)
def a_fresh_process_memory_of_pages():
    """Each test's forum is new, as if each ran in a new process: no page this process kept in
    memory (forum/core/pagecache.py _LocalPages) from an earlier test's forum. The pages are
    stamped, so none would be served wrongly; but a query budget would count one lookup more."""
    from forum.core.pagecache import _local_pages

    _local_pages.clear()
    # Nor which member each session named (accounts/sessions.py): ids are reused across tests.
    from accounts.sessions import forget_members

    forget_members()
