"""Text for CSV files people open in a spreadsheet."""


def safe_cell(value) -> str:
    """Neutralise spreadsheet formulas in text typed by people (artisan names, towns):
    a cell starting with =, +, -, @, a tab or a carriage return is prefixed with '."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text
