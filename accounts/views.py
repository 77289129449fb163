"""Account settings of our own, next to allauth's (email, password, two-step sign-in)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.models import User


class EmailLanguageForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["preferred_language"]
        widgets = {"preferred_language": forms.RadioSelect}


@login_required
def email_language(request: HttpRequest) -> HttpResponse:
    """The language of the emails we send this person (order updates, artisan decisions)."""
    form = EmailLanguageForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        if form.instance.preferred_language == User.Language.HINDI:
            messages.success(request, _("Saved. We will write to you in Hindi."))
        else:
            messages.success(request, _("Saved. We will write to you in English."))
        return redirect("accounts:email_language")
    return render(request, "account/email_language.html", {"form": form})
