from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.masking import mask
from accounts.models import Address, User
from accounts.phone import IndianMobileAdminMixin
from accounts.validators import normalize_indian_mobile
from kernel.admin import ReadOnlyMixin
from kernel.models import Message


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "phone", "full_name", "preferred_language", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_superuser", "is_active", "preferred_language", "groups"]
    search_fields = ["email", "phone", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "phone", "phone_verified", "password")}),
        (_("Personal info"), {"fields": ("full_name", "preferred_language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    readonly_fields = ["last_login", "date_joined"]


@admin.register(Address)
class AddressAdmin(IndianMobileAdminMixin, admin.ModelAdmin):
    list_display = ["full_name", "city", "state", "pin_code", "user"]
    list_select_related = ["user"]
    search_fields = ["full_name", "user__email", "pin_code"]
    raw_id_fields = ["user"]


@admin.register(Message)
class MessageAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The SMS and WhatsApp messages sent, for operations answering "I never got the code":
    find them by the full number, see whether the provider delivered them and why not.

    The number is masked and the parameters are never shown: they hold sign-in codes.
    """

    list_display = [
        "created_at", "channel", "template", "language", "masked_to", "status", "attempts",
        "last_error",
    ]  # fmt: skip
    list_filter = ["status", "channel", "template", "language"]
    search_fields = ["=to"]
    search_help_text = _("The full mobile number, as people write it (98765 43210).")
    date_hierarchy = "created_at"
    fields = [
        "channel", "template", "language", "masked_to", "status", "attempts", "last_error",
        "provider_id", "created_at", "sent_at", "status_at",
    ]  # fmt: skip
    readonly_fields = fields
    show_full_result_count = False

    @admin.display(description=_("sent to"))
    def masked_to(self, message: Message) -> str:
        return mask(message.to)

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(
            request, queryset, normalize_indian_mobile(search_term) if search_term else ""
        )
