"""Strings that django-allauth (and Django's auth) show on our account pages, for Hindi.

Nothing imports this module and nothing needs to. It exists so that ``makemessages``
copies these msgids into our own catalog, locale/hi/LC_MESSAGES/django.po, where they
get plain, natural Hindi. Our catalog (``LOCALE_PATHS``) takes precedence over the ones
bundled with allauth and Django, whose Hindi is partial and stilted ("डाक पता" for email,
"कूटशब्द" for password) and leaves many of these strings in English.

The msgids are copied exactly from allauth 65's Python code (``allauth/account`` and
``allauth/mfa``: form labels, placeholders, validation errors), from allauth's message
templates (``account/messages/*.txt``, ``mfa/messages/*.txt``, which we do not override),
and from Django's password validators. A msgid that differs by one character from the
source no longer matches: copy, do not retype. After upgrading allauth, grep its source for
each string here and fix any that changed.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

#: allauth/account/fields.py and allauth/account/forms.py: labels and placeholders.
FORM_LABELS = (
    gettext_noop("Email"),
    gettext_noop("Email address"),
    gettext_noop("Email (optional)"),
    gettext_noop("Password"),
    gettext_noop("Password (again)"),
    gettext_noop("Remember Me"),
    gettext_noop("Forgot your password?"),
    gettext_noop("Current Password"),
    gettext_noop("New Password"),
    gettext_noop("New Password (again)"),
    gettext_noop("Code"),
    gettext_noop("You must type the same password each time."),
)

#: allauth/account/adapter.py: DefaultAccountAdapter.error_messages (email login only).
ACCOUNT_ERRORS = (
    gettext_noop("This account is currently inactive."),
    gettext_noop("You cannot remove your primary email address."),
    gettext_noop("This email address is already associated with this account."),
    gettext_noop("The email address and/or password you specified are not correct."),
    gettext_noop("A user is already registered with this email address."),
    gettext_noop("Please type your current password."),
    gettext_noop("Incorrect code."),
    gettext_noop("Incorrect password."),
    gettext_noop("Invalid or expired key."),
    gettext_noop("Invalid login."),
    gettext_noop("The password reset token was invalid."),
    gettext_noop("You cannot add more than %d email addresses."),
    gettext_noop("Too many failed login attempts. Try again later."),
    gettext_noop("The email address is not assigned to any user account."),
    gettext_noop("Your primary email address must be verified."),
    gettext_noop("Please select only one."),
    gettext_noop("The new value must be different from the current one."),
    gettext_noop("Be patient, you are sending too many requests."),
    # DefaultAccountAdapter.get_reauthentication_methods(): the "other ways" buttons.
    gettext_noop("Use your password"),
    gettext_noop("Send me a sign-in code"),
    gettext_noop("Use authenticator app or code"),
)

#: allauth/account/templates/account/messages/*.txt: the notices shown after an action.
ACCOUNT_MESSAGES = (
    gettext_noop("Successfully signed in as %(name)s."),
    gettext_noop("You have signed out."),
    gettext_noop("Confirmation email sent to %(email)s."),
    gettext_noop("You have confirmed %(email)s."),
    gettext_noop(
        "Unable to confirm %(email)s because it is already confirmed by a different account."
    ),
    gettext_noop("Removed email address %(email)s."),
    gettext_noop("You cannot remove your primary email address (%(email)s)."),
    gettext_noop("Primary email address set."),
    gettext_noop("Password successfully changed."),
    gettext_noop("Password successfully set."),
    gettext_noop("A sign-in code has been sent to %(recipient)s."),
)

#: allauth's phone sign-in (adapter errors; the phone messages are our own templates).
PHONE_STRINGS = (
    gettext_noop("The phone number and/or password you specified are not correct."),
    gettext_noop("A user is already registered with this phone number."),
    gettext_noop("The phone number is not assigned to any user account."),
    gettext_noop("Please select only one."),
    gettext_noop("Code"),
)

#: allauth/mfa: the code fields (totp/forms.py, base/forms.py), adapter errors, messages.
MFA_STRINGS = (
    gettext_noop("Authenticator code"),
    gettext_noop(
        "You cannot add an email address to an account protected by two-factor authentication."
    ),
    gettext_noop("You cannot deactivate two-factor authentication."),
    gettext_noop(
        "You cannot generate recovery codes without having two-factor authentication enabled."
    ),
    gettext_noop(
        "You cannot activate two-factor authentication until you have verified your email address."
    ),
    gettext_noop("Authenticator app activated."),
    gettext_noop("Authenticator app deactivated."),
    gettext_noop("A new set of recovery codes has been generated."),
)

#: django/forms and django/contrib/auth/password_validation.py: shown on the same forms.
#: Django's bundled Hindi leaves the password rules untranslated.
DJANGO_STRINGS = (
    gettext_noop("This field is required."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("This password is too common."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("Your password can’t be entirely numeric."),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        8,
    ),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        8,
    ),
)
