"""Member names as a reader sees them: which names read alike, and which a member may not take.

A name's skeleton is what is left once everything a reader cannot tell apart is folded together:
case, the separators `.`, `_` and `-`, and letters and digits that look alike in most fonts.
`Zz.yzzx`, `zz_yzzx` and `zzyzzx` share one skeleton; so do `landlord_larry` and
`Iandlord_larry` (a capital I), `quietobserver` and `quiet0bserver`, `admin` and `adm1n`.
The database keeps skeletons unique (accounts.models.User), so name_skeleton() and
username_skeleton_expression() must agree on every name: tests/accounts/test_names.py checks.
"""

import re

from django.db.models import F, Func, Value
from django.db.models.functions import Lower, Replace

SEPARATORS = "[-_.]"
# Characters that read alike, folded after lower-casing. 1, I, i and l are one letter: a capital I
# is an l in most sans-serif fonts (`Iandlord`), and 1 reads as l (`1andlord`) or as i (`adm1n`).
# Folding i too is what makes lower-casing first safe: I becomes i, then l, as l does.
LOOKALIKE_FROM = "i1053478"
LOOKALIKE_TO = "lloseatb"
LOOKALIKE_CHARACTERS = str.maketrans(LOOKALIKE_FROM, LOOKALIKE_TO)
# Pairs of letters that read as one, folded after the single characters (which never produce them).
LOOKALIKE_PAIRS = (("rn", "m"), ("vv", "w"))


def name_skeleton(name):
    """What a reader sees of a name: `Zz.yzzx`, `zz_yzzx` and `zzyzzx` are one person to them."""
    # Separators go first, so `r.n` folds to `m` as `rn` does.
    skeleton = re.sub(SEPARATORS, "", name).lower().translate(LOOKALIKE_CHARACTERS)
    for pair, letter in LOOKALIKE_PAIRS:
        skeleton = skeleton.replace(pair, letter)
    return skeleton


def username_skeleton_expression(source=None):
    """name_skeleton() in SQL, for the unique constraint and look-ups that use its index.

    `source` is the text to fold: the username column unless told otherwise. Every function used
    is IMMUTABLE in PostgreSQL, as an index expression must be.
    """
    unseparated = Func(source or F("username"), Value(SEPARATORS), Value(""), Value("g"), function="regexp_replace")
    skeleton = Func(Lower(unseparated), Value(LOOKALIKE_FROM), Value(LOOKALIKE_TO), function="translate")
    for pair, letter in LOOKALIKE_PAIRS:
        skeleton = Replace(skeleton, Value(pair), Value(letter))
    return skeleton


# Letters, digits and . _ - inside, never at either end: `zzyzzx.` would read as `zzyzzx`.
USERNAME_SHAPE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,28}[A-Za-z0-9])?$")

# The site's own words, compared by skeleton: `ad.min`, `Adm1n` and `r00t` are these too.
SITE_WORDS = (
    "admin", "administrator", "moderator", "moderators", "mod", "mods", "staff", "root", "system", "sysadmin",
    "patrick", "support", "security", "official", "anonymous", "webmaster", "postmaster", "hostmaster",
    "abuse", "noreply", "help", "team", "owner", "localhost",
)  # fmt: skip
SITE_WORD_SKELETONS = frozenset(name_skeleton(word) for word in SITE_WORDS)
# Words that claim authority anywhere in a name (`Patrick-Official`, `the_admin_team`).
AUTHORITY_SKELETONS = frozenset(name_skeleton(word) for word in ("admin", "moderator", "official"))
# An anonymous commenter is `anon_` + 5 hex digits. A name that starts like one with a separator
# (`anon_x`, `an0n-x`), or is `anon` and hex digits once folded (`a.n.o.n_1234a`), reads as one.
# In a skeleton the hex digits 0 1 3 4 5 7 8 have become o l e a s t b.
ANONYMOUS_WITH_SEPARATOR = re.compile(r"^anon[-_.]")
ANONYMOUS_SKELETON = re.compile(r"^anon[0-9a-flost]*$")
# A deleted account is renamed `deleted_` + its id (accounts/services.py): `deleted` and digits,
# folded as above (the digits 0 1 3 4 5 7 8 read as o l e a s t b), is never a member's name.
DELETED_SKELETON = re.compile(r"^deleted[0-9loseatb]*$")


def is_reserved_name(name):
    """Names a member may not take: ones that read as an anonymous commenter's, and the site's own words."""
    skeleton = name_skeleton(name)
    if any(word in skeleton for word in AUTHORITY_SKELETONS):
        return True
    # Each run between separators folded on its own: `an0n_x` reads `anon_x`, separator and all.
    with_separators = re.sub(r"[^-_.]+", lambda run: name_skeleton(run.group()), name)
    return (
        skeleton in SITE_WORD_SKELETONS
        or ANONYMOUS_SKELETON.match(skeleton) is not None
        or DELETED_SKELETON.match(skeleton) is not None
        or ANONYMOUS_WITH_SEPARATOR.match(with_separators) is not None
    )


# The last label of a web address: every two-letter country code, and the common generic ones.
COMMON_GENERIC_TLDS = (
    "com net org edu gov mil int info biz xyz top app dev site online shop store club live link click "
    "pro vip win bet fun icu buzz work life world space website tech news blog cloud email money loan "
    "casino xxx porn sex mobi name asia page zip mov"
).split()
GENERIC_TLD_SKELETONS = frozenset(name_skeleton(tld) for tld in COMMON_GENERIC_TLDS)
DOMAIN_ENDING = re.compile(r"\.([a-z0-9]+)$", re.IGNORECASE)
# An IP address, and the other marks of an address: `www.`, punycode, `.onion`.
DOTTED_ADDRESS = re.compile(r"^[0-9]+(?:\.[0-9]+)+$")
WEB_LOOKING = re.compile(r"^www[0-9]*\.|(?:^|\.)xn--|\.onion$|\.(?:i2p|local|localhost|internal)$", re.IGNORECASE)


def reads_as_domain(name):
    """`free-money.evil-example.com` or `shop.io` would read as a link in every byline.

    `john.smith` is fine. The last label is compared folded, so `shop.c0m` is `shop.com` too.
    """
    if DOTTED_ADDRESS.match(name) or WEB_LOOKING.search(name):
        return True
    ending = DOMAIN_ENDING.search(name)
    if not ending:
        return False
    label = name_skeleton(ending.group(1))
    return (len(label) == 2 and label.isalpha()) or label in GENERIC_TLD_SKELETONS
