"""The GET form that filters and sorts product lists on district and craft pages."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.sorting import LISTING_SORTS, sort_choices


def _price_field(label) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "1"}),
    )


class ProductFilterForm(forms.Form):
    """Craft, price range, in-stock, verified GI and sort. Invalid values are reported and
    ignored."""

    #: The query parameters of a product list page (with its page number).
    PARAMS = ("craft", "min_price", "max_price", "in_stock", "gi", "sort", "page")

    craft = forms.ChoiceField(label=_("Craft"), required=False)
    min_price = _price_field(_("Lowest price (₹)"))
    max_price = _price_field(_("Highest price (₹)"))
    in_stock = forms.BooleanField(label=_("Only in stock"), required=False)
    gi = forms.BooleanField(label=_("Only verified GI products"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"), choices=sort_choices(LISTING_SORTS), required=False
    )

    def __init__(self, *args, crafts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if crafts is None:
            del self.fields["craft"]
        else:
            self.fields["craft"].choices = [("", _("All crafts"))] + [
                (craft.slug, craft.tr("name")) for craft in crafts
            ]

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_price"), cleaned.get("max_price")
        if low is not None and high is not None and low > high:
            self.add_error("max_price", _("The highest price must not be below the lowest."))
        return cleaned

    def valid_values(self) -> dict:
        """The fields that passed validation; the others are left out (and shown as errors)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.errors and value not in (None, "", False)
        }
