from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.images import ProductPhotoField
from engagement.models import MAX_REVIEW_PHOTOS

RATING_CHOICES = [
    (5, _("5 stars: excellent")),
    (4, _("4 stars: good")),
    (3, _("3 stars: all right")),
    (2, _("2 stars: poor")),
    (1, _("1 star: very poor")),
]


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ReviewPhotosField(ProductPhotoField):
    """Up to three photos, each checked like a product photo."""

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_REVIEW_PHOTOS:
            raise forms.ValidationError(_("A review can have at most 3 photos."), code="too_many")
        return [super(ReviewPhotosField, self).clean(f, initial) for f in files]


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Your rating"), choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Your review"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What did you like, and what could be better? Write in any language."),
    )
    photos = ReviewPhotosField(
        label=_("Photos (up to 3)"),
        required=False,
        widget=MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this review?"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=_("Your public reply"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("You can reply once. Everyone who reads the review will see it."),
    )
