"""Every URL pattern of the project, as the URLconf resolves them (includes followed)."""

import re
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name" as reverse() takes it; "" for an unnamed pattern
    route: str  # the whole pattern, prefixes included: "post/<int:pk>/edit"
    view: str  # the callback's dotted path: "forum.posts.views.post_edit_view"
    namespace: str
    captures: tuple  # the names of the values the pattern captures: ("pk",)
    callback: object = field(default=None, compare=False, repr=False)

    @property
    def key(self):
        """How the matrix's table names it: its name, or its pattern when it has none."""
        return self.name or self.route

    def url(self, kwargs):
        """The address with these values (only those the pattern captures are used)."""
        values = {name: kwargs[name] for name in self.captures}
        if self.name:
            return reverse(self.name, kwargs=values)
        # Unnamed patterns are plain routes (the admin's old-style redirects): fill them in.
        return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda match: str(values[match.group(1)]), self.route)


def all_routes(resolver=None, prefix="", namespaces=(), captures=()):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        found = captures + _captures(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespaces + ((entry.namespace,) if entry.namespace else ())
            yield from all_routes(entry, prefix + str(entry.pattern), inner, found)
        elif isinstance(entry, URLPattern):
            namespace = ":".join(namespaces)
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name or ""
            yield Route(name, prefix + str(entry.pattern), entry.lookup_str, namespace, found, entry.callback)


def _captures(pattern):
    if isinstance(pattern, RoutePattern):
        return tuple(pattern.converters)
    return tuple(pattern.regex.groupindex)  # a re_path()
