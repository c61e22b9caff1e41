"""The cast every moderation test walks: who may do what, from a logged-out reader to an admin."""

from accounts.models import TrustLevel
from tests.factories import make_user

ROLES = ["logged_out", "moderated", "normal", "moderator", "admin"]
# Moderators judge comments; admins also judge posts and members.
JUDGES_COMMENTS = {"moderator", "admin"}
JUDGES_POSTS = {"admin"}


def make_role(role, username=None):
    """A member of this role (None for logged_out). The admin is a trust-level admin, not a
    superuser: superusers may do everything anyway, so they would prove nothing."""
    if role == "logged_out":
        return None
    username = username or f"{role}_member"
    if role == "moderated":
        user = make_user(username)
        user.trust_level = TrustLevel.MODERATED
        user.save(update_fields=["trust_level"])
        return user
    if role == "normal":
        return make_user(username)
    user = make_user(username, staff=True)
    if role == "admin":
        user.trust_level = TrustLevel.ADMIN
        user.save(update_fields=["trust_level"])
    return user


def as_role(client, role):
    """The client logged in as a new member of this role; returns the member (None: logged out)."""
    user = make_role(role)
    if user is not None:
        client.force_login(user)
    return user
