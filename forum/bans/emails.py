"""One spelling per mailbox, so that a banned address cannot sign up again as a look-alike.

- Case: the whole address is lowercased. The local part is case-sensitive in principle, but no
  mail service in use treats `Bob@` and `bob@` as two people.
- Tags: everything from the first `+` in the local part is dropped, for every domain. Gmail,
  Outlook, iCloud, Fastmail, Proton and most others deliver `bob+anything@` to `bob@`; at the few
  that do not, the address banned and the look-alike still differ only by a tag its owner chose.
- Dots: dropped from the local part at gmail.com and googlemail.com (the same mailboxes), where
  `b.o.b@` is `bob@`. Elsewhere a dot is part of the name (`j.smith@` and `js.mith@` are two
  people at most providers), so it is kept.
- The domain loses a trailing dot (`example.com.` is `example.com`).
"""

GMAIL_DOMAINS = frozenset({"gmail.com", "googlemail.com"})


def normalized_email(address: str) -> str:
    address = (address or "").strip().lower()
    local, at, domain = address.rpartition("@")
    if not at:
        return address
    domain = domain.rstrip(".")
    local = local.split("+", 1)[0]
    if domain in GMAIL_DOMAINS:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"
