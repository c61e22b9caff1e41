import pytest

from forum.presence import header, tracking

MIDDLEWARE = "forum.presence.middleware.PresenceMiddleware"


class Clock:
    """The tracker's clock, moved by hand; starts just inside a step."""

    def __init__(self):
        self.now = 1_000_000 * tracking.STEP_SECONDS + 1.0

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture(autouse=True)
def tracker(db, clock, monkeypatch, settings):
    """A fresh tracker (a new process, as it were) on the test's clock, behind the middleware."""
    if MIDDLEWARE not in settings.MIDDLEWARE:
        settings.MIDDLEWARE = [*settings.MIDDLEWARE, MIDDLEWARE]
    fresh = tracking.Tracker(clock=clock)
    monkeypatch.setattr(tracking, "tracker", fresh)
    monkeypatch.setattr(header, "_rendered", (None, ""))
    return fresh


class CacheSpy:
    """The presence cache, with every call to it written down by name."""

    def __init__(self, cache):
        self.cache = cache
        self.calls = []

    def __getattr__(self, name):
        method = getattr(self.cache, name)

        def spied(*args, **kwargs):
            self.calls.append(name)
            return method(*args, **kwargs)

        return spied

    @property
    def writes(self):
        return [name for name in self.calls if name in ("add", "set", "set_many", "incr", "delete", "touch")]
