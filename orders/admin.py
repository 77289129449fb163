"""Operations' view of orders: read-only orders and lines, sub-orders per artisan, CSV export."""

from collections import Counter

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpRequest, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from districts.models import District
from kernel.admin import ReadOnlyMixin, money_field, reason_or_page
from kernel.money import format_money
from orders.export import ExportRangeForm, stream_csv
from orders.fulfilment import TransitionError, transition_suborder
from orders.models import Order, OrderLine, ReturnEvent, ReturnRequest, SubOrder, SubOrderEvent
from orders.returns import ReturnError, decide_dispute, mark_cod_refund_paid


class SubOrderStatusFilter(admin.SimpleListFilter):
    title = _("sub-order status")
    parameter_name = "suborder_status"

    def lookups(self, request, model_admin):
        return SubOrder.Status.choices

    def queryset(self, request, queryset):
        if self.value() in SubOrder.Status.values:
            parts = SubOrder.objects.filter(order=OuterRef("pk"), status=self.value())
            return queryset.filter(Exists(parts))
        return queryset


class DistrictFilter(admin.SimpleListFilter):
    """Orders with a part from an artisan of this district (or sub-orders of one)."""

    title = _("artisan's district")
    parameter_name = "district"
    seller_path = "seller"

    def lookups(self, request, model_admin):
        return District.objects.values_list("pk", "name")

    def queryset(self, request, queryset):
        if not (self.value() or "").isdigit():
            return queryset
        if queryset.model is SubOrder:
            return queryset.filter(seller__district_id=self.value())
        parts = SubOrder.objects.filter(order=OuterRef("pk"), seller__district_id=self.value())
        return queryset.filter(Exists(parts))


class SubOrderInline(ReadOnlyMixin, admin.TabularInline):
    model = SubOrder
    template = "admin/edit_inline/tabular_unlabelled.html"
    extra = 0
    fields = ["link", "seller", "status", "subtotal_money", "shipping_money", "total_money"]
    fields += ["tracking"]
    readonly_fields = fields
    subtotal_money = money_field("subtotal", _("items"))
    shipping_money = money_field("shipping", _("shipping"))
    total_money = money_field("total", _("total"))

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("seller")

    @admin.display(description=_("sub-order"))
    def link(self, obj: SubOrder) -> str:
        url = reverse("admin:orders_suborder_change", args=[obj.pk])
        return format_html('<a href="{}">#{}</a>', url, obj.pk)

    @admin.display(description=_("tracking number"))
    def tracking(self, obj: SubOrder) -> str:
        return " ".join(filter(None, [obj.courier, obj.tracking_number])) or "—"


@admin.register(Order)
class OrderAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "number",
        "placed_at",
        "city",
        "state",
        money_field("total", _("total")),
        "payment_status",
        "part_statuses",
        "districts",
    ]
    list_filter = [SubOrderStatusFilter, ("placed_at", admin.DateFieldListFilter)]
    list_filter += ["payment_status", DistrictFilter]
    search_fields = ["number", "pin_code", "buyer__email"]
    date_hierarchy = "placed_at"
    fieldsets = [
        (None, {"fields": [("number", "placed_at"), "buyer"]}),
        (_("Shipping address"), {"fields": ["full_name", "mobile", "line1", "line2"]}),
        (None, {"fields": [("city", "state", "pin_code")]}),
        (_("Money"), {"fields": [("subtotal_money", "shipping_total_money", "total_money")]}),
        (None, {"fields": [("payment_method", "payment_status")]}),
        (_("Items"), {"fields": ["lines_table"]}),
    ]
    readonly_fields = ["lines_table", "subtotal_money", "shipping_total_money", "total_money"]
    inlines = [SubOrderInline]
    subtotal_money = money_field("subtotal", _("items"))
    shipping_total_money = money_field("shipping_total", _("shipping"))
    total_money = money_field("total", _("total"))

    def get_queryset(self, request):
        parts = SubOrder.objects.select_related("seller__district").order_by("pk")
        return super().get_queryset(request).prefetch_related(Prefetch("suborders", queryset=parts))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            lines = OrderLine.objects.filter(suborder__order=obj).order_by("suborder_id", "pk")
            obj._lines = list(lines)
        return obj

    @admin.display(description=_("sub-orders"))
    def part_statuses(self, obj: Order) -> str:
        counts = Counter(s.get_status_display() for s in obj.suborders.all())
        return ", ".join(str(label) if n == 1 else f"{label} ×{n}" for label, n in counts.items())

    @admin.display(description=_("districts"))
    def districts(self, obj: Order) -> str:
        names = sorted({s.seller.district.name for s in obj.suborders.all()})
        return ", ".join(names)

    @admin.display(description=_("items"))
    def lines_table(self, obj: Order) -> str:
        lines = getattr(obj, "_lines", [])
        if not lines:
            return "—"
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    line.seller_name,
                    line.display_title,
                    line.quantity,
                    format_money(line.unit_price),
                    format_money(line.line_total),
                )
                for line in lines
            ),
        )
        head = format_html(
            "<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            _("artisan"),
            _("title"),
            _("quantity"),
            _("unit price"),
            _("line total"),
        )
        return format_html("<table><thead>{}</thead><tbody>{}</tbody></table>", head, rows)

    # --- CSV export ------------------------------------------------------------------

    def get_urls(self):
        export = self.admin_site.admin_view(self.export_view)
        return [path("export/", export, name="orders_order_export"), *super().get_urls()]

    def export_view(self, request: HttpRequest):
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = ExportRangeForm(request.GET or None)
        if form.is_valid():
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
            response = StreamingHttpResponse(
                stream_csv(start, end, get_language()), content_type="text/csv; charset=utf-8"
            )
            filename = f"odop-orders-{start:%Y%m%d}-{end:%Y%m%d}.csv"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        context = {
            **self.admin_site.each_context(request),
            "title": _("Export orders as CSV"),
            "form": form,
            "opts": self.model._meta,
        }
        status = 400 if form.is_bound else 200  # a range that cannot be exported
        return TemplateResponse(request, "admin/orders/order/export.html", context, status=status)


class OrderLineInline(ReadOnlyMixin, admin.TabularInline):
    model = OrderLine
    extra = 0
    fields = ["title", "title_hi", "product", "unit_price_money", "quantity", "line_total_money"]
    readonly_fields = fields
    unit_price_money = money_field("unit_price", _("unit price"))
    line_total_money = money_field("line_total", _("line total"))


class SubOrderEventInline(ReadOnlyMixin, admin.TabularInline):
    model = SubOrderEvent
    extra = 0
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


@admin.register(SubOrder)
class SubOrderAdmin(admin.ModelAdmin):
    list_display = ["__str__", "order", "seller", "district", "status", "total_money"]
    list_display += ["created_at"]
    list_select_related = ["order", "seller__district"]
    list_filter = ["status", ("created_at", admin.DateFieldListFilter), DistrictFilter]
    search_fields = ["order__number", "seller__display_name", "tracking_number"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "order", "seller", "status", "subtotal_money", "shipping_money", "total_money", "courier",
        "tracking_number", "cancel_reason", "created_at", "updated_at", "accepted_at",
        "shipped_at", "delivered_at", "cancelled_at",
    ]  # fmt: skip
    inlines = [OrderLineInline, SubOrderEventInline]
    actions = ["mark_delivered", "cancel_parts"]
    subtotal_money = money_field("subtotal", _("items"))
    shipping_money = money_field("shipping", _("shipping"))
    total_money = money_field("total", _("total"))

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("district"), ordering="seller__district__name")
    def district(self, obj: SubOrder) -> str:
        return obj.seller.district.name

    @admin.action(
        description=_("Mark the selected shipped parcels as delivered"), permissions=["change"]
    )
    def mark_delivered(self, request: HttpRequest, queryset) -> None:
        done = 0
        for suborder in queryset.filter(status=SubOrder.Status.SHIPPED):
            try:
                transition_suborder(
                    suborder=suborder, to_status=SubOrder.Status.DELIVERED, by=request.user
                )
            except TransitionError as error:
                self.message_user(request, error.message, messages.WARNING)
                continue
            self.log_change(request, suborder, [{"changed": {"fields": ["status"]}}])
            done += 1
        self._report(
            request,
            done,
            ngettext(
                "%(count)d parcel marked as delivered.",
                "%(count)d parcels marked as delivered.",
                done,
            ),
        )

    @admin.action(description=_("Cancel the selected parts of orders…"), permissions=["change"])
    def cancel_parts(self, request: HttpRequest, queryset):
        """Operations cancel an artisan's part (e.g. the artisan cannot deliver) with a
        reason: the same service as the artisan's button, so it restocks and tells the buyer."""
        parts = queryset.select_related("order", "seller")
        answer = reason_or_page(
            self,
            request,
            queryset,
            title=_("Cancel parts of orders"),
            intro=_(
                "These parts will be cancelled: their items go back into stock and each buyer "
                "gets one email with your reason. Shipped parts cannot be cancelled."
            ),
            items=[f"{part.order.number}: {part.seller.display_name}" for part in parts],
            button=_("Cancel and email the buyers"),
        )
        if not isinstance(answer, str):
            return answer
        done = 0
        for suborder in parts:
            try:
                transition_suborder(
                    suborder=suborder,
                    to_status=SubOrder.Status.CANCELLED,
                    by=request.user,
                    note=answer,
                )
            except TransitionError as error:
                self.message_user(request, f"{suborder}: {error.message}", messages.WARNING)
                continue
            self.log_change(request, suborder, [{"changed": {"fields": ["status"]}}])
            done += 1
        self._report(
            request,
            done,
            ngettext(
                "%(count)d part cancelled; its buyer will be told by email.",
                "%(count)d parts cancelled; their buyers will be told by email.",
                done,
            ),
        )
        return None

    def _report(self, request: HttpRequest, done: int, text: str) -> None:
        self.message_user(
            request, text % {"count": done}, messages.SUCCESS if done else messages.INFO
        )


# --- returns -------------------------------------------------------------------------


class ReturnEventInline(ReadOnlyMixin, admin.TabularInline):
    model = ReturnEvent
    template = "admin/edit_inline/tabular_unlabelled.html"
    extra = 0
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


def _photos_html(photos, caption) -> str:
    """Renditions only (served by orders:evidence_photo), never the original upload."""
    images = format_html_join(
        "",
        '<a href="{}"><img src="{}" alt="{}" width="240" loading="lazy"></a> ',
        ((p.get_absolute_url(), p.get_absolute_url(), caption) for p in photos if p.is_ready),
    )
    pending = sum(1 for p in photos if not p.is_ready)
    note = format_html(" <span>{}</span>", _("%(n)d being processed") % {"n": pending})
    return format_html(
        '<div class="evidence-column"><strong>{}</strong><div>{}</div>{}</div>',
        caption,
        images or "—",
        note if pending else "",
    )


@admin.register(ReturnRequest)
class ReturnRequestAdmin(admin.ModelAdmin):
    """Operations watch returns, settle disputes and mark cash-on-delivery refunds paid.

    Every change goes through orders.returns (the actions), so the audit rows and notices
    are the same as when artisans and buyers act; no field is edited directly.
    """

    list_display = ["__str__", "order_number", "artisan", "line", "quantity", "status"]
    list_display += ["reason", "is_protected", "refund_money", "payout_masked", "created_at"]
    list_select_related = ["suborder__order", "suborder__seller", "line"]
    list_filter = ["status", "reason", "is_protected", "rejection_reason"]
    list_filter += [("created_at", admin.DateFieldListFilter)]
    search_fields = ["suborder__order__number", "suborder__seller__display_name"]
    date_hierarchy = "created_at"
    fields = [
        "order_number", "artisan", "line", "quantity", "status", "reason", "note",
        "is_protected", "evidence", "rejection_reason", "rejection_note", "dispute_note",
        "decision_note", "pickup_courier", "pickup_tracking_number", "is_resellable",
        "refund_money", "refunded_money", "refunded_at", "refund_reference", "payout",
        "created_at", "decided_at", "received_at",
    ]  # fmt: skip
    readonly_fields = fields
    inlines = [ReturnEventInline]
    actions = ["accept_disputed", "uphold_rejection", "mark_cod_refund_paid"]
    refund_money = money_field("refund_amount", _("refund due"))
    refunded_money = money_field("refunded_amount", _("refunded"))

    class Media:
        css = {"all": ["css/admin_evidence.css"]}

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("suborder__order", "suborder__seller", "line")
            .prefetch_related("photos", "suborder__packing_photos")
        )

    @admin.display(description=_("order"), ordering="suborder__order__number")
    def order_number(self, obj: ReturnRequest) -> str:
        url = reverse("admin:orders_order_change", args=[obj.suborder.order_id])
        return format_html('<a href="{}">{}</a>', url, obj.suborder.order.number)

    @admin.display(description=_("artisan"), ordering="suborder__seller__display_name")
    def artisan(self, obj: ReturnRequest) -> str:
        return obj.suborder.seller.display_name

    @admin.display(description=_("refund to"))
    def payout_masked(self, obj: ReturnRequest) -> str:
        return obj.payout_display or "—"

    @admin.display(description=_("refund to (in full, to pay it)"))
    def payout(self, obj: ReturnRequest) -> str:
        if obj.payout_upi_id:
            return f"UPI {obj.payout_upi_id}"
        if obj.payout_account_number:
            return f"{obj.payout_account_name} · {obj.payout_account_number} · {obj.payout_ifsc}"
        return _("Through the payment gateway")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_change_permission(request, obj):
            fields[fields.index("payout")] = "payout_masked"
        return fields

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj)

    @admin.display(description=_("packing photos and return photos"))
    def evidence(self, obj: ReturnRequest) -> str:
        return format_html(
            '<div class="evidence-side-by-side">{}{}</div>',
            _photos_html(list(obj.suborder.packing_photos.all()), _("Artisan's packing photos")),
            _photos_html(list(obj.photos.all()), _("Buyer's return photos")),
        )

    def _decide(self, request, queryset, *, accept: bool):
        disputed = queryset.filter(status=ReturnRequest.Status.DISPUTED).select_related(
            "suborder__order"
        )
        answer = reason_or_page(
            self,
            request,
            queryset,
            title=_("Accept the returns") if accept else _("Uphold the artisans' refusals"),
            intro=_(
                "Only disputed returns are decided. The buyer and the artisan each get one "
                "email with your reason."
            ),
            items=[f"{r.suborder.order.number}: {r.line.title}" for r in disputed],
            button=_("Decide and email them"),
        )
        if not isinstance(answer, str):
            return answer
        done = 0
        for return_request in disputed:
            try:
                decide_dispute(
                    return_request=return_request, by=request.user, accept=accept, note=answer
                )
            except ReturnError as error:
                self.message_user(request, f"{return_request}: {error.message}", messages.WARNING)
                continue
            self.log_change(request, return_request, [{"changed": {"fields": ["status"]}}])
            done += 1
        self.message_user(
            request,
            ngettext("%(count)d return decided.", "%(count)d returns decided.", done)
            % {"count": done},
            messages.SUCCESS if done else messages.INFO,
        )
        return None

    @admin.action(
        description=_("Disputed: accept the return (the buyer is right)…"), permissions=["change"]
    )
    def accept_disputed(self, request: HttpRequest, queryset):
        return self._decide(request, queryset, accept=True)

    @admin.action(description=_("Disputed: uphold the artisan's refusal…"), permissions=["change"])
    def uphold_rejection(self, request: HttpRequest, queryset):
        return self._decide(request, queryset, accept=False)

    @admin.action(description=_("Mark the cash-on-delivery refund paid…"), permissions=["change"])
    def mark_cod_refund_paid(self, request: HttpRequest, queryset):
        due = queryset.filter(status=ReturnRequest.Status.RECEIVED).select_related(
            "suborder__order", "line"
        )
        due = [r for r in due if r.is_cash_on_delivery_refund]
        answer = reason_or_page(
            self,
            request,
            queryset,
            title=_("Mark cash-on-delivery refunds paid"),
            intro=_(
                "Pay each buyer first (UPI or bank transfer, shown on the return), then enter "
                "the payment reference. The buyer gets an email with it."
            ),
            items=[
                f"{r.suborder.order.number}: {format_money(r.refund_amount)} → {r.payout_display}"
                for r in due
            ],
            button=_("Mark paid"),
        )
        if not isinstance(answer, str):
            return answer
        done = 0
        for return_request in due:
            try:
                mark_cod_refund_paid(
                    return_request=return_request, by=request.user, reference=answer
                )
            except ReturnError as error:
                self.message_user(request, f"{return_request}: {error.message}", messages.WARNING)
                continue
            self.log_change(request, return_request, [{"changed": {"fields": ["status"]}}])
            done += 1
        self.message_user(
            request,
            ngettext("%(count)d refund marked paid.", "%(count)d refunds marked paid.", done)
            % {"count": done},
            messages.SUCCESS if done else messages.INFO,
        )
        return None
