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


class Message(models.Model):
    """One SMS or WhatsApp message: the outbox row it is sent from and its delivery record.

    Written in the transaction that causes it (``kernel.messaging.delivery``), sent once by
    ``kernel.tasks.send_message`` (the row is claimed with SKIP LOCKED and stamped in the
    same transaction), swept by ``send_pending_messages`` if the broker was down, and then
    moved on by the provider's delivery reports (``kernel.views``).
    """

    class Channel(models.TextChoices):
        SMS = "sms", _("SMS")
        WHATSAPP = "whatsapp", _("WhatsApp")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        DELIVERED = "delivered", _("Delivered")
        READ = "read", _("Read")
        FAILED = "failed", _("Not delivered")

    #: A report never moves a message back (they can arrive out of order).
    STATUS_RANK = {"pending": 0, "sent": 1, "failed": 2, "delivered": 3, "read": 4}

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    to = models.CharField(_("to"), max_length=16)
    template = models.CharField(_("template"), max_length=50)
    params = models.JSONField(_("parameters"), default=dict)
    language = models.CharField(_("language"), max_length=2, default="en")
    dedupe_key = models.CharField(_("dedupe key"), max_length=200, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    provider_id = models.CharField(_("provider's message id"), max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    status_at = models.DateTimeField(_("status reported"), null=True, blank=True)

    class Meta:
        verbose_name = _("SMS or WhatsApp message")
        verbose_name_plural = _("SMS and WhatsApp messages")
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "provider_id"],
                condition=~models.Q(provider_id=""),
                name="message_unique_provider_id",
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=["sms", "whatsapp"]), name="message_channel_known"
            ),
            models.CheckConstraint(
                condition=models.Q(status="pending")
                | ~models.Q(provider_id="")
                | models.Q(status="failed"),
                name="message_sent_has_provider_id",
            ),
        ]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(status="pending"),
                name="message_pending_idx",
            )
        ]

    def __str__(self) -> str:
        # No number: this shows in admin titles and breadcrumbs.
        return f"{self.channel} {self.template} #{self.pk} ({self.status})"
