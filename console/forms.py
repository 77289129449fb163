"""Onboarding forms. Labels, help and errors are written for first-time online sellers.

KYC and bank numbers are never put back into a form: a saved number is shown masked in
the help text and an empty box keeps it, so the full number is never displayed again.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts import validators as v
from accounts.form_fields import NormalisedCharField, compact, compact_upper
from accounts.masking import mask
from accounts.phone import IndianMobileField
from catalog.images import validate_image_upload
from districts.models import Craft, District
from kernel.i18n import is_hindi
from orders.forms import EvidencePhotosField
from orders.models import ReturnRequest
from orders.returns import MAX_PHOTOS
from sellers.models import SellerProfile


class TranslatedChoiceField(forms.ModelChoiceField):
    """A select whose options read in the active language (Hindi names under /hi/)."""

    def label_from_instance(self, obj) -> str:
        return obj.tr("name")


class ProfileForm(forms.ModelForm):
    """Step 1: who the artisan is, where they work and how buyers reach them."""

    district = TranslatedChoiceField(
        queryset=District.objects.order_by("name"),
        label=_("Your district"),
        help_text=_("The district where you make your products."),
        empty_label=_("Choose your district"),
        error_messages={"required": _("Choose the district where you work.")},
    )
    craft = TranslatedChoiceField(
        queryset=Craft.objects.order_by("name"),
        label=_("Your craft"),
        help_text=_("The kind of work you do, for example textiles or metal craft."),
        empty_label=_("Choose your craft"),
        error_messages={"required": _("Choose the kind of work you do.")},
    )

    class Meta:
        model = SellerProfile
        fields = [
            "display_name",
            "display_name_hi",
            "district",
            "craft",
            "story",
            "story_hi",
            "photo",
            "mobile",
        ]
        field_classes = {"mobile": IndianMobileField}
        labels = {
            "display_name": _("Your name or shop name (in English)"),
            "display_name_hi": _("Your name or shop name (in Hindi)"),
            "story": _("Your story (in English)"),
            "story_hi": _("Your story (in Hindi)"),
            "photo": _("Your photo (optional)"),
            "mobile": _("Mobile number"),
        }
        help_texts = {
            "display_name": _("Buyers see this name. Fill in at least one of the two names."),
            "display_name_hi": _("For example: आशा देवी हस्तशिल्प"),
            "story": _(
                "A few lines about you and your craft: who taught you, how long you have "
                "worked, what makes your work special. Optional."
            ),
            "story_hi": _("The same story in Hindi. Optional."),
            "photo": _(
                "A clear photo of you or your workshop. JPEG, PNG or WebP, at least 600 "
                "pixels on the short side, at most 10 MB."
            ),
            "mobile": _("10 digits. We call this number about orders. Buyers never see it."),
        }
        error_messages = {
            "mobile": {
                "required": _("Enter your 10-digit mobile number, for example 98765 43210.")
            },
        }
        widgets = {
            "story": forms.Textarea(attrs={"rows": 4}),
            "story_hi": forms.Textarea(attrs={"rows": 4, "lang": "hi"}),
            "display_name_hi": forms.TextInput(attrs={"lang": "hi"}),
            "mobile": forms.TextInput(attrs={"placeholder": "98765 43210"}),
            "photo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = False
        # Our validator, not Django's ImageField check, so that every refusal says why.
        photo = self.fields["photo"]
        self.fields["photo"] = forms.FileField(
            label=photo.label,
            help_text=photo.help_text,
            required=False,
            allow_empty_file=True,
            widget=photo.widget,
        )
        if is_hindi():  # so that a Hindi reader finds their district in Hindi order
            for name in ("district", "craft"):
                field = self.fields[name]
                field.queryset = field.queryset.order_by("name_hi", "name")

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "content_type"):  # a new upload, not the saved file
            validate_image_upload(photo)
        return photo

    def clean(self) -> dict:
        cleaned = super().clean()
        name = (cleaned.get("display_name") or "").strip()
        name_hi = (cleaned.get("display_name_hi") or "").strip()
        if not name and not name_hi:
            self.add_error(
                "display_name", _("Write your name or shop name, in English or in Hindi.")
            )
        return cleaned


#: (field, normaliser, validator) for the numbers that are checked on the business step.
_KYC_FIELDS = {
    "udyam_number": (v.normalize_udyam, v.validate_udyam),
    "gstin": (v.normalize_gstin, v.validate_gstin),
    "pan": (v.normalize_pan, v.validate_pan),
    "bank_account_number": (compact, v.validate_bank_account_number),
}


class BusinessForm(forms.Form):
    """Step 2: registration numbers (optional) and the bank account for payouts."""

    # Lengths are checked by the validators, on the number without its spaces or dashes;
    # the input boxes leave room for those.
    udyam_number = NormalisedCharField(
        normalise=v.normalize_udyam,
        input_max_length=30,
        label=_("Udyam registration number (optional)"),
        required=False,
        help_text=_("From your Udyam certificate, for example UDYAM-UP-50-0012345."),
    )
    gstin = NormalisedCharField(
        normalise=compact_upper,
        input_max_length=30,
        label=_("GSTIN (optional)"),
        required=False,
        help_text=_(
            "Only if you are registered for GST: 15 characters, for example 09ABCPE1234F1Z9. "
            "Many artisans sell without GST."
        ),
    )
    pan = NormalisedCharField(
        normalise=compact_upper,
        input_max_length=20,
        label=_("PAN (optional)"),
        required=False,
        help_text=_("10 characters, exactly as printed on your PAN card, for example ABCPE1234F."),
    )
    bank_account_number = NormalisedCharField(
        normalise=compact,
        input_max_length=30,
        label=_("Bank account number"),
        required=False,
        help_text=_("We pay your earnings into this account. Digits only."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    ifsc = NormalisedCharField(
        normalise=compact_upper,
        input_max_length=20,
        label=_("IFSC of your bank branch"),
        help_text=_("11 characters, printed on your cheque book and passbook, e.g. SBIN0001234."),
        error_messages={"required": _("Enter the IFSC of your bank branch.")},
    )
    account_holder_name = forms.CharField(
        label=_("Account holder's name"),
        max_length=150,
        help_text=_("The name on the bank account, as in your passbook."),
        error_messages={"required": _("Enter the name on the bank account.")},
    )

    def __init__(self, *args, profile: SellerProfile, **kwargs):
        self.profile = profile
        kwargs.setdefault(
            "initial", {"ifsc": profile.ifsc, "account_holder_name": profile.account_holder_name}
        )
        super().__init__(*args, **kwargs)
        for name in _KYC_FIELDS:
            saved = getattr(profile, name)
            if saved:
                self.fields[name].help_text = _(
                    "Saved: %(masked)s. Leave empty to keep it, or type a new one."
                ) % {"masked": mask(saved)}

    def _clean_number(self, name: str) -> str:
        normalise, validate = _KYC_FIELDS[name]
        raw = self.cleaned_data.get(name, "").strip()
        if not raw:
            return getattr(self.profile, name)  # keep what was saved, if anything
        value = normalise(raw)
        validate(value)
        return value

    def clean_udyam_number(self) -> str:
        return self._clean_number("udyam_number")

    def clean_gstin(self) -> str:
        return self._clean_number("gstin")

    def clean_pan(self) -> str:
        return self._clean_number("pan")

    def clean_bank_account_number(self) -> str:
        value = self._clean_number("bank_account_number")
        if not value:
            raise ValidationError(
                _("Enter your bank account number. We pay your earnings into it."),
                code="required",
            )
        return value

    def clean_ifsc(self) -> str:
        value = v.normalize_ifsc(self.cleaned_data["ifsc"])
        v.validate_ifsc(value)
        return value

    def clean(self) -> dict:
        cleaned = super().clean()
        gstin, pan = cleaned.get("gstin"), cleaned.get("pan")
        if gstin and pan and not v.gstin_matches_pan(gstin, pan):
            self.add_error(
                "gstin",
                ValidationError(
                    _(
                        "This GSTIN was not issued on the PAN you entered: characters 3 to 12 "
                        "of a GSTIN are the PAN. Check both against your certificates."
                    ),
                    code="gstin_pan_mismatch",
                ),
            )
        return cleaned


# Orders to fulfil -------------------------------------------------------------------


class ShipForm(forms.Form):
    courier = forms.CharField(label=_("Courier"), max_length=100)
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=100)
    packing_photos = EvidencePhotosField(
        label=_("Photos of the packed item (up to 4)"),
        max_count=MAX_PHOTOS,
        help_text=_("Show the item with its tag and the sealed parcel."),
    )

    def __init__(self, *args, protected: bool = False, has_photos: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if protected and not has_photos:
            self.fields["packing_photos"].required = True
            self.fields["packing_photos"].error_messages["required"] = _(
                "This parcel has return protection: add at least one photo of the packed "
                "item with its tag before marking it shipped."
            )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the order is cancelled.")},
    )


class RejectReturnForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why do you refuse the return?"),
        choices=ReturnRequest.RejectionReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose why you refuse this return.")},
    )
    note = forms.CharField(
        label=_("Explain to the buyer"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PickupForm(forms.Form):
    courier = forms.CharField(label=_("Courier"), max_length=100)
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=100)


class ReceivedForm(forms.Form):
    is_resellable = forms.TypedChoiceField(
        label=_("Can the item be sold again?"),
        choices=[("yes", _("Yes, put it back in stock")), ("no", _("No, it cannot be sold"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the item can be sold again.")},
    )
