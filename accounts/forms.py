"""Our version of allauth's sign-up form: a mobile number, or an email and a password."""

from __future__ import annotations

from allauth.account.fields import EmailField
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import RequestLoginCodeForm as AllauthRequestLoginCodeForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.utils import set_form_field_order
from django import forms
from django.utils.translation import gettext_lazy as _


class LoginForm(AllauthLoginForm):
    """The password form is for email addresses: mobile numbers sign in with a code (the
    page's other form, allauth's request-login-code view). So the box is an email box, as
    it was before mobile sign-in, rather than allauth's generic "Login"."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"] = EmailField()
        set_form_field_order(self, ["login", "password", "remember"])


class SignupForm(AllauthSignupForm):
    """Either a mobile number (we send a code; no password needed) or, as before, an email
    and a password. With both, the email path applies and the number is verified too.

    An empty form asks for the email and password, as the page always has.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.by_phone = (
            bool(self.data.get("phone", "").strip()) and not self.data.get("email", "").strip()
        )
        if self.by_phone:
            for name in ("email", "password1", "password2"):
                if name in self.fields:
                    self.fields[name].required = False


class RequestLoginCodeForm(AllauthRequestLoginCodeForm):
    """allauth's form, refusing an empty one: with both a mobile and an email field it
    would otherwise pass with neither filled in and leave nobody to send a code to."""

    def clean(self):
        cleaned_data = super().clean()
        if not self.errors and not (cleaned_data.get("phone") or cleaned_data.get("email")):
            raise forms.ValidationError(_("Enter your mobile number or your email address."))
        return cleaned_data
