"""Number formats Django's locales lack: Indian digit grouping (lakh, crore)."""


def group_indian(digits: str) -> str:
    """'124500' -> '1,24,500': the last three digits, then groups of two.

    Django's Hindi and English formats group by thousands only, so every rupee filter
    (catalog's ``inr``, search's ``rupees``, orders' ``money``) goes through this.
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
