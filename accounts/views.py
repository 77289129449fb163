"""Account settings of our own, next to allauth's (email, password, two-step sign-in)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


class UpdatesChannelForm(forms.ModelForm):
    """How notices reach the person: only a channel their account can reach is accepted."""

    class Meta:
        model = User
        fields = ["notification_channel"]
        widgets = {"notification_channel": forms.RadioSelect}
        labels = {"notification_channel": gettext_lazy("Send my updates by")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["notification_channel"]
        field.required = True
        field.choices = User.Channel.choices
        field.help_text = ""
        if not self.instance.notification_channel:
            self.initial["notification_channel"] = self.instance.updates_channel()

    def clean_notification_channel(self) -> str:
        channel = self.cleaned_data["notification_channel"]
        if channel == User.Channel.EMAIL and not self.instance.email:
            raise forms.ValidationError(
                _("Your account has no email address yet. Add one first, or choose SMS."),
                code="no_email",
            )
        if channel in (User.Channel.SMS, User.Channel.WHATSAPP) and not self.instance.phone:
            raise forms.ValidationError(
                _("Your account has no mobile number yet. Add one first, or choose email."),
                code="no_phone",
            )
        return channel


@login_required
def updates_channel(request: HttpRequest) -> HttpResponse:
    """Email, SMS or WhatsApp for order, shipping and shop notices."""
    form = UpdatesChannelForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            _("Saved. We will send your updates by %(channel)s.")
            % {"channel": form.instance.get_notification_channel_display()},
        )
        return redirect("accounts:updates_channel")
    return render(request, "account/updates_channel.html", {"form": form})
