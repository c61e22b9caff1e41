"""Background jobs: procrastinate, with its queue in our PostgreSQL.

A job is a row written in the transaction of the change that causes it (procrastinate's Django
connector uses Django's own connection), so a rolled-back change leaves no job and a committed
one cannot lose its job. Workers (`manage.py procrastinate worker`) run them, retry failures
with backoff, and retry the jobs of a worker that died (tasks.py).
"""
