"""The moderation log in the admin: moderators read it, filter it, and nobody edits or deletes it
(the admin refuses, and so does the database, whoever asks)."""

import json

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from forum.moderation.log import record
from forum.moderation.models import ModerationAction
from tests.moderation.cast import JUDGES_COMMENTS, ROLES, as_role, make_role

pytestmark = pytest.mark.django_db

LOG = reverse("admin:moderation_moderationaction_changelist")


@pytest.fixture
def entry():
    return record(make_role("moderator", "logger"), "spam", "comment", 12, reason="spam", before={"status": "approved"})


@pytest.mark.parametrize("role", ROLES)
def test_moderators_read_the_log_and_nobody_edits_it(client, entry, role):
    as_role(client, role)
    change = reverse("admin:moderation_moderationaction_change", args=[entry.pk])
    responses = [
        client.post(reverse("admin:moderation_moderationaction_add"), {"action": "ban", "target_kind": "member"}),
        client.post(change, {"action": "approve", "reason": "rewritten"}),
        client.post(reverse("admin:moderation_moderationaction_delete", args=[entry.pk]), {"post": "yes"}),
        client.post(LOG, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}),
    ]
    if role in JUDGES_COMMENTS:
        assert client.get(LOG).status_code == 200
        page = client.get(change)
        assert page.status_code == 200 and "logger" in page.content.decode()
        assert [response.status_code for response in responses[:3]] == [403, 403, 403]
    else:
        assert all(response.status_code == 302 and "/login/" in response["Location"] for response in responses)
    assert list(ModerationAction.objects.values_list("action", "reason")) == [("spam", "spam")]


def test_superusers_cannot_edit_it_either(admin_client, entry):
    change = reverse("admin:moderation_moderationaction_change", args=[entry.pk])
    assert admin_client.post(change, {"action": "approve"}).status_code == 403
    assert admin_client.post(reverse("admin:moderation_moderationaction_delete", args=[entry.pk])).status_code == 403
    assert "delete_selected" not in admin_client.get(LOG).content.decode()
    assert ModerationAction.objects.get().action == "spam"


def test_the_change_page_shows_before_and_after(admin_client, entry):
    page = admin_client.get(reverse("admin:moderation_moderationaction_change", args=[entry.pk])).content.decode()
    assert json.dumps({"status": "approved"}, indent=2).replace('"', "&quot;") in page


def test_the_log_filters_by_action_target_kind_actor_and_date(admin_client):
    alice, bob = make_role("moderator", "alice"), make_role("moderator", "bob")
    record(alice, "approve", "comment", 1, reason="first-entry")
    record(bob, "promote", "member", 2, reason="second-entry")
    record(None, "hold", "post", 3, reason="third-entry")

    def listed(**filters):
        page = admin_client.get(LOG, filters)
        assert page.status_code == 200
        html = page.content.decode()
        return {reason for reason in ("first-entry", "second-entry", "third-entry") if reason in html}

    assert listed() == {"first-entry", "second-entry", "third-entry"}
    assert listed(action="promote") == {"second-entry"}
    assert listed(target_kind="post") == {"third-entry"}
    assert listed(actor__id__exact=str(alice.pk)) == {"first-entry"}
    entry = ModerationAction.objects.get(reason="first-entry")
    assert listed(at__year=str(entry.at.year)) == {"first-entry", "second-entry", "third-entry"}
    assert listed(at__year="1999") == set()


@pytest.mark.parametrize("term", ["x", "99999999999999999999", "\N{SUPERSCRIPT TWO}"])
def test_odd_searches_find_nothing_without_an_error(admin_client, entry, term):
    assert admin_client.get(LOG, {"q": term}).status_code == 200


def test_the_database_refuses_to_rewrite_or_erase_the_log(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ModerationAction.objects.update(reason="rewritten")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ModerationAction.objects.filter(pk=entry.pk).delete()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        entry.reason = "rewritten"
        entry.save()
    assert ModerationAction.objects.get().reason == "spam"
