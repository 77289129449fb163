import pytest
from django.core.exceptions import ValidationError

from accounts.validators import (
    DEFAULT_STATE,
    INDIAN_STATES,
    gstin_check_char,
    gstin_matches_pan,
    normalize_gstin,
    normalize_ifsc,
    normalize_indian_mobile,
    normalize_pan,
    normalize_udyam,
    validate_bank_account_number,
    validate_gstin,
    validate_ifsc,
    validate_indian_mobile,
    validate_pan,
    validate_pin_code,
    validate_udyam,
)


def assert_rejected(validator, value: str, code: str) -> ValidationError:
    with pytest.raises(ValidationError) as excinfo:
        validator(value)
    assert excinfo.value.code == code
    return excinfo.value


# PIN code


@pytest.mark.parametrize("pin_code", ["226001", "110001", "282001", "999999"])
def test_pin_code_of_six_digits_not_starting_with_zero_is_accepted(pin_code):
    validate_pin_code(pin_code)


@pytest.mark.parametrize(
    "pin_code", ["022600", "22600", "2260011", "226 001", "22600A", "", "२२६००१", "226००१"]
)
def test_pin_code_that_is_not_six_plain_digits_is_rejected(pin_code):
    assert_rejected(validate_pin_code, pin_code, "invalid_pin_code")


def test_pin_code_error_message_shows_an_example():
    error = assert_rejected(validate_pin_code, "2260", "invalid_pin_code")
    assert "226001" in error.messages[0]


# Mobile numbers


@pytest.mark.parametrize(
    "typed",
    [
        "9876543210",
        "+91 98765 43210",
        "09876543210",
        "91-9876543210",
        "+91-98765-43210",
        " 98765 43210 ",
        "+919876543210",
    ],
)
def test_mobile_number_typed_in_common_ways_normalises_to_plus_91_form(typed):
    assert normalize_indian_mobile(typed) == "+919876543210"
    validate_indian_mobile(typed)


@pytest.mark.parametrize("mobile", ["6000000000", "7012345678", "8123456789", "+919999999999"])
def test_mobile_number_starting_with_6_to_9_is_accepted(mobile):
    validate_indian_mobile(mobile)


@pytest.mark.parametrize(
    "mobile",
    [
        "5876543210",  # mobile numbers start with 6, 7, 8 or 9
        "0522 2612345",  # a Lucknow landline
        "987654321",  # nine digits
        "98765432101",  # eleven digits without a 0 in front
        "+1 9876543210",  # another country
        "+92 9876543210",
        "98765-4321O",  # letter O for zero
        "९८७६५४३२१०",  # Devanagari digits
        "",
    ],
)
def test_mobile_number_that_is_not_an_indian_mobile_is_rejected(mobile):
    assert_rejected(validate_indian_mobile, mobile, "invalid_mobile")


def test_mobile_number_that_cannot_be_read_is_returned_without_separators():
    assert normalize_indian_mobile("98765 432") == "98765432"


# PAN


@pytest.mark.parametrize("pan", ["ABCPE1234F", "AAPFU0939F", "AAGCB7383J", "AAAHA1234A"])
def test_pan_in_the_printed_format_is_accepted(pan):
    validate_pan(pan)


@pytest.mark.parametrize("holder_type", list("PCHFATBLJG"))
def test_pan_is_accepted_for_every_holder_type(holder_type):
    validate_pan(f"ABC{holder_type}E1234F")


def test_pan_typed_in_lower_case_with_spaces_is_accepted_and_normalised():
    validate_pan("abcpe 1234f")
    assert normalize_pan(" abcpe 1234f ") == "ABCPE1234F"


@pytest.mark.parametrize(
    "pan",
    [
        "ABCXE1234F",  # X is not a holder type
        "ABCDE1234F",  # nor is D
        "ABCPE12345",  # ends with a digit
        "ABCP1E234F",
        "ABCPE1234",  # nine characters
        "ABCPE1234FG",
        "",
    ],
)
def test_pan_near_misses_are_rejected(pan):
    assert_rejected(validate_pan, pan, "invalid_pan")


# GSTIN


@pytest.mark.parametrize(
    ("first14", "check_char"), [("27AAPFU0939F1Z", "V"), ("29AAGCB7383J1Z", "4")]
)
def test_gstin_check_char_matches_real_gstins(first14, check_char):
    assert gstin_check_char(first14) == check_char


@pytest.mark.parametrize(
    "gstin",
    [
        "27AAPFU0939F1ZV",  # real, Maharashtra
        "29AAGCB7383J1Z4",  # real, Karnataka
        "09AAGCB7383J1Z6",  # Uttar Pradesh
        "01AAGCB7383J1ZM",  # lowest state code
        "38AAGCB7383J1Z5",  # highest state code (Ladakh)
        "97AAPFU0939F1ZO",  # Other Territory
        "99AAPFU0939F1ZK",  # Centre Jurisdiction
        "27AAPFU0939F2ZU",  # second registration on the same PAN in a state
        "27AAPFU0939FAZM",  # tenth or later registration: entity letter
    ],
)
def test_gstin_with_valid_state_pan_and_check_char_is_accepted(gstin):
    validate_gstin(gstin)


def test_gstin_typed_in_lower_case_with_spaces_is_accepted_and_normalised():
    validate_gstin("27aapfu0939f1zv")
    validate_gstin("27 AAPFU0939F 1ZV")
    assert normalize_gstin(" 27aapfu0939f1zv ") == "27AAPFU0939F1ZV"


@pytest.mark.parametrize(
    "gstin",
    [
        "27AAPFU0939F1ZW",  # one wrong check character
        "27AAPFU0939F1Z4",
        "29AAGCB7383J1Z5",
        "27AAPFU0993F1ZV",  # two digits swapped
    ],
)
def test_gstin_with_a_wrong_check_char_is_rejected(gstin):
    assert_rejected(validate_gstin, gstin, "invalid_gstin_check_char")


@pytest.mark.parametrize("gstin", ["39AAPFU0939F1ZQ", "00AAPFU0939F1ZB"])
def test_gstin_with_an_unknown_state_code_is_rejected_even_with_a_correct_check_char(gstin):
    assert_rejected(validate_gstin, gstin, "invalid_gstin_state_code")


@pytest.mark.parametrize(
    "gstin",
    [
        "27AAPXU0939F1ZU",  # PAN part has no valid holder type
        "27AAPFU0939F0ZW",  # entity number 0
        "27AAPFU0939F1YV",  # Z missing at position 14
        "27AAPFU0939F1Z",  # 14 characters
        "27AAPFU0939F1ZVV",
        "AAPFU0939F1ZV27",
        "",
    ],
)
def test_gstin_of_the_wrong_shape_is_rejected(gstin):
    assert_rejected(validate_gstin, gstin, "invalid_gstin")


def test_gstin_matches_the_pan_it_was_issued_on():
    assert gstin_matches_pan("27AAPFU0939F1ZV", "AAPFU0939F")
    assert gstin_matches_pan("27aapfu0939f1zv", " aapfu0939f ")


def test_gstin_does_not_match_another_pan():
    assert not gstin_matches_pan("27AAPFU0939F1ZV", "AAGCB7383J")
    assert not gstin_matches_pan("27AAPFU0939F1ZV", "AAPFU0939G")


# IFSC


@pytest.mark.parametrize("ifsc", ["SBIN0001234", "HDFC0000001", "PUNB0ABC123", "UTIB0SLKO01"])
def test_ifsc_of_four_letters_zero_and_six_characters_is_accepted(ifsc):
    validate_ifsc(ifsc)


def test_ifsc_typed_in_lower_case_is_accepted_and_normalised():
    validate_ifsc("sbin0001234")
    assert normalize_ifsc(" sbin 0001234 ") == "SBIN0001234"


@pytest.mark.parametrize(
    "ifsc",
    [
        "SBIN1001234",  # fifth character must be zero
        "SBINO001234",  # letter O instead of zero
        "SBI00001234",  # three letters
        "SBIN000123",  # ten characters
        "SBIN00012345",
        "SBIN000123-",
        "",
    ],
)
def test_ifsc_near_misses_are_rejected(ifsc):
    assert_rejected(validate_ifsc, ifsc, "invalid_ifsc")


# Udyam registration number


@pytest.mark.parametrize("udyam", ["UDYAM-UP-50-0012345", "UDYAM-MH-26-0000001"])
def test_udyam_number_in_certificate_format_is_accepted(udyam):
    validate_udyam(udyam)


@pytest.mark.parametrize(
    "typed", ["udyam-up-50-0012345", "UDYAM UP 50 0012345", " Udyam-UP - 50 - 0012345 "]
)
def test_udyam_number_typed_loosely_is_accepted_and_normalised(typed):
    validate_udyam(typed)
    assert normalize_udyam(typed) == "UDYAM-UP-50-0012345"


@pytest.mark.parametrize(
    "udyam",
    [
        "UDYAM-UP-5-0012345",  # one-digit district
        "UDYAM-UP-50-012345",  # six-digit serial
        "UDYAM-U1-50-0012345",  # state is letters
        "UDYOG-UP-50-0012345",
        "UP-50-0012345",
        "UDYAMUP500012345",
        "",
    ],
)
def test_udyam_near_misses_are_rejected(udyam):
    assert_rejected(validate_udyam, udyam, "invalid_udyam")


# Bank account number


@pytest.mark.parametrize("account", ["123456789", "000123456789", "123456789012345678"])
def test_bank_account_number_of_9_to_18_digits_is_accepted(account):
    validate_bank_account_number(account)


@pytest.mark.parametrize(
    "account", ["12345678", "1234567890123456789", "1234 5678 9012", "12345678A", ""]
)
def test_bank_account_number_near_misses_are_rejected(account):
    assert_rejected(validate_bank_account_number, account, "invalid_bank_account_number")


# States and union territories


def test_indian_states_list_28_states_and_8_union_territories_with_unique_codes():
    codes = [code for code, _name in INDIAN_STATES]
    assert len(INDIAN_STATES) == 36
    assert len(set(codes)) == 36
    assert all(len(code) == 2 and code.isupper() for code in codes)


def test_indian_states_are_in_alphabetical_order_of_english_name():
    names = [str(name) for _code, name in INDIAN_STATES]
    assert names == sorted(names)


def test_default_state_is_uttar_pradesh():
    assert dict(INDIAN_STATES)[DEFAULT_STATE] == "Uttar Pradesh"
