from procrastinate import RetryStrategy

# For work that talks to another server (the mail server): retried 2, 4, 8 ... seconds after
# each failure, the last of 16 retries about 18 hours after the one before, so an outage of a
# day and a half loses nothing. What fails after that stays in the jobs table as failed.
OUTAGE_PROOF = RetryStrategy(max_attempts=16, exponential_wait=2)
