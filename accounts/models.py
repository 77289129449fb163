"""Users log in with their email or their Indian mobile number; buyers keep saved addresses.

Either identifier may be missing, but not both (a DB check). Each is unique when set: an
absent email or mobile is stored as NULL, never "", so the unique indexes ignore it.
"""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.phone import format_indian_mobile
from accounts.validators import (
    INDIAN_STATES,
    normalize_indian_mobile,
    validate_indian_mobile,
    validate_pin_code,
)


class UserManager(BaseUserManager):
    """Manager for a user model whose login is the email address."""

    use_in_migrations = True

    def _create_user(
        self, email: str | None, password: str | None, *, phone: str | None = None, **extra_fields
    ):
        email = self.normalize_email(email) if email else None
        phone = normalize_indian_mobile(phone) if phone else None
        if not email and not phone:
            raise ValueError("An email address or a mobile number is required.")
        if phone:
            validate_indian_mobile(phone)
        user = self.model(email=email, phone=phone, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(
        self,
        email: str | None = None,
        password: str | None = None,
        *,
        phone: str | None = None,
        **extra_fields,
    ):
        """A user with an email, a mobile number ("98765 43210" or "+919876543210"), or both.

        Without a password the account has an unusable one: mobile users sign in by code.
        """
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, phone=phone, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        """Staff keep email, password and TOTP: a superuser must have an email."""
        if not email:
            raise ValueError("A superuser needs an email address.")
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        """Django's ModelBackend (admin, `authenticate`) finds users by email; never by a
        missing one, which would match every mobile-only account."""
        if not username:
            raise self.model.DoesNotExist
        return self.get(email=username)


class User(AbstractUser):
    """A person with an account: shopper, artisan or ODOP staff.

    Shoppers and artisans sign in with an email and password or with a mobile number and a
    one-time SMS code (allauth's phone login, see accounts.adapters); staff always have an
    email, a password and TOTP.
    """

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        HINDI = "hi", _("Hindi")

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True, null=True, blank=True)
    phone = models.CharField(
        _("mobile number"),
        max_length=13,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_indian_mobile],
        help_text=_("An Indian mobile number; codes and notices are sent to it by SMS."),
    )
    # db_default: rows written by code that predates the column (a rolling deploy, old
    # migrations' historical models) still get a value.
    phone_verified = models.BooleanField(
        _("mobile number verified"), default=False, db_default=False
    )
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=Language.choices,
        default=Language.ENGLISH,
        help_text=_("Emails from ODOP Market are sent in this language."),
    )

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")
        WHATSAPP = "whatsapp", _("WhatsApp")

    notification_channel = models.CharField(
        _("send updates by"),
        max_length=10,
        choices=Channel.choices,
        blank=True,
        default="",
        db_default="",
        help_text=_(
            "How we tell you about orders, shipping and your shop. Empty: SMS for artisans "
            "with a mobile number, email for everyone else who has one."
        ),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(email__isnull=False) | Q(phone__isnull=False),
                name="user_has_email_or_phone",
            ),
            models.CheckConstraint(condition=~Q(email=""), name="user_email_null_not_blank"),
            models.CheckConstraint(
                condition=Q(phone__isnull=True) | Q(phone__regex=r"^\+91[6-9][0-9]{9}$"),
                name="user_phone_e164_indian_mobile",
            ),
            models.CheckConstraint(
                condition=Q(notification_channel__in=["", "email", "sms", "whatsapp"]),
                name="user_notification_channel_known",
            ),
        ]

    def save(self, *args, **kwargs):
        # Forms give "" for an empty box; NULL keeps the unique indexes to real values.
        self.email = self.email or None
        self.phone = normalize_indian_mobile(self.phone) if self.phone else None
        super().save(*args, **kwargs)

    @property
    def login_name(self) -> str:
        """The identifier people know the account by: the email, else the mobile number."""
        return self.email or format_indian_mobile(self.phone)

    def __str__(self) -> str:
        return self.login_name

    @property
    def is_artisan(self) -> bool:
        """Whether the user has a seller profile (the sellers app's reverse one-to-one)."""
        return hasattr(self, "seller_profile")

    def updates_channel(self, *, artisan: bool | None = None) -> str:
        """The channel notices go by: the user's choice if it can reach them; else SMS for
        an artisan with a mobile number, else email, else SMS.

        ``artisan`` saves the query for callers that know (an order's seller).
        """
        chosen = self.notification_channel
        if chosen == self.Channel.EMAIL and self.email:
            return chosen
        if chosen in (self.Channel.SMS, self.Channel.WHATSAPP) and self.phone:
            return chosen
        is_artisan = self.is_artisan if artisan is None else artisan
        if self.phone and (is_artisan or not self.email):
            return self.Channel.SMS
        return self.Channel.EMAIL

    def get_full_name(self) -> str:
        return self.full_name or self.login_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.login_name


class PostalAddress(models.Model):
    """An Indian postal address: +91 mobile, 6-digit PIN, one of the 36 states and UTs.

    Saved addresses and an order's shipping address are both this shape, so checkout
    copies one into the other field by field.
    """

    #: The fields that make up the address, in the order people write them.
    FIELDS = ("full_name", "mobile", "line1", "line2", "city", "state", "pin_code")

    full_name = models.CharField(_("full name"), max_length=150)
    mobile = models.CharField(
        _("mobile number"), max_length=13, validators=[validate_indian_mobile]
    )
    line1 = models.CharField(_("house, street"), max_length=200)
    line2 = models.CharField(_("area, landmark"), max_length=200, blank=True)
    city = models.CharField(_("town or city"), max_length=100)
    state = models.CharField(_("state or union territory"), max_length=2, choices=INDIAN_STATES)
    pin_code = models.CharField(_("PIN code"), max_length=6, validators=[validate_pin_code])

    class Meta:
        abstract = True

    def address_fields(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in self.FIELDS}

    def one_line(self) -> str:
        """'Asha Devi, 12 Kabir Road, Varanasi 221001, +91 98765 43210'."""
        parts = [self.full_name, self.line1, self.line2, f"{self.city} {self.pin_code}"]
        return ", ".join(p for p in [*parts, format_indian_mobile(self.mobile)] if p)


class AddressQuerySet(models.QuerySet):
    def same_as(self, address: PostalAddress) -> models.QuerySet:
        """Saved addresses with exactly the fields of ``address``."""
        return self.filter(**address.address_fields())


class Address(PostalAddress):
    """A saved shipping address. Orders copy it, so editing it never changes an old order."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="addresses", verbose_name=_("user")
    )
    is_default = models.BooleanField(_("default address"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AddressQuerySet.as_manager()

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        ordering = ["-is_default", "-created_at"]

    def __str__(self) -> str:
        return f"{self.full_name}, {self.city} {self.pin_code}"
