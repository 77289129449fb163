"""Site-wide form rendering: every ``{{ form }}`` uses our field markup (templates/forms/)."""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"
