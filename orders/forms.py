"""Forms for the cart, checkout and the artisan's order actions. They never carry prices."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.form_fields import PinCodeField
from accounts.models import Address
from accounts.phone import IndianMobileField
from accounts.validators import DEFAULT_STATE
from orders.payments import payment_choices

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
