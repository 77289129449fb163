"""The dashboards only read, through the selectors of the apps below; the one thing they
write is an officer's notes on a district."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DistrictNote(models.Model):
    """A dated note on a district by a district officer or ODOP staff ("two workshops
    planned in March", "courier delays after the floods")."""

    district = models.ForeignKey(
        "districts.District",
        on_delete=models.CASCADE,
        related_name="dashboard_notes",
        verbose_name=_("district"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    body = models.TextField(_("note"), max_length=2000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("district note")
        verbose_name_plural = _("district notes")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("view_statewide_dashboard", _("Can see the dashboard of every district")),
            ("view_district_dashboard", _("Can see the dashboard of their own districts")),
        ]

    def __str__(self) -> str:
        return f"{self.district_id}: {self.body[:40]}"
