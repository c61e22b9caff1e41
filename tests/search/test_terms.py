from forum.search.terms import MAX_QUERY_CHARS, Terms


def test_nul_control_and_direction_characters_become_spaces():
    terms = Terms.from_input("rent\x00control\x07now\u202eplease\ud800x")
    assert terms.text == "rent control now please x"


def test_whitespace_is_collapsed_and_blank_input_is_no_search():
    assert Terms.from_input("  bidding \t\n war  ").text == "bidding war"
    assert not Terms.from_input(" \x00\t ")
    assert not Terms.from_input(None)


def test_long_input_is_cut_and_says_so():
    terms = Terms.from_input("word " * 2000)
    assert len(terms.text) <= MAX_QUERY_CHARS and terms.was_cut
    assert not Terms.from_input("word " * 10).was_cut


def test_a_quoted_title_is_still_that_title():
    assert Terms.from_input('"Rent control"').as_title == "Rent control"


def test_a_long_query_is_cut_between_words():
    terms = Terms.from_input("tulips " * 100)
    assert terms.text.endswith("tulips") and len(terms.text) <= MAX_QUERY_CHARS
    assert Terms.from_input("x" * 500).text == "x" * MAX_QUERY_CHARS
