"""Admin helpers shared by every app's ModelAdmin."""

from collections.abc import Callable

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kernel.money import format_money


def money_field(name: str, description) -> Callable:
    """A list or read-only column showing the ``name`` amount in the site's money format."""

    @admin.display(description=description, ordering=name)
    def show(*args) -> str:  # (obj) in list_display, (model_admin, obj) as an attribute
        return format_money(getattr(args[-1], name)) or "—"

    show.__name__ = f"{name}_money"
    return show


THUMB_WIDTH = 96

# The whole admin site: our name, and no navigation sidebar so that the wide lists
# (products, artisans, orders) fit a laptop screen.
admin.site.site_header = _("ODOP Market administration")
admin.site.site_title = _("ODOP Market admin")
admin.site.index_title = _("Curate districts, verify artisans, watch orders")
admin.site.enable_nav_sidebar = False


def thumbnail(url: str, alt: str = "", width: int = THUMB_WIDTH) -> str:
    """An <img> for admin lists and forms; empty text when there is no picture."""
    if not url:
        return "—"
    return format_html('<img src="{}" alt="{}" width="{}" loading="lazy">', url, alt, width)


def changed_fields(*fields: str) -> list[dict]:
    """A structured admin-log message ("Changed status.") that the history page translates."""
    return [{"changed": {"fields": list(fields)}}]


class ReadOnlyMixin:
    """For records only code writes (orders, payments): the admin never adds, edits or
    deletes them; staff with the view permission read them."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class CompactInline(admin.TabularInline):
    """A tabular inline without the row captions and the add/change/view icons per select."""

    template = "admin/edit_inline/tabular_unlabelled.html"
    extra = 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(field, "widget", None)
        if isinstance(widget, RelatedFieldWidgetWrapper):
            widget.can_add_related = widget.can_change_related = False
            widget.can_delete_related = widget.can_view_related = False
        return field


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the people concerned will read it)"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        max_length=2000,
    )


def reason_or_page(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    queryset,
    *,
    title,
    intro,
    items: list[str],
    button,
) -> str | TemplateResponse:
    """For an admin action that needs a reason: the reason once posted, else the page
    asking for it (which posts the same action and selection back)."""
    form = ReasonForm(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        return form.cleaned_data["reason"]
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "intro": intro,
        "items": items,
        "button": button,
        "form": form,
        "queryset": queryset,
        "action": request.POST.get("action", ""),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "opts": model_admin.model._meta,
        "media": model_admin.media,
    }
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, "admin/action_reason.html", context)
