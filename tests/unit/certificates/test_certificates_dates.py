from datetime import date

import pytest

from portal.certificates.dates import ORDER_DMY, ORDER_MDY, find_dates, infer_order, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14 March 2025", date(2025, 3, 14)),
        ("March 14, 2025", date(2025, 3, 14)),
        ("14.03.2025", date(2025, 3, 14)),
        ("2025-03-14", date(2025, 3, 14)),
        ("03/14/2025", date(2025, 3, 14)),
        ("14/03/2025", date(2025, 3, 14)),
        ("25th October 2025", date(2025, 10, 25)),
        ("30th - April -2026", date(2026, 4, 30)),
        ("1st June 2028", date(2028, 6, 1)),
        ("14-Mar-2025", date(2025, 3, 14)),
        ("14. März 2025", date(2025, 3, 14)),
        ("3 Nisan 2026", date(2026, 4, 3)),
        ("1 Şubat 2024", date(2024, 2, 1)),
        ("14 de marzo de 2025", date(2025, 3, 14)),
        ("Issued this 14th day of March 2025", date(2025, 3, 14)),
        ("14th of March, 2025", date(2025, 3, 14)),
        ("Valid until: 13/03/2028 (subject to surveillance)", date(2028, 3, 13)),
    ],
)
def test_parse_date_formats(text, expected):
    assert parse_date(text) == expected


def test_ambiguous_slash_date_follows_order():
    assert parse_date("01/02/2025", order=ORDER_DMY) == date(2025, 2, 1)
    assert parse_date("01/02/2025", order=ORDER_MDY) == date(2025, 1, 2)


def test_dotted_dates_are_always_day_first():
    assert parse_date("01.02.2025", order=ORDER_MDY) == date(2025, 2, 1)


def test_infer_order_from_unambiguous_dates():
    assert infer_order(find_dates("03/14/2025 and 01/02/2025")) == ORDER_MDY
    assert infer_order(find_dates("14/03/2025 and 01/02/2025")) == ORDER_DMY
    assert infer_order(find_dates("01/02/2025"), us_hint=True) == ORDER_MDY
    assert infer_order(find_dates("01/02/2025")) == ORDER_DMY


def test_not_dates():
    assert find_dates("ISO/IEC 27001:2022 version 2.1") == []
    assert find_dates("Certificate No. 12 310 56789") == []
