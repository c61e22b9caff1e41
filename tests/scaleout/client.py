"""A small browser for the scale-out tests: plain HTTP to one app server or another, with one
cookie jar, as a reader's browser behind a load balancer sends the same cookies to whichever
server answers.

Standard library only (http.client): `requests` is not among the project's packages.
"""

import http.client
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode

# Every request gives up after this long: a hung server fails the test instead of the run.
HTTP_TIMEOUT = 15
# The name readers use for the site: a load balancer hands the same Host to every server
# (tests/settings.py allows it), so cookies and CSRF origins are the same whichever one answers.
SITE_HOST = "localhost"


@dataclass(frozen=True)
class AppServer:
    name: str
    port: int


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    text: str
    server: AppServer

    @property
    def location(self):
        return self.headers.get("Location", "")


class Browser:
    """One reader's browser: its cookies, sent to whichever server a request goes to."""

    def __init__(self):
        self.cookies = {}  # name -> value as the server coded it (sent back verbatim)

    def get(self, server, path):
        # What a browser sends when a reader opens a page (forum.core.http.is_page_navigation).
        return self._request(server, "GET", path, {"Sec-Fetch-Dest": "document", "Sec-Fetch-Mode": "navigate"})

    def post(self, server, path, fields):
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"http://{SITE_HOST}",  # as a browser sends with every form
            "Sec-Fetch-Dest": "document",
            "Sec-Fetch-Mode": "navigate",
        }
        return self._request(server, "POST", path, headers, body=urlencode(fields, doseq=True))

    def submit(self, server, page, form, *, to=None, **values):
        """Send the form of `page` (a Response) found by `form` (its action, or `#id`) to `to`
        (default: its action), with its fields as the page rendered them (the CSRF token
        among them) and `values` filled in."""
        fields = form_fields(page.text, form)
        fields.update(values)
        return self.post(server, to or form, fields)

    def _request(self, server, method, path, headers, body=None):
        headers = {"Host": SITE_HOST, "Accept": "text/html", "User-Agent": "scaleout-tests", **headers}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=HTTP_TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            self._store(header)
        return Response(status=response.status, headers=response.headers, text=text, server=server)

    def _store(self, header):
        cookie = SimpleCookie()
        cookie.load(header)
        for name, morsel in cookie.items():
            if morsel["max-age"] == "0" or not morsel.value:
                self.cookies.pop(name, None)  # the server deleted it
            else:
                self.cookies[name] = morsel.coded_value


class _FormParser(HTMLParser):
    """The named fields (inputs and textareas) of the forms of a page, by the form's action."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = {}
        self._current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._current = {}
            # Found by its action, or by `#id` (the admin's changelist form has no action).
            self.forms.setdefault(attrs.get("action") or "", self._current)
            if attrs.get("id"):
                self.forms[f"#{attrs['id']}"] = self._current
        elif self._current is not None and tag in ("input", "textarea") and attrs.get("name"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            if attrs.get("type") in ("submit", "button"):
                return
            self._current[attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def form_fields(html, form):
    parser = _FormParser()
    parser.feed(html)
    if form not in parser.forms:
        raise AssertionError(f"no form {form!r} on the page; forms: {sorted(parser.forms)}")
    return dict(parser.forms[form])


def comment_id_from(location):
    """The comment a redirect after commenting leads to: `...?page=N#comment-ID`."""
    match = re.search(r"#comment-(\d+)$", location)
    assert match, f"not a comment's address: {location!r}"
    return int(match.group(1))
