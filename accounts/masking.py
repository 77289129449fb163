"""Masking of identity and bank numbers for display."""


def mask(value: str | None, visible: int = 4) -> str:
    """Show only the last ``visible`` characters: ``XXXXXXXX1234``."""
    if not value:
        return ""
    if len(value) <= visible:
        return "X" * len(value)
    return "X" * (len(value) - visible) + value[-visible:]
