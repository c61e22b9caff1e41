import pytest

from forum.markup import mentions

from .pathological import pretend_members


@pytest.fixture(autouse=True)
def members_without_a_database(monkeypatch):
    monkeypatch.setattr(mentions, "find_members", pretend_members)
