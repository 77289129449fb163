"""An artisan's GI authorised-user claims: send one with the certificate, see its state."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.validators import FileExtensionValidator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from console.access import seller_required
from districts.models import GITag
from sellers.models import GIAuthorisedUser
from sellers.services import submit_gi_authorisation

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024


class GIClaimForm(forms.Form):
    gi_tag = forms.ModelChoiceField(
        label=gettext_lazy("GI tag"), queryset=GITag.objects.order_by("name")
    )
    authorised_user_number = forms.CharField(
        label=gettext_lazy("Authorised user number"),
        max_length=60,
        help_text=gettext_lazy("As printed on your authorised-user certificate."),
    )
    document = forms.FileField(
        label=gettext_lazy("Certificate (PDF, JPEG or PNG, up to 5 MB)"),
        validators=[FileExtensionValidator(["pdf", "jpg", "jpeg", "png"])],
        help_text=gettext_lazy("Only ODOP staff can open it. It is never shown to buyers."),
    )

    def __init__(self, *args, seller, **kwargs):
        super().__init__(*args, **kwargs)
        tags = GITag.objects.filter(districts=seller.district).order_by("name")
        self.fields["gi_tag"].queryset = tags if tags.exists() else GITag.objects.order_by("name")
        self.fields["gi_tag"].label_from_instance = lambda tag: tag.tr("name")

    def clean_document(self):
        document = self.cleaned_data["document"]
        if document.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return document


@seller_required
def gi_claims(request: HttpRequest) -> HttpResponse:
    form = GIClaimForm(request.POST or None, request.FILES or None, seller=request.seller)
    if request.method == "POST" and form.is_valid():
        submit_gi_authorisation(
            seller=request.seller,
            gi_tag=form.cleaned_data["gi_tag"],
            authorised_user_number=form.cleaned_data["authorised_user_number"].strip(),
            document=form.cleaned_data["document"],
        )
        messages.success(request, _("Thank you. ODOP staff will check your certificate."))
        return redirect("console:gi_claims")
    claims = GIAuthorisedUser.objects.filter(seller=request.seller).select_related("gi_tag")
    return render(request, "console/gi_claims.html", {"form": form, "claims": claims})
