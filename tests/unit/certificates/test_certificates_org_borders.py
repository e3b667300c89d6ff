"""The holder's name on scans framed by an ornament, and above its address (made-up text)."""

from portal.certificates.fields import label_candidates
from portal.certificates.layout import read_lines
from portal.certificates.organisation_borders import without_border
from portal.certificates.organisation_fallbacks import from_layout
from portal.certificates.organisations import find_organisation

# What OCR reads on a page framed by a decorative band: scraps at the start of most lines.
FRAMED = """\
ia) vu 1 Gade
ll                     CERTIFICATE OF REGISTRATION
cape Ga
an Gin
fan
i pin
                in                KESTREL TILE WORKS L.L.C
in hau Olan (Gf
                 cy)
            Ga                     P.O. BOX 4417, UNIT 9
ju co                  INDUSTRIAL AREA 6, SHARJAH, UAE
Gin (iy           has been assessed and certified as meeting the requirements of
a (Gan                 ISO 9001:2015
pe
pi nif                 Certificate No: KT-0042
"""


def _organisation(text: str):
    lines = read_lines([text])
    return find_organisation(lines, label_candidates(lines))


def test_scraps_of_a_frame_do_not_hide_the_name():
    org, address = _organisation(FRAMED)
    assert org is not None and org.value == "KESTREL TILE WORKS L.L.C"
    assert address is not None and "SHARJAH" in address.value


def test_a_frame_needs_many_lines():
    lines = read_lines(["in        NORTHWIND LTD\nGa        12 High Street, Leeds\n"])
    kept, _ = without_border(lines, [])
    assert kept == lines


def test_labels_in_a_left_column_are_no_frame():
    text = "\n".join(f"Site:      Plant {n}, Leeds, UK" for n in range(8))
    lines = read_lines([text])
    kept, _ = without_border(lines, [])
    assert kept == lines


def test_the_name_is_the_line_above_the_address():
    text = """\
                 ~O
                 ey
                 HARBOUR FOODS LTD
                 14 Quay Road, Cork, Ireland
                 has been assessed and certified as meeting the requirements of
    """
    org, address = from_layout(read_lines([text]))
    assert org.value == "HARBOUR FOODS LTD"
    assert address.value == "14 Quay Road, Cork, Ireland"


def test_a_house_number_line_with_place_names_is_the_address_not_the_name():
    # no street word, country or postcode on the first address line: its house number and
    # the place names after it make it an address
    text = """\
      MEHTA INSTRUMENT WORKS
         4417, SADAR BAZAR, RAJPURA TOWN, PATIALA,
                   PUNJAB - 140401, INDIA

         has been independently assessed by Example Cert
    """
    org, address = from_layout(read_lines([text]))
    assert org.value == "MEHTA INSTRUMENT WORKS"
    assert address.value.startswith("4417, SADAR BAZAR")


def test_a_house_number_needs_place_names_after_it():
    from portal.certificates.fields import looks_like_address

    assert looks_like_address("12/4 LGF, Green Hills Extension, Lakeside,")
    assert not looks_like_address("3M Company")
    assert not looks_like_address("08-03-2023, 08-03-2023, 08-03-2023")
    assert not looks_like_address("4, VY, ty")
