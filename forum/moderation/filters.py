"""The moderation queue's filters in the admin, for comments and posts alike: how old, who wrote it
(a member or an anonymous visitor), and the writer's trust level."""

from datetime import timedelta

from django.contrib import admin
from django.utils import timezone

from accounts.models import TrustLevel

_AGES = {
    "hour": ("the past hour", timedelta(hours=1)),
    "day": ("the past day", timedelta(days=1)),
    "week": ("the past week", timedelta(days=7)),
}


class Age(admin.SimpleListFilter):
    title = "age"
    parameter_name = "age"

    def lookups(self, request, model_admin):
        return [*((key, label) for key, (label, _) in _AGES.items()), ("older", "older than a week")]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() in _AGES:
            return queryset.filter(created_at__gte=now - _AGES[self.value()][1])
        if self.value() == "older":
            return queryset.filter(created_at__lt=now - _AGES["week"][1])
        return queryset


class WriterKind(admin.SimpleListFilter):
    title = "writer"
    parameter_name = "writer"

    def lookups(self, request, model_admin):
        return [("member", "members"), ("anonymous", "anonymous visitors")]

    def queryset(self, request, queryset):
        if self.value() in ("member", "anonymous"):
            return queryset.filter(author__isnull=self.value() == "anonymous")
        return queryset


class WriterTrust(admin.SimpleListFilter):
    """The writing member's trust level (anonymous visitors have none)."""

    title = "writer's trust level"
    parameter_name = "trust"

    def lookups(self, request, model_admin):
        return [(str(level.value), level.label) for level in TrustLevel]

    def queryset(self, request, queryset):
        if self.value() in {str(level.value) for level in TrustLevel}:
            return queryset.filter(author__trust_level=int(self.value()))
        return queryset
