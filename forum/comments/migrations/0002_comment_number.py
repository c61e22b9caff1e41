from django.db import migrations, models

NUMBER_EVERY_THREAD = """
UPDATE comments_comment AS comment SET number = ordered.place
FROM (
    SELECT id, row_number() OVER (PARTITION BY post_id ORDER BY created_at, id) AS place
    FROM comments_comment WHERE status <> 'pending'
) AS ordered
WHERE comment.id = ordered.id;
UPDATE posts_post AS post SET comment_count = COALESCE(
    (SELECT count(*) FROM comments_comment WHERE post_id = post.id AND status <> 'pending'), 0
);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("posts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="number",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.RunSQL(NUMBER_EVERY_THREAD, migrations.RunSQL.noop),
        migrations.AddConstraint(
            model_name="comment",
            constraint=models.UniqueConstraint(
                deferrable=models.Deferrable["DEFERRED"],
                fields=("post", "number"),
                name="comments_one_number_per_place",
            ),
        ),
        migrations.AddConstraint(
            model_name="comment",
            constraint=models.CheckConstraint(
                condition=models.Q(("number__isnull", True), models.Q(("status", "pending"), _negated=True), _connector="OR"),
                name="comments_waiting_is_unnumbered",
            ),
        ),
    ]
