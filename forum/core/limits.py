"""Counting in the shared cache (a PostgreSQL table, or Redis with REDIS_URL) across every
process and app server, with `add` only: it is atomic in both, where the database cache's `incr`
reads, then writes (two processes can count one), and sets the key's expiry back to the default
timeout (5 minutes), so a count kept with it quietly starts again."""


def take_slot(cache, prefix, limit, timeout):
    """Claim one of `limit` keys, each of which lives `timeout` seconds from its claim: at most
    `limit` claims in any `timeout` seconds (a sliding window). Usually two round trips: which
    keys are taken, then the first free one (the next if another worker took it meanwhile)."""
    keys = [f"{prefix}:{slot}" for slot in range(limit)]
    taken = cache.get_many(keys)
    return any(cache.add(key, 1, timeout=timeout) for key in keys if key not in taken)
