"""Installs ``accounts.admin_site.StaffAdminSite`` as ``admin.site``.

Listed in INSTALLED_APPS instead of ``django.contrib.admin``, so every
``admin.site.register`` and ``@admin.register`` lands on the two-factor site.
"""

from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    default_site = "accounts.admin_site.StaffAdminSite"
