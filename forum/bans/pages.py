"""The page that tells the banned why they may not do something, and until when, and the one
guard that answers with it for every action a banned member may no longer take."""

from functools import wraps

from django.shortcuts import render

from forum.core.instant import instant_response, wants_json

from .rules import member_ban

# What was refused, in the page's words: (heading, what the ban stops).
REFUSED = {
    "signup": "No sign-ups from this network",
    "comment": "No comments from here",
    "post": "No posts from here",
    "act": "Not while your account is banned",
}

# The fields of the guarded forms that hold what the member wrote: a comment's or post's body,
# the profile's about.
KEPT_FIELDS = ("body", "about")


def banned_page(request, notice, *, refused, text=""):
    """403 with templates/403.html: `notice` a forum.bans.rules.BanNotice, `refused` a key of
    REFUSED, `text` what the reader wrote, given back so that it is not lost."""
    context = {"ban": notice, "heading": REFUSED[refused], "refused": refused, "text": text}
    return render(request, "403.html", context, status=403)


def refuse_banned_members(view):
    """For a view that acts on others or shows something of the member's to others (edit a comment
    or post, vote, flag, mark nsfw, follow, the public about): a member under a ban in force gets
    the ban page for a POST, with what they typed given back. GETs pass: the banned may still read
    every page, including the forms they can no longer send. Logged-out requests pass to the view's
    own login handling. Goes below require_POST and the login decorators."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if request.method == "POST" and (notice := member_ban(request.user)):
            if wants_json(request):  # the page's script: the reason beside the control
                return instant_response(error=notice.message, status=403)
            text = next((request.POST[name] for name in KEPT_FIELDS if request.POST.get(name)), "")
            return banned_page(request, notice, refused="act", text=text)
        return view(request, *args, **kwargs)

    return guarded
