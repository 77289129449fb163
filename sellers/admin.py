"""Operations' admin for artisans: the approval queue, moderation, and masked KYC."""

from collections.abc import Callable
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Value, When
from django.http import FileResponse, Http404, HttpRequest
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportMixin
from import_export.forms import ConfirmImportForm, ImportForm

from accounts.fields import EncryptedCharField
from accounts.masking import mask
from accounts.phone import IndianMobileAdminMixin
from kernel.admin import CompactInline, ReadOnlyMixin, reason_or_page
from sellers.attendee_import import AttendeeResource
from sellers.models import (
    AssistedAction,
    Attendee,
    GIAuthorisedUser,
    HelperAssignment,
    ModerationDecision,
    SellerProfile,
    Workshop,
)
from sellers.moderation import ModerationError, approve_seller, reject_seller, suspend_seller
from sellers.services import decide_gi_authorisation

#: Encrypted identity and bank numbers: never in a form, list, filter or search for staff
#: without ``sellers.view_kyc``; they see ``masked_<field>`` read-only values instead.
KYC_FIELDS = ("pan", "gstin", "udyam_number", "bank_account_number")
VIEW_KYC = "sellers.view_kyc"

Status = SellerProfile.Status


def can_view_kyc(request: HttpRequest) -> bool:
    return request.user.has_perm(VIEW_KYC)


class ApprovalQueueFilter(admin.SimpleListFilter):
    title = _("approval queue")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("pending", _("Pending approval"))]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.filter(status=Status.PENDING)
        return queryset


class ModerationDecisionInline(admin.TabularInline):
    model = ModerationDecision
    extra = 0
    max_num = 0
    can_delete = False
    fields = ["decision", "reason", "decided_by", "created_at", "notified_at"]
    readonly_fields = fields
    verbose_name_plural = _("decisions and emails")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("decided_by")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


def _masked(field: str, label: str) -> Callable:
    @admin.display(description=label)
    def show(self, obj: SellerProfile) -> str:
        return mask(getattr(obj, field)) or "—"

    show.__name__ = f"masked_{field}"
    return show


@admin.register(SellerProfile)
class SellerProfileAdmin(IndianMobileAdminMixin, admin.ModelAdmin):
    list_display = [
        "artisan",
        "status",
        "district",
        "craft",
        "submitted_at",
        "masked_pan",
        "masked_bank_account_number",
    ]
    list_select_related = ["district", "craft"]
    list_filter = [ApprovalQueueFilter, "status", "district__division", "craft"]
    search_fields = ["display_name", "display_name_hi", "slug", "user__email"]
    # The approval queue: pending applications first, oldest first.
    ordering = [
        Case(When(status=Status.PENDING, then=Value(0)), default=Value(1)).asc(),
        "submitted_at",
        "display_name",
    ]
    autocomplete_fields = ["district", "craft"]
    raw_id_fields = ["user"]
    formfield_overrides = {
        EncryptedCharField: {"widget": forms.TextInput(attrs={"autocomplete": "off"})}
    }
    inlines = [ModerationDecisionInline]
    actions = ["approve_selected", "reject_selected", "suspend_selected"]
    base_readonly = [
        "status",
        "rejection_reason",
        "onboarding_step",
        "submitted_at",
        "reviewed_at",
        "created_at",
        "updated_at",
    ]

    masked_pan = _masked("pan", _("PAN"))
    masked_gstin = _masked("gstin", _("GSTIN"))
    masked_udyam_number = _masked("udyam_number", _("Udyam registration number"))
    masked_bank_account_number = _masked("bank_account_number", _("bank account number"))

    @admin.display(description=_("artisan"), ordering="display_name")
    def artisan(self, obj: SellerProfile) -> str:
        if obj.display_name_hi:
            return format_html("{}<br>{}", obj.display_name, obj.display_name_hi)
        return obj.display_name

    def get_fieldsets(self, request, obj=None):
        if can_view_kyc(request):
            kyc = list(KYC_FIELDS)
        else:
            kyc = [f"masked_{field}" for field in KYC_FIELDS]
        return [
            (None, {"fields": ["user", ("display_name", "display_name_hi"), "slug"]}),
            (None, {"fields": [("district", "craft"), "story", "story_hi", "photo", "mobile"]}),
            (_("KYC and bank details"), {"fields": [*kyc, "ifsc", "account_holder_name"]}),
            (
                _("Verification"),
                {"fields": [("status", "reviewed_at"), "rejection_reason", "submitted_at"]},
            ),
            (_("Record"), {"fields": ["onboarding_step", ("created_at", "updated_at")]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        masked = [] if can_view_kyc(request) else [f"masked_{f}" for f in KYC_FIELDS]
        return [*self.base_readonly, *masked]

    def get_exclude(self, request, obj=None):
        # Belt and braces: even if a fieldset listed them, the form could not hold them.
        exclude = list(super().get_exclude(request, obj) or [])
        return exclude if can_view_kyc(request) else [*exclude, *KYC_FIELDS]

    def lookup_allowed(self, lookup, value, request=None) -> bool:
        # No filtering on encrypted numbers from the query string: not a way to probe them.
        if lookup.split("__")[0] in KYC_FIELDS:
            return False
        return super().lookup_allowed(lookup, value, request)

    # --- Moderation actions -----------------------------------------------------------

    @admin.action(description=_("Approve the selected artisans"), permissions=["change"])
    def approve_selected(self, request: HttpRequest, queryset) -> None:
        self._moderate(request, queryset, approve_seller, "approved")

    @admin.action(description=_("Reject the selected applications…"), permissions=["change"])
    def reject_selected(self, request: HttpRequest, queryset):
        return self._with_reason(request, queryset, reject_seller, "rejected")

    @admin.action(description=_("Suspend the selected artisans…"), permissions=["change"])
    def suspend_selected(self, request: HttpRequest, queryset):
        return self._with_reason(request, queryset, suspend_seller, "suspended")

    def _with_reason(self, request: HttpRequest, queryset, service: Callable, what: str):
        """Ask for the reason on an intermediate page, then apply the decision."""
        texts = {
            "rejected": (
                _("Reject applications"),
                _(
                    "These applications will be rejected. Each artisan gets one email with "
                    "your reason and can correct their details and apply again."
                ),
                _("Reject and email the artisans"),
            ),
            "suspended": (
                _("Suspend artisans"),
                _(
                    "These artisans will be suspended: their products leave the site at once. "
                    "Each artisan gets one email with your reason."
                ),
                _("Suspend and email the artisans"),
            ),
        }
        title, intro, button = texts[what]
        items = [
            f"{p.display_name} — {p.district} ({p.get_status_display()})"
            for p in queryset.select_related("district")
        ]
        answer = reason_or_page(
            self, request, queryset, title=title, intro=intro, items=items, button=button
        )
        if isinstance(answer, str):
            self._moderate(request, queryset, service, what, reason=answer)
            return None
        return answer

    def _moderate(
        self, request: HttpRequest, queryset, service: Callable, what: str, **kwargs
    ) -> None:
        done, refused = 0, []
        for profile in queryset:
            try:
                service(profile=profile, by=request.user, **kwargs)
            except ModerationError as error:
                refused.append(" ".join(error.messages))
                continue
            self.log_change(request, profile, [{"changed": {"fields": ["status", "reviewed"]}}])
            done += 1
        for text in refused:
            self.message_user(request, text, messages.WARNING)
        texts = {
            "approved": ngettext(
                "%(count)d artisan approved; they will be told by email.",
                "%(count)d artisans approved; they will be told by email.",
                done,
            ),
            "rejected": ngettext(
                "%(count)d application rejected; the artisan will be told by email.",
                "%(count)d applications rejected; the artisans will be told by email.",
                done,
            ),
            "suspended": ngettext(
                "%(count)d artisan suspended and their products hidden; they will be told by "
                "email.",
                "%(count)d artisans suspended and their products hidden; they will be told by "
                "email.",
                done,
            ),
        }
        level = messages.SUCCESS if done else messages.INFO
        self.message_user(request, texts[what] % {"count": done}, level)


@admin.register(GIAuthorisedUser)
class GIAuthorisedUserAdmin(admin.ModelAdmin):
    """Operations check an artisan's GI authorised-user certificate and verify the claim.

    The certificate is in private storage: the "open the certificate" link goes to
    ``document_view`` below, which streams it to staff allowed to see the claim and sends
    ``Content-Disposition: attachment`` with no-store caching. There is no other way to it.
    """

    list_display = ["seller", "gi_tag", "authorised_user_number", "status", "created_at"]
    list_select_related = ["seller", "gi_tag"]
    list_filter = ["status", "gi_tag"]
    search_fields = ["seller__display_name", "authorised_user_number", "gi_tag__name"]
    fields = [
        "seller",
        "gi_tag",
        "authorised_user_number",
        "certificate",
        "status",
        "staff_note",
        "verified_by",
        "verified_at",
        "created_at",
    ]
    readonly_fields = [
        "seller",
        "gi_tag",
        "authorised_user_number",
        "certificate",
        "status",
        "verified_by",
        "verified_at",
        "created_at",
    ]
    actions = ["verify_selected", "reject_selected"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # artisans send claims from their console

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/document/",
                self.admin_site.admin_view(self.document_view),
                name="{}_{}_document".format(*info),
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("certificate"))
    def certificate(self, obj: GIAuthorisedUser) -> str:
        if not obj.pk or not obj.document:
            return "—"
        url = reverse("admin:sellers_giauthoriseduser_document", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Open the certificate"))

    def document_view(self, request: HttpRequest, object_id: str) -> FileResponse:
        claim = self.get_object(request, object_id)
        if claim is None or not self.has_view_permission(request, claim):
            raise PermissionDenied
        if not claim.document:
            raise Http404
        response = FileResponse(
            claim.document.open("rb"),
            as_attachment=True,
            filename=f"gi-authorised-user-{claim.pk}{Path(claim.document.name).suffix}",
        )
        response["Cache-Control"] = "private, no-store"
        return response

    def _decide(self, request, queryset, status) -> None:
        count = decide_gi_authorisation(
            claim_ids=queryset.values_list("pk", flat=True), status=status, by=request.user
        )
        self.message_user(
            request,
            ngettext("%(count)d claim updated.", "%(count)d claims updated.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Verify the selected claims"), permissions=["change"])
    def verify_selected(self, request, queryset) -> None:
        self._decide(request, queryset, GIAuthorisedUser.Status.VERIFIED)

    @admin.action(description=_("Mark the selected claims not verified"), permissions=["change"])
    def reject_selected(self, request, queryset) -> None:
        self._decide(request, queryset, GIAuthorisedUser.Status.REJECTED)


# Workshops and assisted onboarding --------------------------------------------------------


@admin.register(HelperAssignment)
class HelperAssignmentAdmin(admin.ModelAdmin):
    """Which districts each ODOP helper works in (the helper is in the "ODOP helper" group;
    operations assign them)."""

    list_display = ["user", "district", "assigned_at"]
    list_select_related = ["user", "district"]
    list_filter = ["district__division"]
    search_fields = ["user__email", "user__full_name", "district__name"]
    autocomplete_fields = ["district"]
    raw_id_fields = ["user"]


class AttendeeInline(CompactInline):
    model = Attendee
    fields = ["name", "mobile", "craft", "village", "user"]
    raw_id_fields = ["user"]


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ["held_on", "district", "venue", "created_by"]
    list_select_related = ["district", "created_by"]
    list_filter = ["district__division", "held_on"]
    search_fields = ["venue", "district__name"]
    date_hierarchy = "held_on"
    autocomplete_fields = ["district"]
    raw_id_fields = ["helpers", "created_by"]
    inlines = [AttendeeInline]


class AttendeeImportForm(ImportForm):
    workshop = forms.ModelChoiceField(
        queryset=Workshop.objects.select_related("district"), label=_("Workshop")
    )


class AttendeeConfirmImportForm(ConfirmImportForm):
    workshop = forms.ModelChoiceField(queryset=Workshop.objects.all(), widget=forms.HiddenInput)


@admin.register(Attendee)
class AttendeeAdmin(ImportMixin, admin.ModelAdmin):
    """Attendees; operations import a workshop's list here as helpers do on their page
    (same resource, same report of bad rows, same matching on the mobile number)."""

    resource_classes = [AttendeeResource]
    import_form_class = AttendeeImportForm
    confirm_form_class = AttendeeConfirmImportForm
    list_display = ["name", "mobile", "craft", "village", "workshop"]
    list_select_related = ["craft", "workshop__district"]
    list_filter = ["workshop__district__division"]
    search_fields = ["name", "mobile", "village"]
    raw_id_fields = ["workshop", "user"]

    def has_import_permission(self, request) -> bool:
        """Those who may add and change attendees (operations), not any staff member, which
        is import-export's default."""
        return self.has_add_permission(request) and self.has_change_permission(request)

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        workshop = form.cleaned_data.get("workshop") if form and form.is_bound else None
        return {"workshop": workshop}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["workshop"] = import_form.cleaned_data["workshop"].pk
        return initial


@admin.register(AssistedAction)
class AssistedActionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The audit trail of what helpers did for artisans: written only by code."""

    list_display = ["created_at", "action", "artisan", "helper", "workshop", "detail"]
    list_select_related = ["artisan", "helper", "workshop__district"]
    list_filter = ["action", "workshop__district__division"]
    search_fields = ["artisan__phone", "artisan__email", "helper__email"]
    date_hierarchy = "created_at"
