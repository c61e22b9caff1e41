from datetime import timedelta

from django.conf import settings
from django.db import connection, models
from django.utils import timezone


class EmailSettings(models.Model):
    """Which emails a member receives. A member without a row has every switch on: the defaults,
    without a row per member who never opened the page.

    Emails for @mentions are switched by User.summonable (accounts), the one truth of whether
    others may summon a member by name."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="email_settings"
    )
    watched_comments = models.BooleanField("new comments on posts I watch", default=True)
    followed_posts = models.BooleanField("new posts by members I follow", default=True)
    new_follower = models.BooleanField("a new follower", default=True)
    watch_on_comment = models.BooleanField("commenting on a post watches it", default=True)

    # The switches an unsubscribe link may turn off (links.py), with what the page says it stops.
    EMAIL_SWITCHES = {
        "watched_comments": "emails of new comments on the posts you watch",
        "followed_posts": "emails of new posts by the members you follow",
        "new_follower": "emails when someone follows you",
    }

    class Meta:
        verbose_name_plural = "email settings"

    def __str__(self):
        return f"email settings of {self.user_id}"

    @classmethod
    def of(cls, user):
        """The member's settings, unsaved defaults if they never changed any."""
        return cls.objects.filter(user=user).first() or cls(user=user)

    @classmethod
    def switch_off(cls, user, switch):
        """One statement whether or not the member has a row: a link may be clicked twice at once."""
        cls.objects.bulk_create(
            [cls(user=user, **{switch: False})], update_conflicts=True, unique_fields=["user"], update_fields=[switch]
        )

    @classmethod
    def watches_on_comment(cls, user):
        return not cls.objects.filter(user=user, watch_on_comment=False).exists()


class FollowerEmail(models.Model):
    """When a member was last told that another now follows them: following, unfollowing and
    following again is news once, not an email per click (tasks.send_email claims it)."""

    # Someone who unfollows and follows again after this long is news again.
    INTERVAL = timedelta(days=30)

    follower = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    followed = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["followed", "follower"], name="notifications_follower_email_once")
        ]

    def __str__(self):
        return f"{self.followed_id} told of follower {self.follower_id}"

    @classmethod
    def sent_recently(cls, *, follower_id, followed_id):
        since = timezone.now() - cls.INTERVAL
        return cls.objects.filter(follower_id=follower_id, followed_id=followed_id, sent_at__gt=since).exists()

    @classmethod
    def claim(cls, *, follower_id, followed_id):
        """Record the email as sent now, unless one was within INTERVAL: True when this one may go.
        One statement, so two workers cannot both claim a pair; call it in the transaction that
        sends, so that a send that fails leaves no claim behind for its retry to trip on."""
        table = cls._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {table} AS sent (follower_id, followed_id, sent_at) VALUES (%s, %s, now())
                ON CONFLICT (followed_id, follower_id) DO UPDATE SET sent_at = EXCLUDED.sent_at
                WHERE sent.sent_at <= EXCLUDED.sent_at - %s
                RETURNING 1
                """,
                [follower_id, followed_id, cls.INTERVAL],
            )
            return cursor.fetchone() is not None


class AnnouncedComment(models.Model):
    """A comment whose watchers and mentioned members were told of it. A comment can be approved,
    held and approved again (comments_set_status calls events.comment_published each time): its
    emails go out once (tasks.fan_out_comment claims it). Only the key: one row per comment."""

    comment = models.OneToOneField("comments.Comment", on_delete=models.CASCADE, primary_key=True, related_name="+")

    def __str__(self):
        return f"comment {self.comment_id} announced"

    @classmethod
    def claim(cls, comment_id):
        """True for the first caller only; in the transaction that defers the emails."""
        return _claim_once(cls, "comment_id", comment_id)


class AnnouncedPost(models.Model):
    """A post whose followers and mentioned members were told of it: once, however often it is
    published (held and approved again), and however often its fan-out job runs (a worker killed
    after the job deferred the emails, before it was marked done, has it run again)."""

    post = models.OneToOneField("posts.Post", on_delete=models.CASCADE, primary_key=True, related_name="+")

    def __str__(self):
        return f"post {self.post_id} announced"

    @classmethod
    def claim(cls, post_id):
        """True for the first caller only; in the transaction that defers the emails."""
        return _claim_once(cls, "post_id", post_id)


def _claim_once(model, column, key):
    """Insert the one-column row; True if this call inserted it (two workers at once: one True)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {model._meta.db_table} ({column}) VALUES (%s) ON CONFLICT DO NOTHING RETURNING 1", [key]
        )
        return cursor.fetchone() is not None


class Delivery(models.Model):
    """One email job's message, as handed to the mail server (delivery.py).

    Written, and committed, before the first attempt sends: every retry of the job (after a mail
    server error, or after its worker was killed) sends the same Message-ID, which lets a mailbox
    that got both copies of an ambiguous send (the server took the message, the worker died before
    its answer) show one. `sent_at` is set as soon as the server accepts the message, before the job
    is marked done: a retry of a job whose email went out sends nothing."""

    job_id = models.BigIntegerField(primary_key=True)  # procrastinate_jobs.id, kept by every retry
    message_id = models.CharField(max_length=255)
    sent_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name_plural = "deliveries"

    def __str__(self):
        return f"email of job {self.job_id}"

    @classmethod
    def begin(cls, job_id, message_id):
        """The job's (message_id, sent_at): message_id recorded now for its first attempt, the
        recorded one for a retry. One statement, committed on its own (outside any transaction)."""
        table = cls._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {table} AS delivery (job_id, message_id) VALUES (%s, %s)
                ON CONFLICT (job_id) DO UPDATE SET message_id = delivery.message_id
                RETURNING message_id, sent_at
                """,
                [job_id, message_id],
            )
            return cursor.fetchone()

    @classmethod
    def mark_sent(cls, job_id):
        cls.objects.filter(pk=job_id).update(sent_at=timezone.now())
