from django.contrib.auth import get_user_model
from django.db.models import BigIntegerField, F, Func, Subquery, Value
from django.db.models.functions import Coalesce

from forum.posts.models import Post


def site_totals():
    """(comments, members) in one query: the comments are the sum of the threads' comment counts
    over published posts, the number each list row shows (no count over millions of comment
    rows), and the members every account not deleted or deactivated.

    SUM and COUNT as plain functions, not Django's aggregates, which would add a GROUP BY."""
    comments = Post.objects.visible().order_by()
    comments = comments.values(total=Coalesce(_sql("SUM", F("comment_count")), 0, output_field=BigIntegerField()))
    members = get_user_model().objects.filter(is_active=True).order_by()
    row = members.values(member_total=_sql("COUNT", Value(1)), comment_total=Subquery(comments)).get()
    return int(row["comment_total"]), int(row["member_total"])


def _sql(function, expression):
    return Func(expression, function=function, output_field=BigIntegerField())
