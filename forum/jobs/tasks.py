"""The queue's own housekeeping, run by the workers on a clock."""

from django.conf import settings
from procrastinate import builtin_tasks
from procrastinate.contrib.django import app

HOUSEKEEPING = "housekeeping"


@app.periodic(cron="* * * * *", periodic_id="retry_stalled_jobs")
@app.task(queue=HOUSEKEEPING, queueing_lock="retry_stalled_jobs", pass_context=True)
async def retry_stalled_jobs(context, timestamp):
    """A worker killed mid-job (SIGKILL, a lost machine) leaves its jobs `doing` for ever:
    once its heartbeat is older than JOBS_STALLED_AFTER_SECONDS they go back in the queue.
    A job cut off halfway so runs again, and must be safe to: an email job sends nothing if its
    email went out, and sends it again as the same message (one Message-ID) if the worker died
    while the mail server was answering (forum/notifications/delivery.py). Never lost."""
    manager = context.app.job_manager
    stalled = await manager.get_stalled_jobs(seconds_since_heartbeat=settings.JOBS_STALLED_AFTER_SECONDS)
    for job in stalled:
        await manager.retry_job(job)


@app.periodic(cron="17 4 * * *", periodic_id="remove_old_jobs")
@app.task(queue=HOUSEKEEPING, queueing_lock="remove_old_jobs", pass_context=True)
async def remove_old_jobs(context, timestamp):
    """Finished jobs are a record of what was sent; kept JOBS_KEEP_FINISHED_HOURS, failed ones too."""
    await builtin_tasks.remove_old_jobs(
        context, max_hours=settings.JOBS_KEEP_FINISHED_HOURS, remove_failed=True, remove_cancelled=True
    )
