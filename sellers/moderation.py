"""Staff decisions on artisans: approve, reject, suspend.

Each decision locks the profile, checks the move is allowed, writes the new status and a
``ModerationDecision`` audit row, and after commit enqueues one email to the artisan.
Suspension takes effect at once: ``Product.objects.live()`` only shows products of
approved artisans, so nothing of theirs is public from the moment this commits.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from kernel.jobs import enqueue_after_commit
from sellers.models import ModerationDecision, SellerProfile
from sellers.tasks import send_moderation_email

Status = SellerProfile.Status

#: Which statuses each decision may be taken from.
ALLOWED_FROM: dict[str, frozenset[str]] = {
    ModerationDecision.Decision.APPROVED: frozenset(
        {Status.PENDING, Status.REJECTED, Status.SUSPENDED}
    ),
    ModerationDecision.Decision.REJECTED: frozenset({Status.PENDING}),
    ModerationDecision.Decision.SUSPENDED: frozenset({Status.APPROVED}),
}


class ModerationError(ValidationError):
    """The decision does not apply to the artisan's current status."""


def approve_seller(*, profile: SellerProfile, by: User) -> ModerationDecision:
    """Approve a pending (or previously rejected or suspended) artisan."""
    return _decide(profile=profile, by=by, decision=ModerationDecision.Decision.APPROVED)


def reject_seller(*, profile: SellerProfile, by: User, reason: str) -> ModerationDecision:
    """Reject a pending application; the artisan is told the reason."""
    return _decide(
        profile=profile, by=by, decision=ModerationDecision.Decision.REJECTED, reason=reason
    )


def suspend_seller(*, profile: SellerProfile, by: User, reason: str) -> ModerationDecision:
    """Suspend an approved artisan: all their products leave the public site at once."""
    return _decide(
        profile=profile, by=by, decision=ModerationDecision.Decision.SUSPENDED, reason=reason
    )


@transaction.atomic
def _decide(
    *, profile: SellerProfile, by: User, decision: str, reason: str = ""
) -> ModerationDecision:
    reason = reason.strip()
    if decision != ModerationDecision.Decision.APPROVED and not reason:
        raise ModerationError(_("Give a reason: the artisan will read it."), code="no_reason")
    locked = SellerProfile.objects.select_for_update().get(pk=profile.pk)
    if locked.status not in ALLOWED_FROM[decision]:
        raise ModerationError(
            _("%(artisan)s is “%(status)s”; this decision does not apply."),
            code="bad_status",
            params={"artisan": locked.display_name, "status": locked.get_status_display()},
        )
    locked.status = decision  # the decision values are the matching statuses
    locked.reviewed_at = timezone.now()
    locked.rejection_reason = reason if decision == ModerationDecision.Decision.REJECTED else ""
    locked.save(update_fields=["status", "reviewed_at", "rejection_reason", "updated_at"])
    record = ModerationDecision.objects.create(
        profile=locked, decision=decision, reason=reason, decided_by=by
    )
    # Keep the caller's instance in step with the database.
    profile.status = locked.status
    profile.reviewed_at = locked.reviewed_at
    profile.rejection_reason = locked.rejection_reason

    enqueue_after_commit(send_moderation_email, record.pk)
    return record
