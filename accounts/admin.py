from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Address, User
from accounts.phone import IndianMobileAdminMixin


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
