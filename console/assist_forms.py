"""Forms of the helper's pages at workshops. The artisan's own onboarding and listing forms
(console.forms, console.listing_forms) are reused as they are for the assisted steps."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.phone import IndianMobileField
from console.forms import TranslatedChoiceField
from console.listing_forms import NewImageForm
from districts.models import District


class HelperChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name()


class WorkshopForm(forms.Form):
    """A workshop in one of the helper's districts; they are one of its helpers."""

    district = TranslatedChoiceField(
        queryset=District.objects.none(),
        label=_("District"),
        empty_label=None,
    )
    held_on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Enter the date of the workshop."),
            "invalid": _("Enter the date as day, month and year."),
        },
    )
    venue = forms.CharField(
        label=_("Venue"),
        max_length=200,
        help_text=_("For example: Block office hall, Chiraigaon."),
        error_messages={"required": _("Enter where the workshop is held.")},
    )
    helpers = HelperChoiceField(
        queryset=get_user_model().objects.none(),
        label=_("Other helpers at the workshop (optional)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, district_ids, helper, **kwargs):
        super().__init__(*args, **kwargs)
        kwargs.setdefault("initial", {})
        self.fields["district"].queryset = District.objects.filter(
            pk__in=list(district_ids)
        ).order_by("name")
        self.fields["helpers"].queryset = (
            get_user_model()
            .objects.filter(helper_assignments__district_id__in=list(district_ids))
            .exclude(pk=helper.pk)
            .distinct()
            .order_by("full_name", "pk")
        )
        if not self.fields["helpers"].queryset.exists():
            del self.fields["helpers"]
        self.initial.setdefault("held_on", timezone.localdate())

    def clean(self) -> dict:
        cleaned = super().clean()
        district, helpers = cleaned.get("district"), cleaned.get("helpers") or []
        for other in helpers:
            if not other.helper_assignments.filter(district=district).exists():
                self.add_error(
                    "helpers",
                    _("%(name)s is not a helper in this district.")
                    % {"name": other.get_full_name()},
                )
        return cleaned


class AttendeeFileForm(forms.Form):
    file = forms.FileField(
        label=_("Attendee list (CSV or Excel)"),
        help_text=_(
            "The first row names the columns: name, mobile, craft, village. "
            "Name and mobile are needed for every attendee."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
        error_messages={"required": _("Choose the file with the attendee list.")},
    )


class StartOnboardingForm(forms.Form):
    """Who the helper is onboarding: the code goes to this mobile number."""

    name = forms.CharField(
        label=_("Artisan's name"),
        max_length=150,
        error_messages={"required": _("Enter the artisan's name.")},
    )
    mobile = IndianMobileField(
        label=_("Artisan's mobile number"),
        help_text=_(
            "The artisan's own mobile, which they have with them: a code is sent to it by "
            "SMS. Their account is made with this number."
        ),
        error_messages={
            "required": _("Enter the artisan's 10-digit mobile number, for example 98765 43210.")
        },
    )


class ConsentCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the SMS"),
        max_length=6,
        min_length=6,
        help_text=_(
            "Ask the artisan to read out the 6-digit code they received, only if they agree "
            "that you fill in their application with them."
        ),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}
        ),
        error_messages={
            "required": _("Enter the 6-digit code."),
            "min_length": _("The code has 6 digits."),
            "max_length": _("The code has 6 digits."),
        },
    )


class CameraPhotoForm(NewImageForm):
    """The listing form's photo slot, opening the phone's camera (rear camera first)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["file"]
        field.required = True
        field.label = _("Photo of the product")
        field.error_messages["required"] = _("Take a photo of the product.")
        field.widget = forms.FileInput(attrs={"accept": "image/*", "capture": "environment"})
