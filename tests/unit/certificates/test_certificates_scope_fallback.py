"""A scope printed under the standard with no wording before it (made-up text)."""

import pytest

from portal.certificates.parsing import extract_text_fields

PLAIN = """\
                      CERTIFICATE OF REGISTRATION
             The management system of certificate number 771204
                        Larkspur Cable Works Ltd.
                   18 Mill Lane, Stockport SK4 1AA, UK
        has been assessed and certified as meeting the requirements of
                             ISO 9001:2015
{title}
              Design and manufacture of braided copper cables
                     for rail and marine customers.

                  Initial certification: 2 June 2023
                  Expiry date: 11 April 2028
"""


@pytest.mark.parametrize("title", ["", "                    Quality Management System"])
def test_the_statement_under_the_standard_is_the_scope(title):
    result = extract_text_fields([PLAIN.format(title=title)])
    assert result.scope is not None
    assert result.scope.value == (
        "Design and manufacture of braided copper cables for rail and marine customers."
    )
    assert result.scope.confidence <= 0.5  # no label: a person should check it


@pytest.mark.parametrize(
    "under",
    [
        "This certificate remains valid while the system is maintained.",
        "In the operating unit of:",
        "Dieses Zertifikat ist gültig bis zum Ablaufdatum.",
        "Сертификат действителен при условии надзора.",
        "Subject to annual surveillance audits",
    ],
)
def test_a_sentence_of_the_certificate_itself_is_no_scope(under):
    text = PLAIN.format(title="").replace(
        "              Design and manufacture of braided copper cables\n"
        "                     for rail and marine customers.\n",
        f"              {under}\n",
    )
    assert extract_text_fields([text]).scope is None


def test_a_labelled_scope_wins_over_the_statement():
    text = PLAIN.format(title="") + "\n        Scope: Repair of copper cables\n"
    assert extract_text_fields([text]).scope.value == "Repair of copper cables"


WRAPPED_HEAD = """\
                      CERTIFICATE OF REGISTRATION
                         This is to certify that
                     NORTHBAY SACKS INDUSTRIES
                 Plot 4, Harbour Industrial Estate, Leeds LS1 4AB
                 has been independently assessed and is compliant with
                             ISO 9001:2015
                  For the following scope of activities:
"""


def test_a_wrapped_scope_line_ocr_split_into_cells_is_kept_whole():
    text = WRAPPED_HEAD + """\
          MANUFACTURE, SUPPLY, EXPORT OF HDPE, PP WOVEN FABRIC,
                     BAGS     - SACK AND PE TARPAULIN.

               Certificate Expiry: 12th December 2027
"""
    result = extract_text_fields([text], ocr=True)
    assert result.scope.value == (
        "MANUFACTURE, SUPPLY, EXPORT OF HDPE, PP WOVEN FABRIC, BAGS - SACK AND PE TARPAULIN."
    )


def test_a_second_column_beside_a_wrapped_line_is_not_joined():
    text = WRAPPED_HEAD + """\
          MANUFACTURE AND SUPPLY OF WOVEN FABRIC
          AND BAGS                                        Signed for QRO
"""
    result = extract_text_fields([text], ocr=True)
    assert result.scope.value == "MANUFACTURE AND SUPPLY OF WOVEN FABRIC AND BAGS"


def test_a_centred_scope_line_wider_than_the_line_above_is_kept_whole():
    """A centred paragraph's lines differ in width: a line that OCR split into cells is
    joined up to the paragraph's widest line, not only the line just above."""
    text = WRAPPED_HEAD + """\
      Recovery of inert waste in a mobile plant through storage, sorting and crushing
          for the production of recycled aggregate and the sale of
          aggregate. Earthworks   and road works, demolition and sewers of towns
"""
    result = extract_text_fields([text], ocr=True)
    assert result.scope.value == (
        "Recovery of inert waste in a mobile plant through storage, sorting and crushing for the"
        " production of recycled aggregate and the sale of aggregate. Earthworks and road works,"
        " demolition and sewers of towns"
    )
