"""The one money format: ₹1,250 for whole rupees, ₹1,250.50 otherwise, Indian grouping.

Pages, emails, CSV exports and admin all go through ``format_money`` (templates through
the ``money`` filter), so an amount reads the same wherever a person meets it.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PAISE = Decimal("0.01")


def group_indian(digits: str) -> str:
    """'124500' -> '1,24,500': the last three digits, then groups of two.

    Django's Hindi and English formats group by thousands only (lakh and crore are
    written 1,24,500 and 1,00,00,000 in India).
    """
    if len(digits) <= 3:
        return digits
    head, tail = digits[:-3], digits[-3:]
    groups = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return ",".join([*groups, tail])


def to_rupees(value) -> Decimal | None:
    """``value`` as a Decimal rounded to paise, or None when it is not a number."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        amount = Decimal(str(value)).quantize(PAISE, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError, TypeError):
        return None
    return amount if amount.is_finite() else None


def format_money(value, *, symbol: bool = True) -> str:
    """Decimal('124500') -> '₹1,24,500'; Decimal('1250.5') -> '₹1,250.50'; junk -> ''.

    ``symbol=False`` leaves out the ₹ (for CSV columns whose heading names the currency).
    """
    amount = to_rupees(value)
    if amount is None:
        return ""
    whole, _dot, paise = f"{abs(amount):.2f}".partition(".")
    text = group_indian(whole) if paise == "00" else f"{group_indian(whole)}.{paise}"
    sign = "-" if amount < 0 else ""
    return f"{sign}₹{text}" if symbol else f"{sign}{text}"
