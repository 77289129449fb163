"""The listing form: a product, its existing photos and slots for new ones.

Works without JavaScript: new photos go in numbered slots (a file and its descriptions),
existing photos carry an order number and a remove box.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from catalog.images import validate_image_upload
from catalog.models import Product, ProductImage
from catalog.services import MAX_IMAGES
from console.forms import TranslatedChoiceField
from districts.models import Craft, GITag
from sellers.models import SellerProfile

#: New-photo slots shown at once; more can be added after saving.
NEW_IMAGE_SLOTS = 4


class ProductForm(forms.ModelForm):
    craft = TranslatedChoiceField(
        queryset=Craft.objects.order_by("name"),
        label=_("Craft"),
        empty_label=None,
    )
    price = forms.DecimalField(
        label=_("Price in rupees (₹), GST included"),
        min_value=Decimal("1"),
        max_digits=10,
        decimal_places=2,
        help_text=_("What the buyer pays for one piece, for example 1250."),
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01", "min": "1"}),
        error_messages={
            "required": _("Enter the price in rupees, for example 1250."),
            "min_value": _("The price must be at least ₹1."),
            "invalid": _("Enter the price as a number, for example 1250 or 1250.50."),
            "max_decimal_places": _("Use at most 2 digits after the point (paise)."),
            "max_digits": _("This price is too large."),
        },
    )

    class Meta:
        model = Product
        fields = [
            "title",
            "title_hi",
            "description",
            "description_hi",
            "craft",
            "price",
            "fulfilment",
            "stock",
            "processing_days",
            "materials",
            "materials_hi",
            "weight_grams",
            "length_cm",
            "width_cm",
            "height_cm",
            "gi_tag",
        ]
        labels = {
            "title": _("Product name (in English)"),
            "title_hi": _("Product name (in Hindi)"),
            "description": _("Description (in English)"),
            "description_hi": _("Description (in Hindi)"),
            "fulfilment": _("Is it ready, or do you make it after an order?"),
            "stock": _("Pieces ready to send"),
            "processing_days": _("Days you need to make it"),
            "materials": _("Materials (in English)"),
            "materials_hi": _("Materials (in Hindi)"),
            "weight_grams": _("Weight with packing, in grams (optional)"),
            "length_cm": _("Length in cm (optional)"),
            "width_cm": _("Width in cm (optional)"),
            "height_cm": _("Height in cm (optional)"),
            "gi_tag": _("GI tag (optional)"),
        }
        help_texts = {
            "title": _("Fill in at least one of the two names. For example: Blue pottery vase."),
            "title_hi": _("For example: नीला मिट्टी का फूलदान"),
            "description": _("Size, colours, how it is made, how to care for it."),
            "stock": _(
                "How many you have ready now, or for made-to-order work, how many more "
                "you can make. Put 0 when you cannot take more orders."
            ),
            "processing_days": _("Only for made-to-order products: days until you can send it."),
            "materials": _("For example: cotton, silk thread, natural dyes."),
            "weight_grams": _("Used to work out delivery. 1 kg = 1000 grams."),
            "gi_tag": _(
                "Choose only if your product is made under this Geographical Indication. "
                "ODOP staff check the claim before it is shown to buyers."
            ),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "description_hi": forms.Textarea(attrs={"rows": 4, "lang": "hi"}),
            "title_hi": forms.TextInput(attrs={"lang": "hi"}),
            "materials_hi": forms.TextInput(attrs={"lang": "hi"}),
            "fulfilment": forms.RadioSelect,
            "stock": forms.NumberInput(attrs={"inputmode": "numeric", "min": "0"}),
            "processing_days": forms.NumberInput(attrs={"inputmode": "numeric", "min": "0"}),
            "weight_grams": forms.NumberInput(attrs={"inputmode": "numeric", "min": "0"}),
        }
        error_messages = {
            "stock": {"min_value": _("Stock cannot be below 0.")},
            "processing_days": {"min_value": _("Days cannot be below 0.")},
        }

    def __init__(self, *args, seller: SellerProfile, **kwargs):
        super().__init__(*args, **kwargs)
        self.seller = seller
        if not self.instance.pk and not self.initial.get("craft"):
            self.initial["craft"] = seller.craft_id
        gi_tags = GITag.objects.filter(districts=seller.district_id).order_by("name")
        if gi_tags.exists() or self.instance.gi_tag_id:
            field = self.fields["gi_tag"]
            field.queryset = gi_tags
            field.label_from_instance = lambda tag: tag.tr("name")
            field.empty_label = _("No GI claim")
        else:
            del self.fields["gi_tag"]

    def clean(self) -> dict:
        cleaned = super().clean()
        if not (cleaned.get("title") or "").strip() and not (cleaned.get("title_hi") or "").strip():
            self.add_error("title", _("Write the product's name, in English or in Hindi."))
        made_to_order = cleaned.get("fulfilment") == Product.Fulfilment.MADE_TO_ORDER
        if made_to_order and not cleaned.get("processing_days"):
            self.add_error(
                "processing_days",
                _("For a made-to-order product, say how many days you need to make it."),
            )
        return cleaned

    @property
    def gi_changed(self) -> bool:
        return "gi_tag" in self.changed_data


class NewImageForm(forms.Form):
    """One slot for a new photo; an empty slot is ignored."""

    file = forms.FileField(
        label=_("Photo"),
        required=False,
        allow_empty_file=True,  # validate_image_upload refuses it, naming the file
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    alt_text = forms.CharField(
        label=_("What the photo shows (in English)"), required=False, max_length=200
    )
    alt_text_hi = forms.CharField(
        label=_("What the photo shows (in Hindi)"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"lang": "hi"}),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            try:
                validate_image_upload(upload)
            except ValidationError as error:
                raise ValidationError(
                    _("“%(name)s” was not accepted: %(reason)s")
                    % {"name": upload.name, "reason": " ".join(error.messages)},
                    code="refused_image",
                ) from error
        return upload


class BaseNewImageFormSet(forms.BaseFormSet):
    default_error_messages = {
        # Django's own "Please submit at most 8 forms." means nothing to an artisan.
        "too_many_forms": _(
            "A product can have at most %(num)d photos: choose fewer photos and save again."
        ),
    }

    def filled(self) -> list[dict]:
        return [f.cleaned_data for f in self.forms if f.cleaned_data.get("file")]

    def refused_files(self) -> list[str]:
        """Why the new photos were refused: too many of them, or each bad file by name."""
        too_many = list(self.non_form_errors())
        return too_many + [e for f in self.forms for e in f.errors.get("file", [])]


def new_image_formset(data=None, files=None, *, existing: int) -> BaseNewImageFormSet:
    slots = max(0, min(NEW_IMAGE_SLOTS, MAX_IMAGES - existing))
    formset_class = forms.formset_factory(
        NewImageForm,
        formset=BaseNewImageFormSet,
        extra=slots,
        max_num=MAX_IMAGES,
        absolute_max=MAX_IMAGES,
    )
    return formset_class(data, files, prefix="new")


class ExistingImageForm(forms.ModelForm):
    class Meta:
        model = ProductImage
        fields = ["position", "alt_text", "alt_text_hi"]
        labels = {
            "position": _("Order (1 is shown first)"),
            "alt_text": _("What the photo shows (in English)"),
            "alt_text_hi": _("What the photo shows (in Hindi)"),
        }
        widgets = {
            "position": forms.NumberInput(attrs={"inputmode": "numeric", "min": "1"}),
            "alt_text_hi": forms.TextInput(attrs={"lang": "hi"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            # People count from 1; positions are stored from 0.
            self.initial["position"] = self.instance.position + 1


ExistingImageFormSet = forms.modelformset_factory(
    ProductImage, form=ExistingImageForm, extra=0, can_delete=True, max_num=MAX_IMAGES
)


def existing_image_formset(data=None, *, product: Product | None):
    queryset = product.images.order_by("position", "pk") if product else ProductImage.objects.none()
    formset = ExistingImageFormSet(data, queryset=queryset, prefix="photos")
    for form in formset.forms:
        form.fields["DELETE"].label = _("Remove this photo")
    return formset
