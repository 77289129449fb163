"""Forms for the cart, checkout and the artisan's order actions. They never carry prices."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from accounts.form_fields import NormalisedCharField, PinCodeField, compact, compact_upper
from accounts.models import Address
from accounts.phone import IndianMobileField
from accounts.validators import (
    DEFAULT_STATE,
    normalize_upi_id,
    validate_bank_account_number,
    validate_ifsc,
    validate_upi_id,
)
from catalog.images import validate_image_upload
from orders.models import ReturnRequest
from orders.payments import payment_choices
from orders.returns import MAX_PHOTOS, Payout

NEW_ADDRESS = "new"


class AddToCartForm(forms.Form):
    product = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    quantity = forms.IntegerField(
        label=_("Quantity"),
        min_value=1,
        max_value=999,
        initial=1,
        error_messages={"min_value": _("Choose a quantity of at least 1.")},
    )


class CartQuantityForm(forms.Form):
    quantity = forms.IntegerField(
        label=_("Quantity"),
        min_value=0,
        max_value=999,
        error_messages={"min_value": _("Choose a quantity of 0 or more.")},
    )


class AddressForm(forms.ModelForm):
    """A shipping address with the Indian formats checked (+91 mobile, 6-digit PIN)."""

    save_address = forms.BooleanField(
        label=_("Save this address for next time"), required=False, initial=True
    )

    class Meta:
        model = Address
        fields = ["full_name", "mobile", "line1", "line2", "city", "state", "pin_code"]
        field_classes = {"mobile": IndianMobileField, "pin_code": PinCodeField}
        widgets = {
            "mobile": forms.TextInput(attrs={"placeholder": "98765 43210"}),
            "pin_code": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "postal-code"}
            ),
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "line1": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "line2": forms.TextInput(attrs={"autocomplete": "address-line2"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["state"].initial = DEFAULT_STATE
        self.fields["mobile"].help_text = _("10 digits; we add +91.")


class CheckoutForm(forms.Form):
    """Which address and payment method; the new address is a separate AddressForm."""

    address = forms.ChoiceField(label=_("Ship to"), widget=forms.RadioSelect)
    payment_method = forms.ChoiceField(label=_("Payment"), widget=forms.RadioSelect, initial="cod")
    idempotency_key = forms.CharField(max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, addresses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.addresses = {str(a.pk): a for a in addresses}
        choices = [(pk, address.one_line()) for pk, address in self.addresses.items()]
        choices.append((NEW_ADDRESS, _("A new address")))
        self.fields["address"].choices = choices
        self.fields["address"].initial = next(iter(self.addresses), NEW_ADDRESS)
        self.fields["payment_method"].choices = payment_choices()

    @property
    def wants_new_address(self) -> bool:
        return self.data.get(self.add_prefix("address"), NEW_ADDRESS) == NEW_ADDRESS

    def saved_address(self) -> Address | None:
        return self.addresses.get(self.cleaned_data["address"])


# --- returns ---------------------------------------------------------------------------


class MultiplePhotoInput(forms.FileInput):
    allow_multiple_selected = True


class EvidencePhotosField(forms.FileField):
    """Up to ``max_count`` photos in one input, each checked like a product photo."""

    def __init__(self, *, max_count: int, **kwargs) -> None:
        self.max_count = max_count
        kwargs.setdefault(
            "widget", MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        )
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_empty_file", True)  # so the empty-file message is ours
        super().__init__(**kwargs)

    def clean(self, data, initial=None) -> list:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > self.max_count:
            raise forms.ValidationError(
                _("Add at most %(count)d photos."), params={"count": self.max_count}
            )
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        cleaned = [super(EvidencePhotosField, self).clean(f, initial) for f in files]
        for upload in cleaned:
            validate_image_upload(upload)
        return cleaned


class ReturnForm(forms.Form):
    """A buyer asks to return items of one line; COD buyers say where to send the money."""

    quantity = forms.IntegerField(label=_("How many"), min_value=1, initial=1)
    reason = forms.ChoiceField(
        label=_("Why are you returning it?"),
        choices=ReturnRequest.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose why you are returning the item.")},
    )
    note = forms.CharField(
        label=_("Tell the artisan more (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photos = EvidencePhotosField(
        label=_("Photos of the item (up to 4)"),
        max_count=MAX_PHOTOS,
        help_text=_("Show the problem, the tag and the packaging. JPEG, PNG or WebP."),
    )
    upi_id = NormalisedCharField(
        label=_("Your UPI id"),
        normalise=normalize_upi_id,
        max_length=255,
        required=False,
        validators=[validate_upi_id],
        help_text=_("For cash on delivery orders: where we send your money back."),
    )
    account_name = forms.CharField(label=_("Account holder's name"), max_length=120, required=False)
    account_number = NormalisedCharField(
        label=_("Bank account number"),
        normalise=compact,
        max_length=18,
        input_max_length=24,
        required=False,
        validators=[validate_bank_account_number],
    )
    ifsc = NormalisedCharField(
        label=_("IFSC of the bank branch"),
        normalise=compact_upper,
        max_length=11,
        input_max_length=15,
        required=False,
        validators=[validate_ifsc],
    )

    def __init__(self, *args, line, needs_payout: bool, protected: bool, available: int, **kw):
        super().__init__(*args, **kw)
        self.line, self.needs_payout = line, needs_payout
        self.fields["quantity"].max_value = available
        self.fields["quantity"].validators.append(MaxValueValidator(available))
        self.fields["quantity"].widget.attrs["max"] = available
        if protected:
            self.fields["photos"].required = True
            self.fields["photos"].error_messages["required"] = _(
                "This parcel has return protection: add at least one photo of the item, "
                "with its tag, as you received it."
            )
        if not needs_payout:
            for name in ("upi_id", "account_name", "account_number", "ifsc"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if not self.needs_payout or self.errors:
            return data
        bank = [data.get("account_name"), data.get("account_number"), data.get("ifsc")]
        if not data.get("upi_id") and not all(bank):
            raise forms.ValidationError(
                _(
                    "Tell us where to send your money: a UPI id, or the account holder's "
                    "name, account number and IFSC."
                )
            )
        return data

    def payout(self) -> Payout:
        if not self.needs_payout:
            return Payout()
        data = self.cleaned_data
        if data.get("upi_id"):
            return Payout(upi_id=data["upi_id"])
        return Payout(
            account_name=data["account_name"],
            account_number=data["account_number"],
            ifsc=data["ifsc"],
        )


class DisputeForm(forms.Form):
    note = forms.CharField(
        label=_("Why do you disagree?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why you disagree with the artisan.")},
    )
