"""Input checks shared by the commands of every aggregate (each names the field at fault)."""

from __future__ import annotations

from ledger.errors import RuleViolation

MAX_FEN = 10**15  # far inside int64; no single figure in a county comes near


def check_code(code: object, field: str = "code") -> str:
    """A natural code: non-empty, no spaces or slashes (it appears in event references)."""
    if not isinstance(code, str) or not code or any(c in code for c in " /\t\n"):
        raise RuleViolation(
            f"{field} {code!r} must be a non-empty code without spaces or '/'", field=field
        )
    return code


def check_text(text: object, field: str) -> str:
    """A required text: non-empty after trimming."""
    if not isinstance(text, str) or not text.strip():
        raise RuleViolation(f"{field} must be a non-empty text", field=field)
    return text


def check_fen(amount: object, field: str = "amount_fen", *, positive: bool = True) -> int:
    """Money in integer fen (never float), within int64."""
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise RuleViolation(f"{field} must be an integer number of fen", field=field)
    if amount < 0 or (positive and amount == 0) or amount > MAX_FEN:
        raise RuleViolation(f"{field} {amount} is out of range", field=field)
    return amount


def check_count(value: object, field: str, *, minimum: int = 1, maximum: int = 10**9) -> int:
    """A whole number within bounds."""
    if not isinstance(value, int) or isinstance(value, bool) or not minimum <= value <= maximum:
        raise RuleViolation(
            f"{field} must be a whole number from {minimum} to {maximum}", field=field
        )
    return value


def check_coordinates(lat: float | None, lon: float | None) -> None:
    """Latitude and longitude, both or neither, within range."""
    if (lat is None) != (lon is None):
        raise RuleViolation("give both lat and lon, or neither", field="lat")
    if lat is not None and not -90 <= lat <= 90:
        raise RuleViolation(f"lat {lat} is out of range", field="lat")
    if lon is not None and not -180 <= lon <= 180:
        raise RuleViolation(f"lon {lon} is out of range", field="lon")
