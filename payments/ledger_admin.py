"""Operations' admin for the ledger: rates, read-only rows (adjustments added as new
rows with a reason), payout runs (start one, the NEFT file, the bank's return file)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kernel.admin import ReadOnlyMixin, money_field
from payments import ledger, payouts
from payments.models import CommissionRate, LedgerEntry, Payout, PayoutRun

RUN_PAYOUTS = "payments.run_payouts"


@admin.register(CommissionRate)
class CommissionRateAdmin(admin.ModelAdmin):
    """A rate in force (or past) is never edited or deleted: add a new one instead."""

    list_display = [
        "percent",
        "craft",
        "seller",
        "is_promotion",
        "first_months",
        "starts_on",
        "ends_on",
        "note",
    ]
    list_filter = ["is_promotion", "craft"]
    autocomplete_fields = ["seller"]
    fields = [
        "percent",
        "craft",
        "seller",
        "is_promotion",
        "first_months",
        "starts_on",
        "ends_on",
        "note",
    ]

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_in_force_or_past():
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_in_force_or_past():
            return False
        return super().has_delete_permission(request, obj)


class AdjustmentForm(forms.ModelForm):
    class Meta:
        model = LedgerEntry
        fields = ["seller", "amount", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = True
        self.fields["amount"].help_text = _("Positive: owed to the artisan; negative: taken off.")

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount == 0:
            raise forms.ValidationError(_("Enter an amount other than zero."))
        return amount


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    """Rows are read-only; the add form posts an adjustment (a new row with a reason)."""

    list_display = ["occurred_at", "seller", "kind", "amount_money", "rate", "key", "payable_at"]
    list_filter = ["kind", "collected_by"]
    search_fields = ["key", "seller__display_name", "suborder__order__number"]
    list_select_related = ["seller"]
    date_hierarchy = "occurred_at"
    amount_money = money_field("amount", gettext_lazy("amount"))
    readonly_fields = [
        "seller",
        "kind",
        "amount",
        "key",
        "suborder",
        "refund",
        "payout",
        "rate",
        "base",
        "collected_by",
        "reason",
        "created_by",
        "occurred_at",
        "payable_at",
        "created_at",
    ]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = AdjustmentForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return ["seller", "amount", "reason"] if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def get_autocomplete_fields(self, request):
        return ["seller"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        row = ledger.post_adjustment(
            seller=obj.seller, amount=obj.amount, reason=obj.reason, by=request.user
        )
        obj.pk, obj.key, obj.kind = row.pk, row.key, row.kind


class BankReturnForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("The bank's return file (CSV: reference, status, utr, reason)")
    )


@admin.register(PayoutRun)
class PayoutRunAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["__str__", "method", "payout_count", "total_money", "started_by", "finished_at"]
    total_money = money_field("total", gettext_lazy("total"))
    fields = [
        "method",
        "started_by",
        "started_at",
        "finished_at",
        "payout_count",
        "total",
        "tax_rates",
    ]
    readonly_fields = fields
    change_list_template = "admin/payments/payoutrun/change_list.html"
    change_form_template = "admin/payments/payoutrun/change_form.html"

    @admin.display(description=gettext_lazy("tax withheld in force"))
    def tax_rates(self, obj: PayoutRun) -> str:
        day = timezone.localdate(obj.started_at)
        return ", ".join(
            f"{LedgerEntry.Kind(kind).label}: {ledger.tax_rate(kind, day)}%"
            for kind in (LedgerEntry.Kind.TCS, LedgerEntry.Kind.TDS)
        )

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("start/", wrap(self.start_view), name="payments_payoutrun_start"),
            path("<int:pk>/neft.csv", wrap(self.neft_view), name="payments_payoutrun_neft"),
            path("<int:pk>/sent/", wrap(self.sent_view), name="payments_payoutrun_sent"),
            path("bank-return/", wrap(self.bank_return_view), name="payments_payoutrun_return"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        periods = [
            (LedgerEntry.Kind(kind).label, ledger.tax_periods(kind))
            for kind in (LedgerEntry.Kind.TCS, LedgerEntry.Kind.TDS)
        ]
        extra = {"tax_periods": periods, "can_run": request.user.has_perm(RUN_PAYOUTS)}
        return super().changelist_view(request, {**(extra_context or {}), **extra})

    def _require_run_permission(self, request: HttpRequest) -> None:
        if not request.user.has_perm(RUN_PAYOUTS):
            raise PermissionDenied

    def start_view(self, request: HttpRequest) -> HttpResponse:
        self._require_run_permission(request)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        run = payouts.run_payouts(started_by=request.user)
        self.message_user(
            request,
            _("Payout run %(run)s: %(count)d payouts.") % {"run": run, "count": run.payout_count},
        )
        return redirect("admin:payments_payoutrun_change", run.pk)

    def neft_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        self._require_run_permission(request)
        run = get_object_or_404(PayoutRun, pk=pk)
        try:
            body = payouts.neft_csv(run=run, user=request.user)
        except payouts.NotAllowed as exc:
            raise PermissionDenied(str(exc)) from None
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="neft-run-{run.pk}.csv"'
        response["Cache-Control"] = "no-store"
        return response

    def sent_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        self._require_run_permission(request)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        run = get_object_or_404(PayoutRun, pk=pk)
        count = payouts.mark_run_sent(run=run)
        self.message_user(request, _("%(count)d payouts marked sent.") % {"count": count})
        return redirect("admin:payments_payoutrun_change", run.pk)

    def bank_return_view(self, request: HttpRequest) -> HttpResponse:
        self._require_run_permission(request)
        form = BankReturnForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            result = payouts.apply_bank_return(data=form.cleaned_data["file"].read())
            if result.errors:
                for error in result.errors:
                    self.message_user(request, error, messages.ERROR)
                self.message_user(
                    request,
                    _("Nothing was applied: correct the file and upload it again."),
                    messages.ERROR,
                )
            else:
                self.message_user(
                    request, _("%(count)d payouts updated.") % {"count": result.applied}
                )
                return redirect("admin:payments_payoutrun_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import the bank's return file"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/payments/payoutrun/bank_return.html", context)


@admin.register(Payout)
class PayoutAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["reference", "seller", "amount_money", "status", "utr", "created_at"]
    list_filter = ["status", "run__method"]
    search_fields = ["reference", "utr", "seller__display_name"]
    list_select_related = ["seller"]
    amount_money = money_field("amount", gettext_lazy("amount"))
    fields = [
        "reference",
        "run",
        "seller",
        "amount",
        "status",
        "utr",
        "gateway_payout_id",
        "failure_reason",
        "created_at",
        "settled_at",
    ]
    readonly_fields = fields

    def run_link(self, obj: Payout) -> str:
        return reverse("admin:payments_payoutrun_change", args=[obj.run_id])
