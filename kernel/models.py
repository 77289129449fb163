"""The job outbox: background work recorded with the change that asks for it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """A Celery task call written in the same transaction as the change that needs it.

    ``kernel.jobs.enqueue_after_commit`` hands it to the broker after commit and stamps
    ``dispatched_at``; if the broker was down, ``dispatch_pending_jobs`` (beat) hands it
    over later. Tasks are idempotent, so a job handed over twice does no harm.
    """

    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    dispatched_at = models.DateTimeField(_("handed to the broker"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(dispatched_at__isnull=True),
                name="job_pending_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"
