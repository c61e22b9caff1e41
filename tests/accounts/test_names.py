"""Names that read alike are one name; names a member may not take."""

import string

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection
from django.db.models import Value
from django.db.models.sql import Query
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from accounts.names import is_reserved_name, name_skeleton, reads_as_domain, username_skeleton_expression
from tests.factories import make_user

User = get_user_model()
ALPHABET = string.ascii_letters + string.digits + "._-"
# Runs of the characters the skeleton folds, so that examples hit the folds often.
LOOKALIKE_RUNS = ["I", "i", "l", "L", "1", "0", "o", "O", "5", "s", "3", "e", "4", "a", "7", "t", "8", "b"]
LOOKALIKE_RUNS += ["rn", "r", "n", "m", "vv", "v", "w", "W", "RN", "VV", ".", "_", "-"]
names = st.one_of(
    st.text(alphabet=ALPHABET, min_size=1, max_size=30),
    st.lists(st.sampled_from(LOOKALIKE_RUNS), min_size=1, max_size=15).map("".join),
)


def sql_skeletons(texts):
    """username_skeleton_expression() evaluated by PostgreSQL on each text, in one query."""
    query = Query(User)
    compiler = query.get_compiler(connection=connection)
    parts = [compiler.compile(username_skeleton_expression(Value(text)).resolve_expression(query)) for text in texts]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(sql for sql, _ in parts), [p for _, params in parts for p in params])
        return list(cursor.fetchone())


@pytest.mark.django_db
@hypothesis_settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(names, min_size=1, max_size=25))
def test_python_and_the_database_fold_every_name_alike(texts):
    assert sql_skeletons(texts) == [name_skeleton(text) for text in texts]


@pytest.mark.parametrize(
    ("name", "lookalike"),
    [
        ("zzyzzx", "Zz.yzzx"),
        ("zzyzzx", "zz_yzzx"),
        ("landlord_larry", "Iandlord_larry"),  # a capital I
        ("landlord_larry", "1andlord_larry"),
        ("quietobserver", "quiet0bserver"),
        ("admin", "adm1n"),
        ("sfmarcus", "5fmarcu5"),
        ("desertrat", "d3s3rtr4t"),
        ("oldsalt", "0ld5al7"),
        ("bob", "8o8"),
        ("mountainmama", "rnountainrnama"),
        ("wes", "vves"),
        ("mountainmama", "r.nountainmama"),  # separators go before the pairs
    ],
)
def test_names_that_read_alike_share_a_skeleton(name, lookalike):
    assert name_skeleton(name) == name_skeleton(lookalike)


@pytest.mark.parametrize(("one", "other"), [("john", "jane"), ("bill", "bull"), ("marcus", "rnarcos"), ("wes", "ves")])
def test_names_that_read_differently_do_not(one, other):
    assert name_skeleton(one) != name_skeleton(other)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "lookalike"),
    [("landlord_larry", "Iandlord_larry"), ("quietobserver", "quiet0bserver"), ("mountainmama", "rnountainmama")],
)
def test_the_database_refuses_a_lookalike_of_a_members_name(member, lookalike):
    make_user(member)
    with pytest.raises(IntegrityError):
        make_user(lookalike)


def sign_up(client, username):
    data = {
        "username": username,
        "email": "new@example.com",
        "password1": "a long passphrase",
        "password2": "a long passphrase",
    }
    return client.post(reverse("account_signup"), data)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "lookalike"), [("landlord_larry", "Iandlord_larry"), ("quietobserver", "quiet0bserver"), ("wes", "vves")]
)
def test_signup_refuses_a_lookalike_of_a_members_name(client, member, lookalike):
    make_user(member)
    response = sign_up(client, lookalike)
    assert response.status_code == 200 and "too close to a member" in response.content.decode()
    assert not User.objects.filter(username=lookalike).exists()


RESERVED_LOOKALIKES = [
    "adm1n",
    "AdmIn",
    "4dmin",
    "r00t",
    "5ystem",
    "patr1ck",
    "m0derat0r",
    "st4ff",
    "an0n_12345",
    "an0n.xyz",
]


@pytest.mark.parametrize("name", RESERVED_LOOKALIKES + ["admin", "anon_1a2b3", "a.n.o.n_1234a", "ANON"])
def test_names_that_read_as_the_sites_own_or_an_anonymous_one_are_reserved(name):
    assert is_reserved_name(name)


@pytest.mark.parametrize("name", ["adamant", "anonymously", "rooted", "johnq", "staffan", "patrick_h"])
def test_ordinary_names_are_not_reserved(name):
    assert not is_reserved_name(name)


@pytest.mark.django_db
@pytest.mark.parametrize("name", RESERVED_LOOKALIKES)
def test_signup_refuses_a_reserved_name_written_with_lookalikes(client, name):
    response = sign_up(client, name)
    assert response.status_code == 200 and "reserved" in response.content.decode()
    assert not User.objects.exists()


DOMAINS = [
    "free-money.evil-example.com",
    "shop.io",
    "Buy.NOW.xyz",
    "john.de",
    "example.co.uk",
    "shop.c0m",
    "deals.online",
]


@pytest.mark.parametrize("name", DOMAINS)
def test_names_that_read_as_a_web_address_are_refused(name):
    assert reads_as_domain(name)


@pytest.mark.parametrize("name", ["john.smith", "j.r.tolkien", "mr.robot", "commuter99", "dot.comet"])
def test_names_with_dots_that_are_no_address_are_fine(name):
    assert not reads_as_domain(name)


@pytest.mark.django_db
@pytest.mark.parametrize("name", DOMAINS)
def test_signup_refuses_a_name_that_reads_as_a_web_address(client, name):
    response = sign_up(client, name)
    assert response.status_code == 200 and "web address" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_signup_accepts_a_dotted_name(client):
    assert sign_up(client, "john.smith").status_code == 302


@pytest.mark.parametrize(
    "name",
    ["127.0.0.1", "localhost", "www.patrick", "x.onion", "evil.xn--p1ai", "sysadmin", "support", "security",
     "official", "Patrick-Official", "anonymous", "s3curity"],
)  # fmt: skip
def test_names_that_read_as_an_address_or_as_the_site_are_refused(name):
    from accounts.names import is_reserved_name, reads_as_domain

    assert reads_as_domain(name) or is_reserved_name(name)
