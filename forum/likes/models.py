"""Likes and dislikes of posts and comments: one per member per item, changed or taken back.

Each item keeps its counts (like_count, dislike_count) so lists and pages never count rows; the
counts change only through services.py, in the transaction that changes the row, so they always
equal the rows.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Like(models.Model):
    class Vote(models.IntegerChoices):
        LIKE = 1, "like"
        DISLIKE = -1, "dislike"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="likes")
    post = models.ForeignKey("posts.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="likes")
    comment = models.ForeignKey(
        "comments.Comment", null=True, blank=True, on_delete=models.CASCADE, related_name="likes"
    )
    vote = models.SmallIntegerField(choices=Vote.choices)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(post__isnull=True, comment__isnull=False) | Q(post__isnull=False, comment__isnull=True),
                name="likes_like_one_item",
            ),
            models.UniqueConstraint(
                fields=["user", "post"], condition=Q(post__isnull=False), name="likes_once_per_post"
            ),
            models.UniqueConstraint(
                fields=["user", "comment"], condition=Q(comment__isnull=False), name="likes_once_per_comment"
            ),
        ]

    def __str__(self):
        item = f"post {self.post_id}" if self.post_id else f"comment {self.comment_id}"
        return f"{self.user} {self.get_vote_display()}s {item}"
