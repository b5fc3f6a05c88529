"""法人番号 (Japanese corporate number): 13 digits, the first a check digit.

The National Tax Agency's rule: with the 12 base digits P1..P12 counted from the right,
check = 9 - (sum(P_n * Q_n) mod 9), where Q_n is 1 for odd n and 2 for even n.
"""

from __future__ import annotations


def check_digit(base12: str) -> int:
    total = sum(int(digit) * (1 if n % 2 else 2) for n, digit in enumerate(reversed(base12), start=1))
    return 9 - total % 9


def is_valid_corporate_number(value: str) -> bool:
    if len(value) != 13 or not value.isascii() or not value.isdigit():
        return False
    return int(value[0]) == check_digit(value[1:])


def with_check_digit(base12: str) -> str:
    """The full number for 12 base digits (used by demo data and tests)."""
    return f"{check_digit(base12)}{base12}"
