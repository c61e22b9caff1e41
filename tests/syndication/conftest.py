"""Reading the documents these tests fetch with the standard library's XML parser: a feed or
sitemap that is not well-formed XML fails to parse, and fails the test."""

import xml.etree.ElementTree as ET

import pytest

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def parse(response):
    assert response.status_code == 200, response.status_code
    return ET.fromstring(response.content)


@pytest.fixture
def rss(client):
    """rss(url): the feed's channel element, and its items as dicts of their children's text."""

    def read(url):
        response = client.get(url)
        assert response["Content-Type"].startswith("application/rss+xml")
        root = parse(response)
        assert root.tag == "rss" and root.get("version") == "2.0"
        channel = root.find("channel")
        items = [{child.tag: child.text for child in item} for item in channel.findall("item")]
        return channel, items

    return read


@pytest.fixture
def atom(client):
    """atom(url): the feed element, and its entries as dicts of their children's text (links by
    their href, the author by name)."""

    def read(url):
        response = client.get(url)
        assert response["Content-Type"].startswith("application/atom+xml")
        root = parse(response)
        assert root.tag == f"{ATOM}feed"
        entries = []
        for entry in root.findall(f"{ATOM}entry"):
            found = {child.tag.removeprefix(ATOM): child.text for child in entry}
            found["link"] = entry.find(f"{ATOM}link").get("href")
            found["author"] = entry.find(f"{ATOM}author/{ATOM}name").text
            entries.append(found)
        return root, entries

    return read
