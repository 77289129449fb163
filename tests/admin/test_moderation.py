"""Approving, rejecting and suspending artisans changes what the public sees and tells them once."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail

from catalog.models import Product
from sellers.models import ModerationDecision, SellerProfile
from sellers.moderation import ModerationError, approve_seller, reject_seller, suspend_seller
from sellers.tasks import send_moderation_email
from tests.admin.conftest import OPERATIONS, make_staff, sign_in_with_code
from tests.factories import ProductFactory, SellerFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/sellers/sellerprofile/"


def _action(client, action, profiles, follow=False, **extra):
    data = {"action": action, "_selected_action": [p.pk for p in profiles], **extra}
    return client.post(CHANGELIST, data, follow=follow)


@pytest.fixture
def staff(client):
    user = make_staff(group=OPERATIONS)
    sign_in_with_code(client, user)
    return user


def test_approving_a_pending_artisan_makes_their_products_live_and_emails_once(
    client, staff, django_capture_on_commit_callbacks
):
    seller = SellerFactory(status=SellerProfile.Status.PENDING)
    product = ProductFactory(seller=seller)
    assert not Product.objects.live().filter(pk=product.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = _action(client, "approve_selected", [seller])

    assert response.status_code == 302
    seller.refresh_from_db()
    assert seller.status == SellerProfile.Status.APPROVED
    assert seller.reviewed_at is not None
    assert Product.objects.live().filter(pk=product.pk).exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [seller.user.email]
    assert "approved" in mail.outbox[0].subject
    assert mail.outbox[0].alternatives[0][1] == "text/html"

    decision = ModerationDecision.objects.get(profile=seller)
    assert decision.notified_at is not None
    assert send_moderation_email(decision.pk) is False  # a retry sends nothing
    assert len(mail.outbox) == 1
    assert LogEntry.objects.filter(object_id=str(seller.pk), user=staff).count() == 1


def test_product_page_appears_after_approval(client, staff, django_capture_on_commit_callbacks):
    seller = SellerFactory(status=SellerProfile.Status.PENDING)
    product = ProductFactory(seller=seller)
    assert client.get(product.get_absolute_url()).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        _action(client, "approve_selected", [seller])
    assert client.get(product.get_absolute_url()).status_code == 200


def test_rejecting_asks_for_a_reason_first_and_changes_nothing_until_given(client, staff):
    seller = SellerFactory(status=SellerProfile.Status.PENDING)

    response = _action(client, "reject_selected", [seller])
    assert response.status_code == 200
    assert b'name="reason"' in response.content
    response = _action(client, "reject_selected", [seller], apply="1", reason="  ")
    assert response.status_code == 200
    assert b"errorlist" in response.content

    seller.refresh_from_db()
    assert seller.status == SellerProfile.Status.PENDING
    assert not ModerationDecision.objects.exists()
    assert mail.outbox == []


def test_rejecting_with_a_reason_emails_the_artisan_exactly_once(
    client, staff, django_capture_on_commit_callbacks
):
    seller = SellerFactory(status=SellerProfile.Status.PENDING)
    reason = "The PAN photo is unreadable."

    with django_capture_on_commit_callbacks(execute=True):
        response = _action(client, "reject_selected", [seller], apply="1", reason=reason)

    assert response.status_code == 302
    seller.refresh_from_db()
    assert seller.status == SellerProfile.Status.REJECTED
    assert seller.rejection_reason == reason
    assert len(mail.outbox) == 1
    assert reason in mail.outbox[0].body
    assert reason in mail.outbox[0].alternatives[0][0]
    send_moderation_email(ModerationDecision.objects.get(profile=seller).pk)
    assert len(mail.outbox) == 1
    assert LogEntry.objects.filter(object_id=str(seller.pk)).count() == 1


def test_suspending_hides_the_artisans_products_at_once(
    client, staff, django_capture_on_commit_callbacks
):
    seller = SellerFactory()
    product = ProductFactory(seller=seller)
    other = ProductFactory()
    assert Product.objects.live().filter(pk=product.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = _action(
            client, "suspend_selected", [seller], apply="1", reason="Fake GI claims."
        )

    assert response.status_code == 302
    seller.refresh_from_db()
    assert seller.status == SellerProfile.Status.SUSPENDED
    assert list(Product.objects.live()) == [other]
    assert client.get(product.get_absolute_url()).status_code == 404
    assert len(mail.outbox) == 1
    assert "Fake GI claims." in mail.outbox[0].body
    send_moderation_email(ModerationDecision.objects.get(profile=seller).pk)
    assert len(mail.outbox) == 1


def test_product_page_goes_404_after_suspension(client, staff, django_capture_on_commit_callbacks):
    product = ProductFactory()
    assert client.get(product.get_absolute_url()).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        _action(client, "suspend_selected", [product.seller], apply="1", reason="Complaints.")
    assert client.get(product.get_absolute_url()).status_code == 404


def test_the_email_is_in_the_artisans_preferred_language(django_capture_on_commit_callbacks):
    user = UserFactory(preferred_language="hi")
    seller = SellerFactory(user=user, status=SellerProfile.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        reject_seller(profile=seller, by=make_staff(), reason="पैन कार्ड साफ़ नहीं है।")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "ODOP मार्केट: आपका कारीगर आवेदन मंज़ूर नहीं हुआ" in message.subject
    assert seller.display_name_hi in message.body
    assert "पैन कार्ड साफ़ नहीं है।" in message.body


def test_a_decision_that_does_not_fit_the_status_is_refused_and_changes_nothing(
    client, staff, django_capture_on_commit_callbacks
):
    draft = SellerFactory(status=SellerProfile.Status.DRAFT)
    with pytest.raises(ModerationError):
        approve_seller(profile=draft, by=staff)
    with pytest.raises(ModerationError):
        suspend_seller(profile=draft, by=staff, reason="x")
    with pytest.raises(ModerationError):
        reject_seller(profile=SellerFactory(status="pending"), by=staff, reason="")

    with django_capture_on_commit_callbacks(execute=True):
        response = _action(client, "approve_selected", [draft], follow=True)
    assert response.status_code == 200
    assert "does not apply" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == SellerProfile.Status.DRAFT
    assert not ModerationDecision.objects.exists()
    assert mail.outbox == []
    assert not LogEntry.objects.filter(object_id=str(draft.pk)).exists()


def test_a_curator_cannot_moderate_artisans(client):
    from tests.admin.conftest import CURATOR

    sign_in_with_code(client, make_staff(group=CURATOR))
    seller = SellerFactory(status=SellerProfile.Status.PENDING)
    _action(client, "approve_selected", [seller])
    seller.refresh_from_db()
    assert seller.status == SellerProfile.Status.PENDING
    assert mail.outbox == []
