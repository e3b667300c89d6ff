"""Reading rules for label tables, bilingual label stacks, site lists and prose on small
made-up snippets: each failed on the reader before these rules."""

from portal.certificates.captions import captions_above
from portal.certificates.fields import parse_certificate_number
from portal.certificates.layout import find_labels, foreign_score, prefer_english, read_lines
from portal.certificates.parsing import extract_text_fields
from portal.certificates.textquality import repair_words


def read(text: str):
    result = extract_text_fields([text])
    assert result.status == "ok", result.message
    return result


def sites(result) -> list[str]:
    return [s.value for s in result.sites]


def test_a_name_and_address_label_gives_the_name_alone():
    result = read("""
            CERTIFICATE
            of conformity of the management system
                                   No. 118/QM/2025

            Name and address of the organisation:
             Wrenfield Analytics S.A.
             ul. Polna 12, 00-625 Warszawa, Polska

            Management system standard:
             ISO 9001:2015
            Valid until:      20.04.2028
    """)
    assert result.organization.value == "Wrenfield Analytics S.A."
    assert result.address.value == "ul. Polna 12, 00-625 Warszawa, Polska"


def test_a_signatory_of_a_department_does_not_name_the_body():
    result = read("""
                          Brightwater Registrar Services, Inc.
                              Management Systems Registrar
                         CERTIFICATE OF CONFORMANCE
                              This document attests that
                               Tallgrass Software Corporation
                               12 Elm Street, Omaha, NE 68102
    maintains a management system found to conform with ISO 9001:2015.
    Certificate No.:   BRS-55120-1          Valid Through:   June 3, 2027
    Mara Olsen
    Executive Director, Registration Services
    """)
    assert result.certification_body.value == "Brightwater Registrar Services, Inc."


def test_facilities_included_lists_the_sites():
    result = read("""
    CERTIFICATE OF CONFORMANCE
    This document attests that
                    Tallgrass Software Corporation
                    12 Elm Street, Omaha, NE 68102, United States
    maintains a management system found to conform with ISO 9001:2015.
    Scope of registration:
    Provision of payroll software.
    Facilities included:
       12 Elm Street, Omaha, NE 68102, United States
       400 Pine Avenue, Lincoln, NE 68508, USA

    Certificate No.:   BRS-55120-1          Valid Through:   June 3, 2027
    """)
    assert sites(result) == ["12 Elm Street, Omaha, NE 68102, United States",
                             "400 Pine Avenue, Lincoln, NE 68508, USA"]


def test_dutch_and_portuguese_site_headings_and_carried_out_at():
    dutch = read("""
    CERTIFICAAT
    Certificaatnummer: NL-77120
    Hierbij wordt verklaard dat het managementsysteem van
    Vlietland Data B.V.
    Stationsweg 4, 2312 AV Leiden, Nederland
    in overeenstemming is bevonden met de eisen van ISO 9001:2015

    Vestigingen:
       Stationsweg 4, 2312 AV Leiden, Nederland
       Havenstraat 9, 1011 AB Amsterdam, Nederland

    Geldig tot:       18 juni 2028
    """)
    assert sites(dutch) == ["Stationsweg 4, 2312 AV Leiden, Nederland",
                            "Havenstraat 9, 1011 AB Amsterdam, Nederland"]
    assert dutch.certification_body is None  # "Havenstraat 9, 1011 AB": a postcode, no company
    portuguese = read("""
    CERTIFICADO
    Certificado nº: BR-4410/25
    Certificamos que o sistema de gestão da organização
    Araucária Sistemas Ltda.
    Rua das Flores, 12, Centro, Curitiba – PR, 80010-100, Brasil
    foi auditado e considerado conforme aos requisitos da norma ISO 9001:2015

    Unidades certificadas:
    1) Rua das Flores, 12, Centro, Curitiba – PR, 80010-100, Brasil
    2) Av. Brasil, 400, Centro, Londrina – PR, 86010-200, Brasil

    Válido até:      25 de março de 2027
    """)
    assert sites(portuguese) == ["Rua das Flores, 12, Centro, Curitiba – PR, 80010-100, Brasil",
                                 "Av. Brasil, 400, Centro, Londrina – PR, 86010-200, Brasil"]
    english = read("""
                         Certificate of Compliance
                        This certificate is awarded to
                      Marula Data Systems (Pty) Ltd
              4 Loop Street, Cape Town 8001, South Africa
    for the operation of a Quality Management System which has been assessed and found to
                    comply with the requirements of ISO 9001:2015
                       in respect of the following activities:
                          Hosting of accounting software.

                                carried out at:
              4 Loop Street, Cape Town 8001, South Africa
              22 Main Road, Durban 4001, South Africa

    Certificate No. ZA-9001-1234 | Issued: 1 August 2024 | Expires: 31 July 2027
    """)
    assert sites(english) == ["4 Loop Street, Cape Town 8001, South Africa",
                              "22 Main Road, Durban 4001, South Africa"]


def test_a_company_register_number_in_the_issuers_footer_is_no_certificate_number():
    result = read("""
                       Certificate of Compliance
                      This certificate is awarded to
                    Marula Data Systems (Pty) Ltd
    for the operation of a Quality Management System which has been assessed and found to
                  comply with the requirements of ISO 9001:2015
    Valid until: 31 July 2027

      Kudu Certification Services (Pty) Ltd · Reg. No. 2014/118812/07 · 3 Long Street, Cape Town
    """)
    assert result.certificate_number is None


def test_a_sentence_in_the_next_column_is_not_the_holder():
    result = read("""
   CERTIFICATE                                         CERTIFICADO

   Certificate No. CO-QMS-118-25                       Certificado N.º CO-QMS-118-25

   This is to certify that the Quality Management      Se certifica que el Sistema de Gestión de
   System of                                           la Calidad de
   Ceiba Servicios Digitales                           Ceiba Servicios Digitales
   S.A.S.                                              S.A.S.
   Calle 10 # 4-21, Bogotá D.C., 110311                Calle 10 # 4-21, Bogotá D.C., 110311

   has been audited and found to comply with the       ha sido auditado y hallado conforme con los
   requirements of ISO 9001:2015                       requisitos de ISO 9001:2015
   Expires on:         13 February 2028                Vence el:     13 de febrero de 2028
    """)
    assert result.organization.value == "Ceiba Servicios Digitales S.A.S."


def _word(text: str, x0: float, top: float = 100.0) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + 6 * len(text), "top": top, "bottom": top + 10}


def test_a_name_that_lost_its_ligature_is_restored_from_the_logo_that_prints_it_whole():
    words = [
        _word("MOFFAT", 400, 40),  # the logo, drawn without ligatures
        _word("Certi", 50), _word("icate", 86),  # "Certificate", its "fi" lost
        _word("Issued", 50, 300), _word("by", 92, 300), _word("Mofat", 110, 300),
        _word("Assurance", 146, 300),
    ]
    texts = [w["text"] for w in repair_words(words)]
    assert "Moffat" in texts and "Certificate" in texts
    # a page that lost no ligature is left as printed
    assert [w["text"] for w in repair_words([_word("MOFFAT", 400, 40),
                                             _word("Mofat", 110, 300)])] == ["MOFFAT", "Mofat"]


def test_a_value_goes_on_beside_its_label_in_the_other_language():
    result = read("""
             组织名称                            杭州云帆信息技术有限公司
             Name of Organization            Hangzhou Yunfan Information Technology Co., Ltd.

             注册地址                            No. 9 Wensan Road, Xihu District, Hangzhou,
             Registered Address              Zhejiang 310012, P.R. China

             Certification Standard          ISO 9001:2015
             证书编号                            CN-Q-44120
             Certificate No.
             证书有效期至                          2028年6月16日
             Valid Until
    """)
    assert result.address.value == ("No. 9 Wensan Road, Xihu District, Hangzhou, Zhejiang 310012, "
                                     "P.R. China")


def test_a_site_label_centred_on_its_list_and_a_label_in_two_languages():
    centred = read("""
                   CERTIFICATE OF REGISTRATION
             Certificate No.             SG-Q-2025-0101
             Name of Organisation        Tembusu Data Pte. Ltd.
             Address                     8 Marina View, #20-01, Singapore 018960

                                         8 Marina View, #20-01, Singapore 018960
             Certified Sites
                                         2 Changi South Lane, #03-01, Singapore 486123

             Standard                    ISO 9001:2015
             Date of Expiry              08 Jan 2028
    """)
    assert sites(centred) == ["8 Marina View, #20-01, Singapore 018960",
                              "2 Changi South Lane, #03-01, Singapore 486123"]
    korean = read("""
                                              CERTIFICATE
            인증번호                   KQ-QMS-1201
            Certificate No.

            업체명                    (주)하늘소프트
            Company Name           Haneul Soft Co., Ltd.

            소재지                    서울특별시 중구 세종대로 110
            Address                110 Sejong-daero, Jung-gu, Seoul 04524, Republic of Korea

            인증사업장                  110 Sejong-daero, Jung-gu, Seoul 04524, Republic of Korea
            Certified Sites        77 Centum-ro, Haeundae-gu, Busan 48058, Republic of Korea

            인증규격                   ISO 9001:2015
            Applicable Standard
            유효기간                   2025. 01. 24. ~ 2028. 01. 23.
            Period of Validity
    """)
    assert sites(korean) == ["110 Sejong-daero, Jung-gu, Seoul 04524, Republic of Korea",
                             "77 Centum-ro, Haeundae-gu, Busan 48058, Republic of Korea"]


def test_an_address_printed_in_japanese_and_in_english_is_kept_in_english():
    result = read("""
                           CERTIFICATE OF REGISTRATION
            登録番号                        JP-Q-7781
            Registration No.

            組織名                         ひばり工業株式会社
            Organization
                                        Hibari Industries K.K.

            所在地                         〒530-0001 大阪府大阪市北区梅田一丁目1番3号
            Address                     1-1-3 Umeda, Kita-ku, Osaka 530-0001, Japan

            適用規格                        ISO 9001:2015
            Standard

            登録事業所                       〒530-0001 大阪府大阪市北区梅田一丁目1番3号
            Registered Sites            1-1-3 Umeda, Kita-ku, Osaka 530-0001, Japan
                                        〒460-0008 愛知県名古屋市中区栄三丁目5番1号
                                        3-5-1 Sakae, Naka-ku, Nagoya 460-0008, Japan

            有効期限                        2027年2月15日
            Expiry Date
    """)
    assert result.address.value == "1-1-3 Umeda, Kita-ku, Osaka 530-0001, Japan"
    assert sites(result) == ["1-1-3 Umeda, Kita-ku, Osaka 530-0001, Japan",
                             "3-5-1 Sakae, Naka-ku, Nagoya 460-0008, Japan"]


def test_a_bilingual_site_list_keeps_the_english_lines():
    result = read("""
                                GIẤY CHỨNG NHẬN / CERTIFICATE
                                    Số / No.: VN-Q 1201.25
                        This is to certify that the Quality Management System of
                                  SEN VANG GARMENT COMPANY LIMITED
            has been assessed and found to conform to the requirements of ISO 9001:2015
            Địa điểm được chứng nhận / Certified sites:
             1. Số 14, Đường 3, Khu công nghiệp Sóng Thần, Tỉnh Bình Dương, Việt Nam
                No. 14, Road 3, Song Than Industrial Park, Binh Duong Province, Vietnam
             2. Lô C7, Khu công nghiệp Tiên Sơn, Tỉnh Bắc Ninh, Việt Nam
                Lot C7, Tien Son Industrial Park, Bac Ninh Province, Vietnam
            Có hiệu lực đến / Valid until:        ngày 09 tháng 3 năm 2028 (9 March 2028)
    """)
    assert sites(result) == [
        "No. 14, Road 3, Song Than Industrial Park, Binh Duong Province, Vietnam",
        "Lot C7, Tien Son Industrial Park, Bac Ninh Province, Vietnam",
    ]
    assert foreign_score("Sản xuất hàng may mặc xuất khẩu.") >= 1
    assert foreign_score("供") == 1 and foreign_score("Provision of hosting services.") == 0


def test_a_scope_sentence_wraps_to_its_paragraphs_margin():
    result = read("""
                                      Certificate
             This is to certify that Lindenfield Data Ltd, of 4 Park Row, Leeds
             LS1 5HD, United Kingdom, operates a Quality Management System which has
             been assessed and found to comply with the requirements
             of                        in respect of the following activities: Development,
             hosting and support of dental practice software. Certificate number
             77120 expires on 18 August 2026. ISO 9001:2015
    """)
    assert result.scope.value == ("Development, hosting and support of dental practice "
                                  "software.")


def test_the_end_of_a_sentence_begun_in_another_language_is_not_the_english_scope():
    assert prefer_english(["kartong.", "Manufacture of cartons from recycled board."]) == [
        "Manufacture of cartons from recycled board."]
    # a sentence's start is kept whole, whatever its last line
    assert prefer_english(["Development of", "software.", "Hosting services."]) == [
        "Development of", "software.", "Hosting services."]


def test_certificate_number_labels_and_values():
    assert parse_certificate_number("NO-QMS-57624") == "NO-QMS-57624"
    assert parse_certificate_number("No. 4411") == "4411"
    assert parse_certificate_number("NOR1234") == "NOR1234"
    line = read_lines(["Certificado n2: BR-SGQ-4331/25"])[0]
    assert [h.field for h in find_labels(line.cells[0])] == ["certificate_number"]
    assert read("""
    CERTIFICATE
    The management system of
    Fjellheim Data AS
    has been audited and found to meet the requirements of ISO 9001:2015
    Certificate no.          First certified           Valid from               Valid to
    NO-QMS-11873             5 March 2019              5 March 2025             4 March 2028
    """).certificate_number.value == "NO-QMS-11873"


def test_scope_and_initial_date_labels():
    result = read("""
    Registration Certificate
    This is to certify that
    Juniper Vision AI, Inc.
    operates an Artificial Intelligence Management System that has been audited and found to
    conform to ISO/IEC 42001:2023
       Activities covered by the AI management system
       Design and operation of computer-vision models for retail shelf monitoring.
    Registration Number                     RCR-22-1180-AI
    Registration Expiration Date            January 9, 2028
    """)
    assert result.scope.value == ("Design and operation of computer-vision models for retail "
                                  "shelf monitoring.")
    for label in ("Certification initiale", "Prima certificazione", "Erstzertiizierung"):
        cell = read_lines([label])[0].cells[0]
        assert [h.field for h in find_labels(cell)] == ["initial_certification_date"], label


def test_an_address_under_a_caption_is_no_certificate_number():
    lines = read_lines(["""
           Locations:      901 Lake Avenue, Chicago, IL 60614, United States
                           500 Pearl Street, Suite 300, Denver, CO 80203, United States
           Registration Number
           Current Certificate Date                      December 8, 2024
    """])
    assert captions_above(lines) == lines


def _prose_row(parts: list[str], top: float, starts: list[float], gap: float) -> list[dict]:
    """Words of one row, each part a column starting at its x, words `gap` points apart."""
    words = []
    for part, x in zip(parts, starts, strict=True):
        for token in part.split():
            width = 5.5 * len(token)
            words.append({"text": token, "x0": x, "x1": x + width, "top": top,
                          "bottom": top + 11})
            x += width + gap
    return words


def test_two_columns_of_prose_set_with_wide_gaps_are_cut_at_the_gutter_only():
    from portal.certificates.wordlayout import words_to_layout

    rows = [("Lakehead Registrar Inc., a management", "This registration is identified by"),
            ("system certification body accredited by", "certificate number LHR-Q-4410. The"),
            ("the Standards Council of Canada, hereby", "organization was first registered on"),
            ("certifies that Kestrel Foods Ltd., whose", "March 24, 2021. This certificate was")]
    words = []
    for n, (left, right) in enumerate(rows):
        words += _prose_row([left, right], 100 + 16 * n, [54, 330], 12.0)  # gaps over 1 em
    lines = [line.strip() for line in words_to_layout(words).splitlines() if line.strip()]
    # one gap of three spaces or more per line, at the gutter: the words of a column stay one
    # sentence, which the reader can follow
    assert all(len([g for g in line.split("   ") if g.strip()]) == 2 for line in lines), lines
    assert "certifies that Kestrel Foods Ltd., whose" in lines[3]


def test_prose_in_two_columns_gives_its_number_and_wrapped_dates():
    result = read("""
                         CERTIFICATE OF REGISTRATION

   Lakehead Registrar Inc., a management           This registration is identified by certificate
   system certification body accredited by         number LHR-Q-4410. The organization was
   the Standards Council of Canada, hereby         first registered on 24 March 2021. This
   certifies that Kestrel Foods Ltd., whose        certificate was issued on 24 March
   principal place of business is 8 Bay St,        2024 and remains valid until 23 March
   Toronto, has established a quality              2027, subject to surveillance audits.
   management system found to conform to the       The audit found the management system
   requirements of ISO 9001:2015.                  effective, with no open major
                                                   nonconformity at the time of the decision.
    """)
    assert result.certificate_number.value == "LHR-Q-4410"
    assert str(result.issue_date.value) == "2024-03-24"
    assert str(result.expiry_date.value) == "2027-03-23"
    assert result.organization.value == "Kestrel Foods Ltd."


def test_a_scope_for_the_following_product_or_service_ranges():
    result = read("""
    Certificate of Registration
    Halden Certification hereby certifies that
    NORTHGATE SUPPLY TRADING EST.
    has been independently assessed and is compliant with the requirement of
    ISO 9001:2015                    Quality Management System
    This certificate is applicable to the following product or service ranges:
    Supply of industrial consumables and safety products.
    Expiry Date : 20. Apr. 2029
    """)
    assert result.scope.value == "Supply of industrial consumables and safety products."


def test_sites_listed_on_the_page_the_certificate_points_to():
    result = extract_text_fields([
        """
                         CERTIFICATE OF REGISTRATION
        The Certification Body of Example hereby certifies that the following organization
        operates an Information Security Management System that conforms to ISO/IEC 27001:2022
                                 Quillon Labs, Inc.
                        12 Harbor Road, Wilmington, Delaware 19801
           The scope of the certification covers the ISMS supporting the Quillon platform,
                 which includes the following in-scope location(s) on page 2 of 2
                          Certificate Number: 5512044-1
                  October 12, 2025          October 3, 2024         October 9, 2027
        """,
        """
                                   Certificate Number: 5512044-1
         Austin, TX United States                      Management activities for Quillon Labs,
                                                       Inc. and its platform
            CONDITIONS & LIMITATIONS:
            1. The organization maintains compliance during the period of certification.
        """,
    ])
    assert [s.value for s in result.sites] == ["Austin, TX United States"]


def test_a_bulleted_list_under_the_organisations_address_label_gives_its_sites():
    result = extract_text_fields(["""
                       CERTIFICADO
                   LSQ Example S.A. emite un certificado a:
                         GRUPO TALA
                   TALA S.A. - RIVO S.A.
                   Dirección de la organización:
                   -Terminal Portuaria: km 12.500 Ruta 21, Nueva Palmira.
                   - Oficina Central: Rambla 1450, Montevideo.
                   - Acopio de granos. Operativa de carga y descarga de granos,
                   Dolores, Soriano.
                   Alcance de la certificación: Servicios logísticos portuarios.
                   Norma: ISO 9001:2015
                   Vencimiento: 12/05/2027
    """])
    assert sites(result) == [
        "Terminal Portuaria: km 12.500 Ruta 21, Nueva Palmira.",
        "Oficina Central: Rambla 1450, Montevideo.",
        "Acopio de granos. Operativa de carga y descarga de granos, Dolores, Soriano.",
    ]


def test_a_bare_certificate_label_valid_since_and_a_portuguese_legal_name():
    result = read("""
                                          MANAGEMENT SYSTEMS CERTIFICATE
       This is to certify that the management system of:
       Fjordvik Elektro AS
       Storgata 3, 3674 Notodden, Norway
       Has been assessed and found to meet the requirements of
       ISO 9001:2015
       This certificate is valid for the following scope of operations:
       Design and assembly of switchboards.
                                                         Certificate: 5120/PT/Q/2
                                                         Valid since: 27 February 2024
                                                         Valid until: 26 February 2027*
      *This certificate is the property of Alentejo Audit Center and remains valid subject to
      satisfactory annual surveillance audits.
       Alentejo Audit Center Portugal, Unip. Lda., Rua da Sé 2, 7000-511 Évora, Portugal
    """)
    assert result.certificate_number.value == "5120/PT/Q/2"
    assert str(result.issue_date.value) == "2024-02-27"
    assert result.certification_body.value == "Alentejo Audit Center Portugal, Unip. Lda."
    line = read_lines(["Certificate: ISO 9001:2015"])[0]  # a standard after it is no number
    assert "certificate_number" not in [h.field for h in find_labels(line.cells[0])]


def test_an_sgs_certificate_in_spanish():
    result = extract_text_fields(["""
           Esta es una traducción del certificado PE21/447120113
           El sistema de gestión de
           QUENUAL E.I.R.L.

           Jr. Lima N° 120, Huaraz, Perú.
           ha sido evaluado y certificado que cumple con los requisitos de

           ISO 9001:2015
           Para las siguientes actividades

           Mantenimiento de equipos de bombeo.

           Este certificado es válido desde 27 de noviembre de 2024 hasta 26 de noviembre de 2027
    """])
    assert result.organization.value == "QUENUAL E.I.R.L."
    assert result.certificate_number.value == "PE21/447120113"
    assert result.scope.value == "Mantenimiento de equipos de bombeo."


def test_a_body_accredited_with_another_and_an_expiry_only_as_renewal_due():
    result = read("""
                       Certificate of Registration
                                                 This is to certify that
            RIVERBANK GURUKUL TRUST
                    LALGANJ, AZAMGARH, UTTAR PRADESH - 276202, INDIA
               Has been assessed and certified by Northfield Certification Services
                              As meeting the requirements of:
                                      ISO 9001:2015
                               :: Certificate No. :: QMS/26M01234
            Date of initial registration:                                     17 March 2026
            First Surv. Audit on or before:                                   16 March 2027
            Re-certification Due:                                             16 March 2029
    This certification of registration is issued by Northfield Certification Services accredited
    with ALBION CERT LIMITED
    """)
    assert result.certification_body.value == "Northfield Certification Services"
    assert str(result.expiry_date.value) == "2029-03-16"
    assert result.expiry_date.confidence <= 0.5  # a renewal date, for a person to confirm


def test_italian_operative_units_and_a_dash_after_a_wide_gap():
    result = read("""
                     SI CERTIFICA CHE IL SISTEMA DI GESTIONE PER LA QUALITA DI
                    WE HEREBY CERTIFY THAT THE QUALITY MANAGEMENT SYSTEM OPERATED BY
                        RESTAURI ETRUSCHI SRL
                                  VIA ROMA 12        - 01100 VITERBO (VT)
                                             UNITA' OPERATIVE/OPERATIVE UNITS
                                  VIA ROMA 12        - 01100 VITERBO (VT)
                              E' CONFORME ALLA NORMA /IS IN COMPLIANCE WITH THE STANDARD
                                                  ISO 9001:2015
                                SCADENZA / EXPIRY:  24/09/2027
    """)
    assert result.address.value == "VIA ROMA 12 - 01100 VITERBO (VT)"
    assert sites(result) == ["VIA ROMA 12 - 01100 VITERBO (VT)"]


def test_a_dakks_number_for_product_schemes_and_one_misread_by_ocr_name_dakks():
    from portal.certificates.bodies import find_accreditation

    for printed in ("D-ZE-14579-01-00", "D-2M-12007-01-01"):
        found = find_accreditation(read_lines([f"Accreditation {printed}"]))
        assert found[0] is not None and found[0].value == "DAkkS", printed


def test_a_company_name_beside_stray_logo_letters_is_the_holder():
    result = extract_text_fields(["""
                                               Certificado ES16/44120
                                                      El sistema de gestion de
       TALLERES NORTE, S.L                                                         <M CERTIF/@

                                                        Pol. Ind. Santiga
                                             08210 Barbera del Valles (Barcelona)
       ha sido evaluado y certificado en cuanto al cumplimiento de los requisitos de
                                                  ISO 9001:2015
                                              Para las siguientes actividades
                                          Mantenimiento de carretillas.
    """])
    assert result.organization.value == "TALLERES NORTE, S.L"


def test_ocrs_a_for_g_in_a_scope_trigger_is_put_right():
    from portal.certificates.ocrlabels import repair_label_lines

    assert repair_label_lines("Para las siauientes actividades") == (
        "Para las siguientes actividades")


def test_a_romanian_certificate_with_its_places_and_english_scope():
    result = extract_text_fields(["""
                C    E    R    T    I    F    I    C    A    T
                        SRAC certifică organizaţia/ certifies the organisation

                                     CHIMTEX S.R.L.

                         Sediul social: Str. Lalelelor, nr. 12, sector 2, Bucuresti

                      Sediul de lucru: Str. Fabricii, nr. 4, com. Chiajna, jud. Ilfov

                                     pentru urmatoarele activitati/
                                   for the following fields of activities
                       Productia si comercializarea vopselelor si a lacurilor
                               Production and sale of paints and varnishes
                     are implementat si mentine un         which has implemented and maintains a
                    sistem de managementul calitatii      quality management system
                        SR EN ISO 9001:2015 (ISO 9001:2015)
          valabil pina la/ valid until   03 martie 2027
    """])
    assert result.certification_body.value == "SRAC"
    assert result.scope.value == "Production and sale of paints and varnishes"
    assert sites(result) == ["Sediul social: Str. Lalelelor, nr. 12, sector 2, Bucuresti",
                             "Sediul de lucru: Str. Fabricii, nr. 4, com. Chiajna, jud. Ilfov"]


def test_a_scope_trigger_wrapped_before_its_last_word_beside_a_logo():
    result = read("""
       This is to certify that the management system of:
       Fjordvik Elektro AS
       Has been assessed and found to meet the requirements of ISO 9001:2015
       This certificate is valid for the following scope of                      ISO 9001:2015
       operations:                                                                certification
       Design and assembly of switchboards.
                                                         Valid until: 26 February 2027
    """)
    assert result.scope.value == "Design and assembly of switchboards."


def test_a_number_beside_a_label_without_its_degree_sign_and_a_prefix_ocr_set_apart():
    result = read("""
                               CERTIFICATO N
                                                                        9170.ABCD
                               CERTIFICATE N
                                    WE HEREBY CERTIFY THAT THE QUALITY SYSTEM OPERATED BY
                                        CERAMICHE TUSCIA SRL
                                  IS IN COMPLIANCE WITH THE STANDARD ISO 9001:2015
                                  EXPIRY  24/09/2027
    """)
    assert result.certificate_number.value == "9170.ABCD"
    iqnet = read_lines(["          Registration Number            IT     100764"])
    from portal.certificates.fields import label_candidates

    assert [c.text for c in label_candidates(iqnet)] == ["IT 100764"]


def test_a_standard_wrapped_after_its_prefix_and_a_sidebar_beside_it():
    from portal.certificates.parsing import _standards

    wrapped = read_lines(["""
        Valid until                 has established and applies   a management system for ISO/IEC
        7 May 2027                  42001:2023.
    """])
    assert [s.value for s in _standards(wrapped)] == ["ISO/IEC 42001:2023"]
    sidebar = read_lines(["""
        Effective Date         has established and applies a management system for ISO/IEC
        2025-08-01             27001:2013, and operates it.
    """])
    assert [s.value for s in _standards(sidebar)] == ["ISO/IEC 27001:2013"]
