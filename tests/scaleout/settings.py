"""The two app servers' settings: the suite's, with allauth's rate limits as in production (the
rest of the suite switches them off; the scale-out tests check that they hold across servers)."""

from tests.settings import *  # noqa: F403

del ACCOUNT_RATE_LIMITS  # noqa: F821 - allauth's defaults, as production has them
