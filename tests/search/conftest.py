import re

import pytest
from django.urls import reverse


@pytest.fixture
def search(client):
    """search(q, reader=client, **params): the results page's response."""

    def run(q, reader=None, **params):
        return (reader or client).get(reverse("search:search"), {"q": q, **params})

    return run


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def titles_in(response):
    """The titles of the result rows, in order, as the reader sees them (highlights removed)."""
    found = re.findall(r'class="post-title" href="[^"]*">(.*?)</a>', response.content.decode())
    return [re.sub(r"</?mark>", "", title) for title in found]
