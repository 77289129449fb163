"""Month names in Hindi, spelt as Hindi readers expect: सितंबर, नवंबर, दिसंबर.

Nothing imports this module. It exists so that ``makemessages`` copies Django's month
msgids into our catalogue (``LOCALE_PATHS`` wins over Django's own), because Django's
Hindi catalogue misspells three of them (सितमबर, नवमबर, दिसमबर) and abbreviates with a
stray full stop ("नवम्बर."). The msgids and contexts are Django's, from
``django/utils/dates.py``: copy, do not retype.
"""

from django.utils.translation import gettext_noop, pgettext_lazy

#: The ``F`` date format (our DATE_FORMAT and DATETIME_FORMAT).
MONTHS = (
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
)

#: The ``N`` format (Django's default DATE_FORMAT, still used where a format is forced).
MONTHS_AP = (
    pgettext_lazy("abbrev. month", "Jan."),
    pgettext_lazy("abbrev. month", "Feb."),
    pgettext_lazy("abbrev. month", "March"),
    pgettext_lazy("abbrev. month", "April"),
    pgettext_lazy("abbrev. month", "May"),
    pgettext_lazy("abbrev. month", "June"),
    pgettext_lazy("abbrev. month", "July"),
    pgettext_lazy("abbrev. month", "Aug."),
    pgettext_lazy("abbrev. month", "Sept."),
    pgettext_lazy("abbrev. month", "Oct."),
    pgettext_lazy("abbrev. month", "Nov."),
    pgettext_lazy("abbrev. month", "Dec."),
)

#: The ``E`` format (month in a date, e.g. the admin's calendar).
MONTHS_ALT = (
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
)
