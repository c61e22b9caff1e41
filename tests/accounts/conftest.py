import pytest


@pytest.fixture
def rate_limits(settings):
    """rate_limits(action=rate, ...): allauth's limits switched on (the suite runs without them),
    each action given replacing allauth's default rate for it."""

    def switch_on(**rates):
        settings.ACCOUNT_RATE_LIMITS = rates

    return switch_on
