"""The page that tells the banned why they may not do something, and until when."""

from django.shortcuts import render

# What was refused, in the page's words: (heading, what the ban stops).
REFUSED = {
    "signup": "No sign-ups from this network",
    "comment": "No comments from here",
    "post": "No posts from here",
}


def banned_page(request, notice, *, refused, text=""):
    """403 with templates/403.html: `notice` a forum.bans.rules.BanNotice, `refused` a key of
    REFUSED, `text` what the reader wrote, given back so that it is not lost."""
    context = {"ban": notice, "heading": REFUSED[refused], "refused": refused, "text": text}
    return render(request, "403.html", context, status=403)
