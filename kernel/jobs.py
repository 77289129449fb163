"""Durable hand-off of background work to Celery.

``enqueue_after_commit`` records the task call as a ``Job`` row in the caller's
transaction and hands it to Celery once that transaction commits; a rollback drops both.
A broker that cannot be reached loses nothing: the row stays undispatched, and the
``dispatch_pending_jobs`` beat task hands it over once the broker is back.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from celery import current_app
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kernel.models import Job

logger = logging.getLogger(__name__)

#: How many undispatched jobs one sweep hands over.
SWEEP_BATCH = 500
#: Dispatched jobs are kept this long for operations to look at, then deleted.
KEEP_DISPATCHED = timedelta(days=7)


def enqueue_after_commit(task: Any, *args: Any) -> Job:
    """Record ``task.delay(*args)`` now and hand it to Celery after the transaction commits.

    ``args`` must be JSON-serialisable (ids, not objects), as Celery needs anyway. Outside
    a transaction the job is handed over at once.
    """
    job = Job.objects.create(task=task.name, args=list(args))
    transaction.on_commit(lambda: dispatch(job))
    return job


def send_after_commit(task: Any, *args: Any) -> None:
    """Hand ``task`` to Celery after commit, for work that its own row already records
    (the order email outbox and its sweep): no Job row, and a broker error is only logged."""
    transaction.on_commit(lambda: _send(task, args))


def _send(task: Any, args: tuple) -> None:
    try:
        task.apply_async(args=list(args))
    except Exception:  # broker unreachable: the caller's own sweep picks the row up
        logger.warning("Could not hand %s%r to Celery; left for its sweep", task.name, args)


def dispatch(job: Job) -> bool:
    """Hand one job to Celery and stamp it; False (logged, left pending) if that failed."""
    try:
        current_app.tasks[job.task].apply_async(args=job.args)
    except Exception:  # broker unreachable (or, eager, the task failed): retried by the sweep
        Job.objects.filter(pk=job.pk).update(attempts=F("attempts") + 1)
        logger.warning("Job %s (%s) not handed over; left for the sweep", job.pk, job.task)
        return False
    Job.objects.filter(pk=job.pk).update(dispatched_at=timezone.now(), attempts=F("attempts") + 1)
    return True


def dispatch_pending(*, older_than: timedelta) -> int:
    """Hand over the jobs recorded at least ``older_than`` ago that Celery never got; forget
    the long-dispatched ones. Returns how many were handed over."""
    now = timezone.now()
    Job.objects.filter(dispatched_at__lt=now - KEEP_DISPATCHED).delete()
    pending = Job.objects.filter(dispatched_at__isnull=True, created_at__lte=now - older_than)
    return sum(dispatch(job) for job in pending.order_by("pk")[:SWEEP_BATCH])
