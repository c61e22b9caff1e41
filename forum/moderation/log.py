"""Writing the moderation log: one call per action, in the transaction of the action."""

from .models import ModerationAction


def record(actor, action, target_kind, target_id, *, reason="", before=None, after=None, public=True):
    """Log one moderation action. actor: the member who acted, or None for the site's own rules.
    before/after: the values the action changed (JSON), so the log shows what it did."""
    return ModerationAction.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_kind=target_kind,
        target_id=target_id,
        reason=reason,
        before=before or {},
        after=after or {},
        is_public=public,
    )
