"""Hindi date, time and number formats, as a Hindi newspaper or railway ticket writes them.

Django's own Hindi module leaves DATETIME_FORMAT to the US default ("N j, Y, P"), which
printed "नवम्बर. 26, 2026, 9:16 बजे": month first, a stray full stop, and the same "बजे"
for 9:16 in the morning and 9:16 at night. Here the day comes first and times use the
24-hour clock: "26 नवंबर 2026, 21:16 बजे". The month names themselves come from our
catalogue (see ``odop_market.locale_formats.month_names``).
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "G:i बजे"
DATETIME_FORMAT = "j F Y, G:i बजे"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d-m-Y"
SHORT_DATETIME_FORMAT = "d-m-Y G:i"
FIRST_DAY_OF_WEEK = 0  # Sunday (रविवार), as on Indian calendars

# Input: ISO first (what <input type="date"> sends), then day first.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"]
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
]

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = (3, 2, 0)  # 1,24,500: lakh and crore
