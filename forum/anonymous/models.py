"""Anonymous commenters: `anon_` + 5 hex characters, stable for a visitor, unique, and telling
nothing about the visitor's network address.

The original used md5(IP)[:5]: anyone could recover the IP by hashing all 4 billion addresses,
two visitors could collide, and everyone behind one shared address was one commenter. Here a
visitor is a random token in their browser's cookie (visitor.py); the name is an HMAC of that
token keyed with ANONYMOUS_NAME_KEY, and a unique constraint settles collisions by moving to the
next candidate name. The network is stored only as a keyed HMAC, so a moderator can ban a
network when a visitor keeps coming back with new cookies.
"""

from django.db import IntegrityError, models, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone

from forum.bans.terms import BanQuerySet, BanTerms

# Re-exported: callers ask the models module for the digests they store.
from .keys import is_known_network, keyed, network_digest, visitor_digest

__all__ = ["AnonymousIdentity", "NetworkBan", "VisitorBan", "candidate_names", "network_digest", "visitor_digest"]

NAME_PREFIX = "anon_"
NAME_HEX_DIGITS = 5
# Candidates tried before giving up; with a million names, running out means something is wrong.
MAX_CANDIDATES = 64
# Candidates a page view looks at (name_columns): all of them taken is vanishingly rare until the
# forum has hundreds of thousands of anonymous writers, and then name_from asks again for all 64.
FIRST_CANDIDATES = 8


def candidate_names(digest: str, count=MAX_CANDIDATES):
    for attempt in range(count):
        yield NAME_PREFIX + keyed(f"name:{digest}:{attempt}")[:NAME_HEX_DIGITS]


class AnonymousIdentity(models.Model):
    name = models.CharField(max_length=20, unique=True)
    digest = models.CharField(max_length=64, unique=True, help_text="HMAC of the visitor's browser token.")
    network_digest = models.CharField(
        max_length=64, db_index=True, blank=True, help_text="HMAC of the network they last commented from."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(default=timezone.now, help_text="When this visitor last commented.")
    # Set with the visitor's ban and cleared when it is lifted (anonymous/services.py), so that the
    # comment path asks for the ban's terms only for the few visitors who have one. A ban without a
    # VisitorBan row (as bans were made before they had terms) holds for good.
    is_banned = models.BooleanField(default=False, help_text="Banned visitors cannot comment (see their ban's terms).")

    class Meta:
        verbose_name_plural = "anonymous identities"

    def __str__(self):
        return self.name

    @classmethod
    def name_for(cls, digest) -> str:
        """The name the visitor with this digest has, or would get on commenting, without writing anything."""
        candidates = list(candidate_names(digest))
        taken = models.Q(name__in=candidates)
        rows = dict(cls.objects.filter(models.Q(digest=digest) | taken).values_list("name", "digest"))
        for name, owner in rows.items():
            if owner == digest:
                return name
        return next((name for name in candidates if name not in rows), candidates[0])

    @classmethod
    def name_columns(cls, visitor):
        """Annotations that give a query the page makes anyway what name_from needs, saving the
        reader a round trip: their identity's name (only a browser with a cookie may have one)
        and which of their first candidate names are taken."""
        table = cls._meta.db_table
        first = cls.first_candidates(visitor.digest)
        columns = {"visitor_taken_names": RawSQL(f"ARRAY(SELECT name FROM {table} WHERE name = ANY(%s))", [first])}
        if not visitor.token_is_new:
            columns["visitor_own_name"] = RawSQL(f"(SELECT name FROM {table} WHERE digest = %s)", [visitor.digest])
        return columns

    @staticmethod
    def first_candidates(digest):
        """The names name_columns asks about."""
        return list(candidate_names(digest, FIRST_CANDIDATES))

    @classmethod
    def name_from(cls, digest, *, own_name, taken_names, candidates=None) -> str:
        """name_for, from what name_columns read (`candidates`: first_candidates, if the caller
        has them already)."""
        if own_name:
            return own_name
        free = (name for name in candidates or cls.first_candidates(digest) if name not in taken_names)
        return next(free, None) or cls.name_for(digest)

    @classmethod
    def for_visitor(cls, visitor) -> "AnonymousIdentity":
        """This visitor's identity, created on first use, with the network they come from now."""
        digest, network = visitor.digest, visitor.network_digest
        existing = cls.objects.filter(digest=digest).first()
        if existing:
            if existing.network_digest != network:
                existing.network_digest = network
                existing.save(update_fields=["network_digest"])
            return existing
        for name in candidate_names(digest):
            try:
                with transaction.atomic():
                    return cls.objects.create(name=name, digest=digest, network_digest=network)
            except IntegrityError:
                # Either the name belongs to someone else (try the next one) or a concurrent
                # request of this same visitor just created our row.
                existing = cls.objects.filter(digest=digest).first()
                if existing:
                    return existing
        raise RuntimeError("No free anonymous name; widen NAME_HEX_DIGITS.")

    @property
    def network_is_known(self):
        return is_known_network(self.network_digest)

    def ban_in_force(self, now=None):
        """This visitor's own ban if it applies now: its VisitorBan, or True for a ban without
        terms (for good); None when there is none or it has run out."""
        if not self.is_banned:
            return None
        ban = VisitorBan.objects.filter(identity=self).first()
        if ban is None:
            return True
        return ban if ban.in_force(now) else None

    def is_blocked_from(self, network, now=None):
        """Banned themselves, or coming from a banned network (clearing cookies is no escape)."""
        return self.ban_in_force(now) is not None or NetworkBan.objects.is_banned(network, now)


class VisitorBan(BanTerms):
    """The terms of a visitor's ban (forum/bans/terms.py); AnonymousIdentity.is_banned says there is one."""

    identity = models.OneToOneField(AnonymousIdentity, on_delete=models.CASCADE, related_name="ban")

    def __str__(self):
        return f"ban of {self.identity}"


class NetworkBanQuerySet(BanQuerySet):
    def in_force_for(self, network_digest, now=None):
        """The ban on this network that applies now, or None. An unknown network is never banned."""
        if not is_known_network(network_digest):
            return None
        return self.in_force(now).filter(digest=network_digest).first()

    def is_banned(self, network_digest, now=None):
        return is_known_network(network_digest) and self.in_force(now).filter(digest=network_digest).exists()


class NetworkBan(BanTerms):
    """No anonymous comments, sign-ups or comments by members not yet established from this
    network. Heavy: a network can be a whole office, or a mobile carrier's shared address. Kept
    apart from identities so that a banned visitor who later comments from elsewhere neither
    frees the network nor carries the ban along. Terms (who, when, until, why): BanTerms."""

    digest = models.CharField(max_length=64, unique=True, help_text="HMAC of the banned network.")
    identity = models.ForeignKey(
        AnonymousIdentity, null=True, blank=True, on_delete=models.SET_NULL, related_name="network_bans",
        help_text="The visitor whose network this was when banned.",
    )  # fmt: skip

    objects = NetworkBanQuerySet.as_manager()

    def __str__(self):
        return f"network of {self.identity or 'a former visitor'}"
