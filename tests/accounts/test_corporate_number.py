import pytest

from hackplat.accounts.corporate_number import is_valid_corporate_number, with_check_digit


def test_national_tax_agency_number_is_valid() -> None:
    assert is_valid_corporate_number("7000012050002")


@pytest.mark.parametrize(
    "number", ["8000012050002", "700001205000", "70000120500021", "7000-12050002", "７０００012050002", ""]
)
def test_wrong_check_digit_or_shape_is_refused(number: str) -> None:
    assert not is_valid_corporate_number(number)


def test_with_check_digit_round_trips() -> None:
    for base in ("000012050002", "020001012345", "999999999999"):
        assert is_valid_corporate_number(with_check_digit(base))
