"""allauth hooks: remember the language a person signed up in."""

from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import get_language


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        """New accounts get emails in the language they signed up in."""
        user = super().save_user(request, user, form, commit=False)
        if get_language() == "hi":
            user.preferred_language = "hi"
        if commit:
            user.save()
        return user
