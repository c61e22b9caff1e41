"""Anonymous commenters: `anon_` + 5 hex characters, stable for a visitor, unique, and unlinkable
to the visitor's network address without the server's secret.

The original used md5(IP)[:5]: anyone could recover the IP by hashing all 4 billion addresses,
and two visitors could collide. Here the name comes from an HMAC keyed with ANONYMOUS_NAME_KEY,
only the HMAC is stored, and a unique constraint settles collisions by moving to the next
candidate name.
"""
import hashlib
import hmac
import itertools

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from .network import client_address, visitor_network

NAME_PREFIX = "anon_"
NAME_HEX_DIGITS = 5
# Candidates tried before giving up; with a million names, running out means something is wrong.
MAX_CANDIDATES = 64


def network_digest(network: str) -> str:
    key = settings.ANONYMOUS_NAME_KEY.encode()
    return hmac.new(key, f"visitor:{network}".encode(), hashlib.sha256).hexdigest()


def request_digest(request) -> str:
    return network_digest(visitor_network(client_address(request)))


def candidate_names(digest: str):
    key = settings.ANONYMOUS_NAME_KEY.encode()
    for attempt in range(MAX_CANDIDATES):
        mac = hmac.new(key, f"name:{digest}:{attempt}".encode(), hashlib.sha256).hexdigest()
        yield NAME_PREFIX + mac[:NAME_HEX_DIGITS]


class AnonymousIdentity(models.Model):
    name = models.CharField(max_length=20, unique=True)
    digest = models.CharField(max_length=64, unique=True, help_text="HMAC of the visitor's network; not reversible.")
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(default=timezone.now, help_text="When this visitor last commented.")
    is_banned = models.BooleanField(default=False, help_text="Banned visitors cannot comment.")

    class Meta:
        verbose_name_plural = "anonymous identities"

    def __str__(self):
        return self.name

    @classmethod
    def name_for_request(cls, request) -> str:
        """The name this visitor has, or would get on commenting, without writing anything."""
        digest = request_digest(request)
        candidates = list(itertools.islice(candidate_names(digest), 8))
        taken = models.Q(name__in=candidates)
        rows = dict(cls.objects.filter(models.Q(digest=digest) | taken).values_list("name", "digest"))
        for name, owner in rows.items():
            if owner == digest:
                return name
        return next((name for name in candidates if name not in rows), candidates[0])

    @classmethod
    def for_request(cls, request) -> "AnonymousIdentity":
        """This visitor's identity, created on first use; called when the visitor comments."""
        digest = request_digest(request)
        existing = cls.objects.filter(digest=digest).first()
        if existing:
            existing.last_seen_at = timezone.now()
            cls.objects.filter(pk=existing.pk).update(last_seen_at=existing.last_seen_at)
            return existing
        for name in candidate_names(digest):
            try:
                with transaction.atomic():
                    return cls.objects.create(name=name, digest=digest)
            except IntegrityError:
                # Either the name belongs to someone else (try the next one) or a concurrent
                # request of this same visitor just created our row.
                existing = cls.objects.filter(digest=digest).first()
                if existing:
                    return existing
        raise RuntimeError("No free anonymous name; widen NAME_HEX_DIGITS.")
