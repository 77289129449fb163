"""The kernel's periodic task: hand over background jobs the broker missed."""

from datetime import timedelta

from celery import shared_task

from kernel.jobs import dispatch_pending


@shared_task
def dispatch_pending_jobs(older_than_seconds: int = 60) -> int:
    """Re-send jobs recorded while the broker was down (beat runs this every two minutes)."""
    return dispatch_pending(older_than=timedelta(seconds=older_than_seconds))
