"""A member's name is printed in every comment they wrote, in cached thread pages too: renaming a
member moves those threads' cache keys on (forum/threads/cache.py)."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from forum.core.pagecache import sitewide_changed
from forum.posts.models import Post

from .models import Comment

User = get_user_model()


@receiver(pre_save, sender=User, dispatch_uid="comments-note-name-before-save")
def note_the_name_before_saving(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None or (update_fields is not None and "username" not in update_fields):
        return  # e.g. a login writing last_login: no query for that
    instance._username_before_save = sender.objects.filter(pk=instance.pk).values_list("username", flat=True).first()


@receiver(post_save, sender=User, dispatch_uid="comments-member-renamed")
def refresh_threads_of_a_renamed_member(sender, instance, raw=False, **kwargs):
    # After the save, not before: a page cached between the two would keep the old name.
    before = getattr(instance, "_username_before_save", None)
    if not raw and before is not None and before != instance.username:
        threads = Comment.objects.filter(author_id=instance.pk).values("post_id")
        Post.objects.filter(pk__in=threads).mark_threads_changed()
        Post.objects.filter(author_id=instance.pk).mark_threads_changed()  # their bylines
        sitewide_changed()  # lists show authors' names
