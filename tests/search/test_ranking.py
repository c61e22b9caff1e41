"""What a search finds and in which order, on English text as members write it."""

import pytest

from forum.comments.models import Comment
from forum.posts.models import Post
from forum.search import results
from tests.factories import make_comment, make_post

from .conftest import text_of, titles_in

pytestmark = pytest.mark.django_db


def test_words_find_their_other_forms(search):
    make_post(title="Starter homes", body="Houses near the station sold within a week.")
    make_post(title="Used cars", body="Prices finally came back to earth.")
    assert titles_in(search("housing")) == ["Starter homes"]
    assert titles_in(search("selling")) == []  # "sold" is another word, not a form of "sell"
    assert titles_in(search("price")) == ["Used cars"]


def test_a_quoted_phrase_needs_its_words_together(search):
    make_post(title="Open house weekend", body="Every place had a bidding war by Sunday.")
    make_post(title="Foreign news", body="The war in the north ended; bidding for contracts began.")
    assert titles_in(search('"bidding war"')) == ["Open house weekend"]
    assert sorted(titles_in(search("bidding war"))) == ["Foreign news", "Open house weekend"]


def test_a_minus_word_leaves_out_what_has_it(search):
    make_post(title="Rent is up again", body="My landlord wants twelve percent more.")
    make_post(title="Rent in Portland", body="Still cheaper than Seattle.")
    assert titles_in(search("rent -landlord")) == ["Rent in Portland"]


def test_or_finds_either_word(search):
    make_post(title="Tulips", body="The tulip bubble, again.")
    make_post(title="Daffodils", body="Spring flowers.")
    make_post(title="Roses", body="Summer flowers.")
    assert sorted(titles_in(search("tulips OR daffodils"))) == ["Daffodils", "Tulips"]
    assert titles_in(search("tulips daffodils")) == []  # both words, without OR


def test_a_word_in_the_title_ranks_above_the_same_word_in_the_body(search):
    make_post(title="Mortgage rates hold steady", body="The Fed changed nothing this month.")
    make_post(title="A quiet month", body="Nothing much happened, except that mortgage applications fell.")
    assert titles_in(search("mortgage")) == ["Mortgage rates hold steady", "A quiet month"]


def test_a_title_typed_whole_comes_first(search):
    make_post(title="Rent control", body="Landlords had plenty to say about it at the meeting. " * 20)
    make_post(title="Rent control works", body="Rent control keeps rents controlled.")
    # Ranked by relevance the second wins (more matches in less text)...
    assert titles_in(search("rent controls")) == ["Rent control works", "Rent control"]
    # ...but the post whose title is exactly what was typed (in any case, quoted or not) comes first.
    assert titles_in(search("rent CONTROL")) == ["Rent control", "Rent control works"]
    assert titles_in(search('"rent control"')) == ["Rent control", "Rent control works"]


def test_a_title_of_only_common_words_is_found_by_typing_it(search):
    make_post(title="To be or not to be", body="Hamlet, on buying versus renting.")
    assert titles_in(search("to be or not to be")) == ["To be or not to be"]
    assert "No posts found" in text_of(search("to be"))


def test_matches_are_highlighted_in_title_and_snippet(search):
    make_post(title="Lumber prices are back down", body="Builders say lumber is cheap again.")
    page = search("lumber").content.decode()
    assert "<mark>Lumber</mark> prices are back down" in page
    assert "Builders say <mark>lumber</mark> is cheap again" in page


def test_comments_are_found_ranked_and_link_to_their_place(search):
    post = make_post(title="Property taxes")
    once = make_comment(post, body="Our assessment went up, and so did everything else.")
    twice = make_comment(post, body="The assessment is wrong; appeal the assessment, assessments get cut.")
    make_comment(post, body="Nothing to do with it.")
    page = search("assessed", **{"in": "comments"}).content.decode()
    assert page.index(f'href="{twice.get_absolute_url()}"') < page.index(f'href="{once.get_absolute_url()}"')
    assert page.count('class="post-row search-result"') == 2
    assert "<mark>assessment</mark>" in page


def test_the_stored_vector_follows_edits_of_posts_and_comments(search):
    post = make_post(title="Solar panels", body="The HOA said no.")
    comment = make_comment(post, body="Appeal to the board.")
    post.set_title("Heat pumps")
    post.set_body("The HOA said yes.")
    post.save()
    Comment.objects.filter(pk=comment.pk).update(body="Ask the council.")
    assert titles_in(search("solar")) == [] and titles_in(search("heat pump")) == ["Heat pumps"]
    assert "No comments found" in text_of(search("board", **{"in": "comments"}))
    assert comment.get_absolute_url() in search("council", **{"in": "comments"}).content.decode()


def test_only_the_newest_matches_are_ranked(search, monkeypatch):
    monkeypatch.setattr(results, "CANDIDATES", 2)
    oldest = make_post(title="Inflation, inflation, inflation", body="Inflation everywhere.")
    make_post(title="Groceries", body="Inflation report: groceries up.")
    make_post(title="Gasoline", body="Inflation report: gasoline down.")
    found = titles_in(search("inflation"))
    assert sorted(found) == ["Gasoline", "Groceries"] and oldest.title not in found
    assert titles_in(search(oldest.title))[0] == oldest.title  # typed whole, it is still found


def test_posts_page_twenty_at_a_time_to_the_last_page(search):
    for number in range(25):
        make_post(title=f"Housing report {number}", body="Housing is up.")
    first, second = search("housing"), search("housing", page=2)
    assert len(titles_in(first)) == 20 and "Next »" in text_of(first)
    assert len(titles_in(second)) == 5 and "Next »" not in text_of(second) and "« Previous" in text_of(second)
    assert sorted(titles_in(first) + titles_in(second)) == sorted(Post.objects.values_list("title", flat=True))
    assert "No more results" in text_of(search("housing", page=3))


def test_pages_past_the_last_one_searched_are_refused(search, db):
    assert search("housing", page=results.MAX_PAGES).status_code == 200
    assert search("housing", page=results.MAX_PAGES + 1).status_code == 404
