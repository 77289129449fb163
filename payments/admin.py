"""Operations' read-only view of payments, refunds, webhooks and reconciliation reports."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from kernel.admin import ReadOnlyMixin
from payments.models import (
    GatewayOrder,
    Payment,
    PaymentEvent,
    ReconciliationReport,
    Refund,
    WebhookEvent,
)


class PaymentInline(ReadOnlyMixin, admin.TabularInline):
    model = Payment
    fk_name = "gateway_order"
    extra = 0
    fields = [
        "gateway_payment_id",
        "method",
        "amount",
        "currency",
        "status",
        "failure_reason",
        "attention",
    ]
    readonly_fields = fields


@admin.register(GatewayOrder)
class GatewayOrderAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["receipt", "gateway_order_id", "amount", "status", "expires_at", "paid_at"]
    list_filter = ["status"]
    search_fields = ["receipt", "gateway_order_id"]
    list_select_related = ["order"]
    inlines = [PaymentInline]
    readonly_fields = [
        "order",
        "gateway",
        "gateway_order_id",
        "receipt",
        "amount",
        "currency",
        "status",
        "expires_at",
        "accepted_payment",
        "created_at",
        "paid_at",
    ]
    fields = readonly_fields


class AttentionFilter(admin.SimpleListFilter):
    title = _("needs attention")
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(attention="")
        return queryset


class PaymentEventInline(ReadOnlyMixin, admin.TabularInline):
    model = PaymentEvent
    extra = 0
    fields = ["at", "from_status", "to_status", "source", "note"]
    readonly_fields = fields


@admin.register(Payment)
class PaymentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "gateway_payment_id",
        "order_number",
        "method",
        "amount",
        "status",
        "attention",
        "created_at",
    ]
    list_filter = ["status", "method", AttentionFilter]
    search_fields = [
        "gateway_payment_id",
        "gateway_order__receipt",
        "gateway_order__gateway_order_id",
    ]
    list_select_related = ["gateway_order"]
    inlines = [PaymentEventInline]
    fields = [
        "gateway_order",
        "gateway_payment_id",
        "method",
        "amount",
        "currency",
        "status",
        "failure_reason",
        "attention",
        "gateway_created_at",
        "created_at",
        "updated_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("order"), ordering="gateway_order__receipt")
    def order_number(self, obj: Payment) -> str:
        return obj.gateway_order.receipt


@admin.register(Refund)
class RefundAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "key",
        "order_number",
        "amount",
        "status",
        "gateway_refund_id",
        "failure_reason",
        "created_at",
    ]
    list_filter = ["status"]
    search_fields = ["key", "gateway_refund_id", "payment__gateway_order__receipt"]
    list_select_related = ["payment__gateway_order"]
    fields = [
        "key",
        "payment",
        "suborder",
        "amount",
        "reason",
        "gateway_refund_id",
        "status",
        "failure_reason",
        "attempts",
        "created_at",
        "updated_at",
        "processed_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("order"), ordering="payment__gateway_order__receipt")
    def order_number(self, obj: Refund) -> str:
        return obj.payment.gateway_order.receipt


@admin.register(WebhookEvent)
class WebhookEventAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["received_at", "event", "entity_id", "outcome", "event_id"]
    list_filter = ["event", "outcome"]
    search_fields = ["event_id", "entity_id"]
    fields = ["event_id", "event", "entity_id", "outcome", "received_at"]
    readonly_fields = fields


@admin.register(ReconciliationReport)
class ReconciliationReportAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "day",
        "created_at",
        "mismatch_count",
        "gateway_payments",
        "our_payments",
        "gateway_refunds",
        "our_refunds",
    ]
    date_hierarchy = "day"
    fields = [
        "day",
        "created_at",
        "gateway_payments",
        "our_payments",
        "gateway_refunds",
        "our_refunds",
        "mismatch_table",
    ]
    readonly_fields = fields

    @admin.display(description=_("mismatches"))
    def mismatch_count(self, obj: ReconciliationReport) -> int:
        return len(obj.mismatches)

    @admin.display(description=_("mismatches"))
    def mismatch_table(self, obj: ReconciliationReport) -> str:
        if not obj.mismatches:
            return _("None: the gateway and our records agree.")
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    m["kind"],
                    m["entity"],
                    m["id"],
                    m.get("gateway_amount", "—"),
                    m.get("our_amount", "—"),
                )
                for m in obj.mismatches
            ),
        )
        head = format_html(
            "<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            _("kind"),
            _("what"),
            _("gateway id"),
            _("at the gateway"),
            _("here"),
        )
        return format_html("<table>{}{}</table>", head, rows)


from payments import ledger_admin  # noqa: E402, F401  (registers the ledger's admin)
