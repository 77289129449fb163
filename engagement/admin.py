"""Curators' view of reviews: hide or show them, and a queue of reported ones."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from engagement import services
from engagement.models import Notice, Review, ReviewReport, StockAlert


class ReportInline(admin.TabularInline):
    model = ReviewReport
    extra = 0
    fields = ("reporter", "reason", "is_resolved", "created_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ReportedFilter(admin.SimpleListFilter):
    title = _("reports")
    parameter_name = "reported"

    def lookups(self, request, model_admin):
        return [("open", _("Reported, not yet dealt with"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(report_count__gt=0)
        return queryset


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = (
        "product",
        "rating",
        "author_name",
        "is_published",
        "report_count",
        "created_at",
    )
    list_filter = (ReportedFilter, "is_published", "rating")
    search_fields = ("text", "author_name", "product__title", "product__slug")
    ordering = ("-report_count", "-created_at")
    list_select_related = ("product",)
    readonly_fields = (
        "order_line",
        "product",
        "author",
        "author_name",
        "rating",
        "text",
        "reply",
        "replied_at",
        "report_count",
        "is_published",
        "created_at",
    )
    fields = (*readonly_fields, "hidden_reason")
    inlines = [ReportInline]
    actions = ["hide_reviews", "show_reviews", "dismiss_reports"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Hide the selected reviews"), permissions=["change"])
    def hide_reviews(self, request, queryset):
        changed = sum(services.set_review_published(review=r, is_published=False) for r in queryset)
        self.message_user(
            request,
            ngettext("%(count)d review hidden.", "%(count)d reviews hidden.", changed)
            % {"count": changed},
            messages.SUCCESS,
        )

    @admin.action(description=_("Show the selected reviews again"), permissions=["change"])
    def show_reviews(self, request, queryset):
        changed = sum(services.set_review_published(review=r, is_published=True) for r in queryset)
        self.message_user(
            request,
            ngettext("%(count)d review shown.", "%(count)d reviews shown.", changed)
            % {"count": changed},
            messages.SUCCESS,
        )

    @admin.action(description=_("Keep them: dismiss the reports"), permissions=["change"])
    def dismiss_reports(self, request, queryset):
        for review in queryset:
            services.dismiss_reports(review=review)
        self.message_user(request, _("Reports dismissed."), messages.SUCCESS)


@admin.register(StockAlert)
class StockAlertAdmin(admin.ModelAdmin):
    list_display = ("product", "user", "created_at", "notified_at")
    list_select_related = ("product", "user")
    readonly_fields = ("product", "user", "created_at", "notified_at")


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("dedupe_key", "kind", "channel", "recipient", "sent_at", "attempts")
    list_filter = ("kind", "channel")
    readonly_fields = [f.name for f in Notice._meta.fields]
