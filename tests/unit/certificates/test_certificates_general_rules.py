"""General reading rules on small snippets: who is certified, who certifies, which date is which."""

from datetime import date

import pytest

from portal.certificates.layout import prefer_english, split_cells
from portal.certificates.names import is_registry_id, looks_like_person, plausible_name
from portal.certificates.parsing import extract_text_fields

FOOT = """
   Standard:               ISO/IEC 27001:2022
   Certificate No.:        IS 712345
"""


def read(text: str, foot: str = FOOT):
    result = extract_text_fields([text + foot])
    assert result.status == "ok", result.message
    return result


def value(field):
    return field.value if field else None


@pytest.mark.parametrize(
    "text, org",
    [
        (  # the body "confirms that" and the name sits on its own line, no label
            """CERTIFICATE
            Certivo Example B.V. confirms that

                 Northwind Labs N.V.
                 Proefweg 22, 3511 CE Utrecht, The Netherlands

            is registered to ISO/IEC 27001:2022 with the following scope:
            Provision of cloud services.
            """,
            "Northwind Labs N.V.",
        ),
        (  # the name to the right of the sentence on the same line
            """Certificate of Registration
   This is to certify that:   Zephyrine Solutions plc
                              21 Lowther Street
                              Leeds LS1 4AP
            """,
            "Zephyrine Solutions plc",
        ),
        (
            """CERTIFICATE
            In accordance with TÜV procedures, it is hereby certified that

                      Orbison Digital Services GmbH
                      Leopoldstraße 175, 80804 München, Germany

            applies a management system in line with the above standard
            """,
            "Orbison Digital Services GmbH",
        ),
        (  # a French sentence, its English translation below, then the name
            """CERTIFICAT
        AFCERT Certification certifie que le système de management mis en place par :
        AFCERT Certification certifies that the management system implemented by:

                      Castellan Data Systems SARL
            """,
            "Castellan Data Systems SARL",
        ),
        (
            """CERTIFICATE
            The management system of
            Larkspur Digital Services LLP
            3rd Floor, 90 Fenwick Lane
            London EC2M 7HB

            has been assessed and certified as meeting the requirements of
            """,
            "Larkspur Digital Services LLP",
        ),
        (  # no sentence before the name: the block above "has been assessed"
            """SHELLWOOD

                    Larkspur Networks Corp.
                    1200 Harbor Point Drive, Suite 210
                    Seattle, WA 98121

            has been assessed and certified by Shellwood & Company, LLC as meeting the
            requirements of ISO/IEC 27001:2022
            Expiration Date: March 17, 2027
            """,
            "Larkspur Networks Corp.",
        ),
        (  # the sentence before the name in two languages, on one line
            """MANAGEMENT SYSTEM CERTIFICATE
                          Si attesta che / This is to certify that
              Il sistema di gestione per la qualità di / The quality management system of
                                   NORVANE S.r.l.
                    Via del Porto, 12 - 57121 Livorno (LI) - Italy
            """,
            "NORVANE S.r.l.",
        ),
        (  # Italian without the "di" of "sistema di gestione"
            """ENVIRONMENTAL MANAGEMENT SYSTEM CERTIFICATE
                          Si attesta che / This certifies that
             il sistema gestione ambientale di / the environmental management system of
                                   NORVANE S.r.l.
                    Via del Porto, 12 - 57121 Livorno (LI) - Italy
            """,
            "NORVANE S.r.l.",
        ),
    ],
)
def test_organisation_from_prose_and_layout(text, org):
    assert value(read(text).organization) == org


def test_a_signatory_is_not_the_organisation():
    result = read(
        """CERTIFICATE
        This is to certify that

        Priya Raman
        Managing Director
        """
    )
    assert value(result.organization) != "Priya Raman"


def test_register_number_under_the_name_is_not_part_of_the_address():
    result = read(
        """CERTIFICATE
        Southern Cross Certification Pty Ltd hereby certifies that
             Quintessa Analytics Pty. Limited
             ABN 27 373 512 681
             Level 12, 60 Margaret Street
             Sydney NSW 2000
             Australia
        operates an Information Security Management System
        """
    )
    assert value(result.organization) == "Quintessa Analytics Pty. Limited"
    assert value(result.address) == "Level 12, 60 Margaret Street, Sydney NSW 2000, Australia"


@pytest.mark.parametrize(
    "text, body",
    [
        (
            "CERTIFICATE\nX Ltd\nhas been assessed and certified by Shellwood & Company, LLC as "
            "meeting the requirements of ISO/IEC 27001:2022\n",
            "Shellwood & Company, LLC",
        ),
        (  # a brand in the signature block, the legal entity in the footer
            "CERTIFICATE\nFor and on behalf of Kingsmark:\n\nKingsmark Assurance UK Limited, "
            "registered in England under number 7805321 at 389 Chiswick High Road, London\n",
            "Kingsmark Assurance UK Limited",
        ),
        (
            "CERTIFICATE\nThe Certification Body of TÜV Mittelland Management Service GmbH "
            "certifies that the company\n",
            "TÜV Mittelland Management Service GmbH",
        ),
        (
            "CERTIFICATE\nThis certificate remains the property of Pinnacle Certification "
            "Services Pvt. Ltd. and shall be returned immediately upon request.\n",
            "Pinnacle Certification Services Pvt. Ltd.",
        ),
        (  # Spanish: "certifica que"
            "CERTIFICADO\nNorandina Ltda. certifica que el Sistema de Gestión de la "
            "organización ha sido auditado\n",
            "Norandina Ltda.",
        ),
        (  # the label's value is the body's address: the body is the one that certifies
            "CERTIFICATE\nWestbrook Certification Holding SAS – UK Branch certifies that the "
            "Management\nSystem of the above organization has been audited\n"
            "       Certification body   5th Floor, 66 Prescot Street, London, E1 8HG, United "
            "Kingdom.\n                 address:\n",
            "Westbrook Certification Holding SAS – UK Branch",
        ),
        (  # German, the certification body "of" the company
            "ZERTIFIKAT\nDie Zertifizierungsstelle der Norvane Cert GmbH bescheinigt, dass\n",
            "Norvane Cert GmbH",
        ),
        (  # "Certified by:" with a colon
            "CERTIFICATE\n   Certified by: Norvane Assurance Ltd\n",
            "Norvane Assurance Ltd",
        ),
        (  # a label's value with the body's address after its name
            "CERTIFICATE\n   Issuing office: Norvane Certification Services Limited, 12 Park "
            "Road, Delhi 110001, India\n",
            "Norvane Certification Services Limited",
        ),
        (  # Greek: "Η X πιστοποιεί ότι"
            "ΠΙΣΤΟΠΟΙΗΤΙΚΟ\nΗ NORDAUDIT πιστοποιεί ότι ο οργανισμός:\n",
            "NORDAUDIT",
        ),
        (  # "Signed for and" / "behalf of X" over two lines
            "CERTIFICATE\n   This is to certify that\n   Kestrel Foods Ltd\n"
            "   Registration No. : RX-1001                     Signed for and\n"
            "                                                  behalf of QZR\n",
            "QZR",
        ),
        (  # the pronoun before the name is no part of it
            "REGISTRATION CERTIFICATE\nWe, Norvane Quality Services, Inc., certify that the "
            "management system of Kestrel Foods Ltd\n",
            "Norvane Quality Services, Inc.",
        ),
        (  # the name wrapped before its legal form
            "ZERTIFIKAT\nThe certification body Norvane Zertifizierungs\n"
            "GmbH hereby certifies that the organisation\n",
            "Norvane Zertifizierungs GmbH",
        ),
    ],
)
def test_certification_body_from_prose(text, body):
    assert value(read(text).certification_body) == body


@pytest.mark.parametrize(
    "text",
    [
        "CERTIFICATE\nWe hereby certify that\n",  # a pronoun
        "CERTIFICATE\nHead of Certification Body: Thomas Keller\n",  # a person
        "CERTIFICATE\nIAS\nACCREDITED\nCERTIFICATION BODY\nMSCB-123\n",  # a code
        "CERTIFICATO\nSI CERTIFICA CHE IL SISTEMA DI GESTIONE APPLICATO DA\n",  # impersonal
        # "company" is a noun in this sentence, not a legal form
        "CERTIFICATE\nCertificate Expiry (subject to the company maintaining its      "
        "20th July 2028\nsystem to the required standard)\n",
        # the document itself as the subject, OCR noise before it
        "CERTIFICADO\nMe, El presente certifica que el Sistema de Gestion de:\n",
        # the translation of "certify that" printed above it
        "CERTIFICATE\nMenyatakan bahwa\nCertify that\n",
        # "this document certifies that" in Greek, an impersonal Italian "it is attested that"
        "ΠΙΣΤΟΠΟΙΗΤΙΚΟ\nΤο έγγραφο αυτό πιστοποιεί ότι το\n",
        "CERTIFICATO\nSi attesta che / This certifies that\n",
        # a contact line or an address beside the label
        "CERTIFICATE\nCertification Body      E-mail: info@example.com\n",
        "CERTIFICATE\nCertification Body      Company No.: 11029176\n",
        "СЕРТИФИКАТ\nОрган по сертификации:      192148, Российская Федерация,\n",
    ],
)
def test_persons_pronouns_and_codes_are_not_certification_bodies(text):
    assert value(read(text).certification_body) is None


def test_a_body_named_in_capitals_ends_before_the_clause_after_it():
    text = ("CERTIFICATE\nTHIS CERTIFICATE IS THE PROPERTY OF NORVANE CERTIFICATION SERVICES AND "
            "REMAINS VALID SUBJECT TO SURVEILLANCE\n")
    assert value(read(text).certification_body) == "NORVANE CERTIFICATION SERVICES"


def test_certification_body_address_is_not_a_site():
    result = read(
        """CERTIFICATE
        Awarded to
              Pinecrest Analytics plc
              3rd Floor, 90 Fenwick Lane
              London EC2M 7HB
        Certification body address: 5th Floor, 66 Prescot Street, London, E1 8HG, United Kingdom
        Local office: Suite 206, Fort Dunlop, Fort Parkway, Birmingham, B24 9FD, United Kingdom
        """
    )
    assert result.address.value == "3rd Floor, 90 Fenwick Lane, London EC2M 7HB"
    assert result.sites == ()  # no site list: the organisation's address is not a "site"


def test_sites_listed_in_the_certificate_text():
    result = read(
        """CERTIFICATE
        This is to certify that
                 Larkspur Networks Corp.
                 77 Commerce Parkway, Raleigh, NC 27601, USA
        has been assessed and certified as meeting the requirements of ISO/IEC 27001:2022
        and the following in-scope locations:
                 77 Commerce Parkway, Raleigh, NC 27601, USA
                 Am Sandtorkai 9, 20457 Hamburg, Germany

        Authorized by:
        Shellwood & Company, LLC
        4010 W Harbor Blvd., Suite 600
        """
    )
    assert [s.value for s in result.sites] == [
        "77 Commerce Parkway, Raleigh, NC 27601, USA",
        "Am Sandtorkai 9, 20457 Hamburg, Germany",
    ]


def test_cycle_dates_previous_cycle_audit_and_revision_dates_are_ignored():
    result = read(
        """CERTIFICATE
   Original cycle start date:                          22-October-2019
   Expiry date of previous cycle:                      21-October-2023
   Certification / Recertification Audit date:         15-September-2023
   Certification / Recertification cycle start date:   22-October-2023
   Subject to the continued satisfactory operation of the organisation's Management System,
   this certificate expires on: 21-October-2026
   Certificate No. UK983895        Version: 1        Revision date: 31-October-2023
"""
    )
    assert value(result.initial_certification_date) == date(2019, 10, 22)
    assert value(result.issue_date) == date(2023, 10, 22)
    assert value(result.expiry_date) == date(2026, 10, 21)


def test_surveillance_and_soa_dates_are_not_validity_dates():
    result = read(
        """CERTIFICATE
   Scope: Provision of cloud services in accordance with the Statement of Applicability
   version 3.1 dated 10 January 2024.
   1st Surveillance Audit Due: 05 March 2025
   Recertification Due: 01 February 2027
   Issue date:   1 February 2024
   Expiry date:  31 January 2027
"""
    )
    assert value(result.issue_date) == date(2024, 2, 1)
    assert value(result.expiry_date) == date(2027, 1, 31)


def test_place_and_date_under_the_signature_is_the_issue_date():
    result = read(
        "CERTIFICATE\n   Valid until      04.06.2026\n\n   Köln, 05.06.2023        Priya Raman\n"
    )
    assert value(result.issue_date) == date(2023, 6, 5)


def test_number_beside_the_heading_without_a_label():
    result = read(
        "CERTIFICATE                                GB24/975517\nThe management system of\n",
        foot="Standard: ISO/IEC 27001:2022\n",
    )
    assert value(result.certificate_number) == "GB24/975517"


def test_an_empty_table_cell_does_not_extend_a_number():
    result = read(
        """CERTIFICATE
     Certificate No.     Date of Initial Registration     Date of Issue       Date of Expiry
   PCS/AIMS/8331/2023                 -                   26 March 2024       25 March 2027
""",
        foot="ISO/IEC 27001:2022\n",
    )
    assert value(result.certificate_number) == "PCS/AIMS/8331/2023"
    assert result.initial_certification_date is None
    assert value(result.issue_date) == date(2024, 3, 26)


def test_dashed_dates_are_day_first_even_with_a_us_accreditation():
    result = read(
        """CERTIFICATE
   Issue date:    02-04-2025
   Expiry date:   01-04-2028
   IAS accredited MSCB-123, Noida 201309, India
"""
    )
    assert value(result.issue_date) == date(2025, 4, 2)


def test_ambiguous_accreditation_acronym_counts_in_a_mark_only():
    mark = read("CERTIFICATE\n   NA\n   ACCREDITED\n   MSYS 006\n")
    prose = read("CERTIFICATE\n   NA\n   Page 1\n")
    assert value(mark.accreditation_body) == "NA"
    assert prose.accreditation_body is None


def test_bilingual_scope_keeps_the_english_lines():
    result = read(
        """CERTIFICATE
                 für den Geltungsbereich / for the scope
         Entwicklung, Betrieb und Support von Softwarelösungen für Geschäftskunden
         Development and operation of an AI-driven document classification platform.
"""
    )
    assert value(result.scope) == (
        "Development and operation of an AI-driven document classification platform."
    )


def test_prefer_english_keeps_a_block_in_one_language_whole():
    german = ["Entwicklung und Betrieb von Software", "für Kunden in Europa."]
    assert prefer_english(german) == german
    assert prefer_english(["Conception et support de solutions.", "Hosting of software."]) == [
        "Hosting of software."
    ]


def test_a_one_character_cell_stays_a_cell_and_a_lone_colon_joins_its_value():
    cells = split_cells("   -        26 March 2024   :   Example Ltd")
    assert [c.text for c in cells] == ["-", "26 March 2024", ":   Example Ltd"]


@pytest.mark.parametrize(
    "text, person",
    [
        ("Anne Sørensen", True),
        ("Paul van Dijk", True),
        ("Thomas Keller", True),
        ("Larkspur Networks Corp.", False),
        ("Kingsmark", False),
        ("Bureau Meridian Certification", False),
        ("Managing Director", False),
    ],
)
def test_looks_like_person(text, person):
    assert looks_like_person(text) is person


def test_registry_ids_and_implausible_names():
    assert is_registry_id("ABN 27 373 512 681")
    assert is_registry_id("Unified Social Credit Code: 91440300MA5")
    assert not is_registry_id("Level 12, 60 Margaret Street")
    assert not plausible_name("We")
    assert not plausible_name("MSCB-123")
    assert not plausible_name("the Company subject to its General Conditions of Certification")
    assert plausible_name("GSS United Kingdom Ltd")


def test_prose_after_certify_that_is_not_the_name_the_block_above_the_address_is():
    # An OCR reading: the statement comes after the name ("the above mentioned company"),
    # and an empty line separates the name from its address.
    text = """                        CERTIFICATE

              KARTAL ELEKTRONIK MUHENDISLIK
              INSAAT SAN. TIC. A.S.

         CANKAYA MAHALLESI USKUP CADDESI NO: 44
                 CANKAYA/ANKARA/TURKIYE
                      ISO 9001:2015

   Bu sertifika ile yukarida adi gecen kurulusun gerekliliklerini karsiladigi tasdik olunur
   This is to certify that the above mentioned company meets the requirement of Quality
   Management System

      Sertifika No / Certification Number        01.26.11105.1147096
      Gecerlilik Tarihi / Date of Expiry          23.02.2027
"""
    result = extract_text_fields([text])
    assert result.organization.value == "KARTAL ELEKTRONIK MUHENDISLIK INSAAT SAN. TIC. A.S."
    assert result.certificate_number.value == "01.26.11105.1147096"
    assert result.expiry_date.value == date(2027, 2, 23)


def test_a_management_system_is_not_the_organisation():
    text = """                 СЕРТИФИКАТ
        Настоящий сертификат удостоверяет, что
        Система менеджмента качества
        ТОО "Пример Фарм"
        соответствует требованиям ISO 9001:2015
        Срок действия до 12.04.2026
"""
    result = extract_text_fields([text])
    assert result.is_certificate
    assert result.organization is None or "менеджмента" not in result.organization.value


def test_a_date_label_with_a_qualifier_takes_the_date_under_it():
    text = """                         CERTIFICATO
        Si certifica che il Sistema di Gestione dell'organizzazione:
                 ESEMPIO SCAVI S.R.L.
        e stato verificato ed e risultato conforme alla norma: UNI EN ISO 9001:2015

     Data prima emissione      Data Emissione corrente       Data di scadenza
          02/10/2023             n° 2 del 10/01/2024            01/10/2026
"""
    result = extract_text_fields([text])
    assert result.issue_date.value == date(2024, 1, 10)
    assert result.initial_certification_date.value == date(2023, 10, 2)
    assert result.expiry_date.value == date(2026, 10, 1)


@pytest.mark.parametrize(
    "text, org",
    [
        (  # the sentence refers back to the name printed above it, across a line break
            """                  QUILLMOOR STEELWORKS LTD.
             Harbour Road 12, Dundee DD1 4QB, United Kingdom

      Examplecert Holding SAS certifies that the Management
        System of the above organization has been audited and found to be in accordance
        with the requirements of the standards detailed below.
            """,
            "QUILLMOOR STEELWORKS LTD.",
        ),
        (  # the same in Spanish: "el Sistema de Gestión de la organización ha sido auditado"
            """                        TALLERES OSMAR S.A.S
                   Entidad Contratante: Calle 12 # 4B - 20
                    Cali, Valle del Cauca, Colombia

        Certificadora Ejemplo Ltda. certifica que el Sistema de Gestión de la organización ha sido
          auditado y se ha encontrado conforme con los requerimientos de las normas
            """,
            "TALLERES OSMAR S.A.S",
        ),
        (  # the management system and "of" on lines of their own before the name
            """              Certificate of Registration
                        This is to certify that the
                  Information Security Management System
                                  of
                        BRAMBLEWICK SYSTEMS PRIVATE LIMITED
                                  at

            No. 7, Lakeview Road, Pune- 411001, Maharashtra, India

                  has been independently assessed and is
            """,
            "BRAMBLEWICK SYSTEMS PRIVATE LIMITED",
        ),
        (  # a standard's title over two lines, then "of" and the name
            """              Certificate of Registration
                        This is to certify that the
           Quality Management Systems - Requirements for Aviation, Space, and Defense
                              Organizations
                                  of
                        TARNVALE PRECISION ENGINEERS
                                  at
              PLOT 9, INDUSTRIAL ESTATE, NASHIK, MAHARASHTRA, 422010, INDIA

                  has been independently assessed and is
            """,
            "TARNVALE PRECISION ENGINEERS",
        ),
        (  # a standard's title on its own line before the name
            """                Certificate of Compliance
                         This is to certify that :
                Information technology - Service Management

                               ORVELLA9
                                   at
                   12/4 B, Main Road, Tirupati, Andhra Pradesh, 517501
              has been independently assessed and found to be in compliance
            """,
            "ORVELLA9",
        ),
        (  # "&" inside the name of the management system
            """               Certificate of Registration
          This is to certify that the Occupational Health & Safety Management System of

                          HALDEN RIVER WORKS
                          Calle Mayor 8, 28001 Madrid, Spain

                is in accordance with the requirements of the following standard
            """,
            "HALDEN RIVER WORKS",
        ),
    ],
)
def test_the_holder_around_certify_that_wording(text, org):
    assert value(read(text).organization) == org


def test_spanish_cycle_dates_and_scope_heading():
    text = """                         ALFARERIA DEL SUR S.A.S
                     Entidad Contratante: Carrera 9 # 12 - 40
                       Neiva, Huila, Colombia

        Certificadora Norte Ltda. certifica que el Sistema de Gestión de la organización ha sido
          auditado y se ha encontrado conforme con los requerimientos de las normas de

                             ISO 9001:2015
                        Alcance de Certificación

             FABRICACIÓN DE LADRILLOS Y TEJAS DE ARCILLA.

     Fecha de Inicio del Ciclo Original de Certificación:      12 marzo 2021
     Fecha de Vencimiento del ciclo previo:                    11 marzo 2024
     Fecha de Auditoria de Certificación:                      20 febrero 2024
     Fecha de Inicio del ciclo de Certificación:               12 marzo 2024
     Sujeto a la operación continua y satisfactoria del Sistema de Gestión de la organización, este
     certificado vence el: 11 marzo 2027

     Certificado No.      CO24.01234
"""
    result = extract_text_fields([text])
    assert result.organization.value == "ALFARERIA DEL SUR S.A.S"
    assert result.scope.value == "FABRICACIÓN DE LADRILLOS Y TEJAS DE ARCILLA."
    assert result.initial_certification_date.value == date(2021, 3, 12)
    assert result.issue_date.value == date(2024, 3, 12)
    assert result.expiry_date.value == date(2027, 3, 11)


def test_date_beside_a_label_followed_by_words_without_a_date():
    text = """                 CERTIFICATE
   Original cycle start date For ISO 9001: & ISO 14001:        12 May 2016
   Recertification Audit date:                                 02 May 2022
   Recertification cycle start date:                           12 May 2022
   Certificate Expiry (subject to the company maintaining its     11 May 2025
   system to the required standard)
"""
    result = read(text)
    assert result.initial_certification_date.value == date(2016, 5, 12)
    assert result.issue_date.value == date(2022, 5, 12)
    assert result.expiry_date.value == date(2025, 5, 11)


def test_issued_date_label():
    text = """                 CERTIFICATE
        Issued Date: 04.09.2024          1st Surveillance:     03.09.2025
        Expiry Date: 03.09.2027          2nd Surveillance:     03.09.2026
"""
    result = read(text)
    assert result.issue_date.value == date(2024, 9, 4)
    assert result.expiry_date.value == date(2027, 9, 3)


def test_scope_wording_and_its_end():
    text = """                 Certificate of Registration
        This is to certify that the Information Security Management System of
             HOLLOWAY DATA SERVICES PVT. LTD.
             12 Ring Road, Pune-411001, India
        Has been found to the Information Security Management System Standard
                          ISO/IEC 27001:2022
        This Certificate is valid for the following Product or service range

            Managed Hosting Platform and Software as a Service
               This is as per Statement of Applicability Version 2.0

        Certificate No.: KX2024001
"""
    result = extract_text_fields([text])
    assert result.scope.value == "Managed Hosting Platform and Software as a Service"


@pytest.mark.parametrize("lead, first", [
    # the preposition wrapped onto the scope's first line
    ("система менеджмента качества применительно", "к строительству зданий и сооружений,"),
    # "as applied to:" on one line with the scope's start
    ("Система Менеджмента Качества", "Применительно К: строительству зданий и сооружений,"),
])
def test_russian_scope_as_applied_to_up_to_the_conformity_statement(lead, first):
    text = f"""                      СЕРТИФИКАТ СООТВЕТСТВИЯ
                  Выдан Обществу с ограниченной ответственностью
                           «Пример Строй» (ООО «Пример Строй»)
              125009, Россия, г. Москва, ул. Тверская, д. 7
                  НАСТОЯЩИЙ СЕРТИФИКАТ УДОСТОВЕРЯЕТ:
                  {lead}
                  {first}
                  включая особо опасные объекты
                        СООТВЕТСТВУЕТ ТРЕБОВАНИЯМ
                      ГОСТ Р ИСО 9001-2015 (ISO 9001:2015)
              Регистрационный номер: РОСС RU.0001.13HX06
              Действителен до 27 марта 2026г.
"""
    result = extract_text_fields([text])
    assert result.scope is not None
    assert result.scope.value == (
        "строительству зданий и сооружений, включая особо опасные объекты"
    )


def test_a_note_in_brackets_under_the_scope_wording_is_not_the_scope():
    text = """                 MANAGEMENT SYSTEM CERTIFICATE
        This is to certify that the quality management system of
             NORVANE S.r.l.
             Via del Porto, 12 - 57121 Livorno (LI) - Italy
        conforms to the quality management systems standard ISO 9001:2015
        This certificate is valid for the following products or services:
        (Further clarifications regarding the scope and the applicability of the requirements
        Tank cleaning; transport of hazardous and non-hazardous waste

        Certificate No.: 17729-2007-AQ-ITA
"""
    result = extract_text_fields([text])
    assert result.scope is not None
    assert result.scope.value == "Tank cleaning; transport of hazardous and non-hazardous waste"


def test_scope_after_scope_activities_and_a_line_without_function_words():
    text = """                 Certificate of Compliance
           has been independently assessed and found to be in compliance
                     with the requirements of the standards
                          ISO 9001:2015
                for the following scope activities:

      MACHINE DESIGNS AND MANUFACTURING OF PARTS AS PER DRAWINGS.
     DOMAINS LIKE DEFENCE, AEROSPACE, ROBOTICS, PRESS TOOLS, MARINE
                           COMMUNICATIONS.
                 Certificate No. : ICA-01-QM-2002
"""
    result = read(text)
    assert result.scope.value == (
        "MACHINE DESIGNS AND MANUFACTURING OF PARTS AS PER DRAWINGS. DOMAINS LIKE DEFENCE, "
        "AEROSPACE, ROBOTICS, PRESS TOOLS, MARINE COMMUNICATIONS."
    )


def test_a_value_centred_under_a_label_alone_at_the_margin():
    text = """                 ΠΙΣΤΟΠΟΙΗΤΙΚΟ
   Πρότυπο: ISO 9001:2015
   με πεδίο εφαρμογής:

                                 Παραγωγή ξύλινων επίπλων
   (καρέκλες, τραπέζια, ντουλάπες, κρεβάτια, βιβλιοθήκες - γραφεία)

   Αρ. Πιστοποιητικού: 0101/QM/2025/GR
"""
    result = extract_text_fields([text])
    assert result.scope.value == (
        "Παραγωγή ξύλινων επίπλων (καρέκλες, τραπέζια, ντουλάπες, κρεβάτια, βιβλιοθήκες - γραφεία)"
    )


@pytest.mark.parametrize(
    "line, body",
    [
        (
            "This certificate is recognized by Bureau of Accreditation for Audit Services (BAAS).",
            "Bureau of Accreditation for Audit Services",
        ),
        (
            "Accredited by NORTHERN ACCREDITATION SERVICES Address: 12 Elm Dr, Springfield, USA.",
            "NORTHERN ACCREDITATION SERVICES",
        ),
        (
            "This certificate is issued under the accreditation of Norland Accreditation Board",
            "Norland Accreditation Board",
        ),
        ("akkreditiert durch die Norland Akkreditierungsstelle", "Norland Akkreditierungsstelle"),
        ("accrédité par le Comité Norland d'Accréditation", "Comité Norland d'Accréditation"),
        ("acreditado por Entidad Norland de Acreditación", "Entidad Norland de Acreditación"),
    ],
)
def test_accreditation_body_named_in_prose(line, body):
    result = read(f"CERTIFICATE\nThis is to certify that\n   Kestrel Foods Ltd\n{line}\n")
    assert value(result.accreditation_body) == body


def test_recognised_by_a_body_without_accreditation_words_is_no_accreditation():
    result = read("CERTIFICATE\nThis is to certify that\n   Kestrel Foods Ltd\n"
                  "This certificate is recognized by our partners worldwide.\n")
    assert result.accreditation_body is None


def test_place_and_date_of_issue_beat_the_start_of_a_validity_period():
    text = """                 CERTIFICADO
        Primeira concessão: 10/03/2025
        Período de validade:
              10/03/2025 a 10/03/2028

        Curitiba, 14 de março de 2025.
"""
    result = read(text)
    assert result.issue_date.value == date(2025, 3, 14)
    assert result.expiry_date.value == date(2028, 3, 10)


def test_initial_registered_date_label():
    text = """                 CERTIFICATE
        Initial Registered Date: 08.05.2024       Issuance Date: 10.05.2024
        Date of Expiry: 07.05.2027
"""
    result = read(text)
    assert result.initial_certification_date.value == date(2024, 5, 8)
    assert result.issue_date.value == date(2024, 5, 10)


def test_validity_range_in_a_sentence_over_two_lines():
    text = """                 CERTIFICATE
          The certificate is valid in conjunction
        with the main certificate from 2023-04-02 until 2026-04-01
          Date of Initial certification: 2023-04-02
"""
    result = read(text)
    assert result.expiry_date.value == date(2026, 4, 1)


def test_one_site_after_sur_le_site_suivant():
    text = """                    CERTIFICAT N° 123456/r1
          Exemplecert certifie que le processus mis en place par :
                        FORMATIONS DU LAC
                      Sur le site suivant :

                   12 rue des Tanneurs
                 74000 Annecy cedex France

                Pour les activités suivantes :
                      Actions de formation
"""
    result = read(text)
    assert result.organization.value == "FORMATIONS DU LAC"
    assert result.address.value == "12 rue des Tanneurs, 74000 Annecy cedex France"
    assert [s.value for s in result.sites] == ["12 rue des Tanneurs, 74000 Annecy cedex France"]


def test_the_holder_after_le_systeme_de_management_de_l_organisme():
    text = """                      CERTIFICAT
      Exemplecert certifie que le système de management de l'organisme
            ATELIERS DUPONT SAS
            12 rue de la Gare, 69001 Lyon, France
      a été évalué et jugé conforme
"""
    assert value(read(text).organization) == "ATELIERS DUPONT SAS"


@pytest.mark.parametrize(
    "label", ["Activities:", "Certified activities:", "Field of activity:", "Products/Services:"]
)
def test_scope_under_a_synonym_label(label):
    text = f"""CERTIFICATE
   This is to certify that
        Kestrel Foods Ltd
        Unit 4, Mill Lane, Leeds LS1 4AP, United Kingdom
   has been assessed and found to comply with ISO 9001:2015
   {label}
        Packing and distribution of frozen foods
"""
    assert value(read(text).scope) == "Packing and distribution of frozen foods"


def test_a_scope_label_outranks_the_activities_of_a_site():
    text = """CERTIFICATE
   This is to certify that the Quality Management System of
        Kestrel Plating, LLC
        871 Redna Terrace, Cincinnati, Ohio 45215 USA
   Additional Addresses:
        4510 Reading Road, Cincinnati, Ohio 45215 USA
   Activities:
        (Account Management, Quality)
   Scope of Registration
        Zinc Plating of Metals
"""
    assert value(read(text).scope) == "Zinc Plating of Metals"


@pytest.mark.parametrize(
    "lines",
    [
        "   Date de délivrance : 1er mars 2024\n   Date d'expiration : 28 février 2027\n",
        "   Issued: 2024-03-01\n   Expires on: 2027-02-28\n",
        "   Granted: 01/03/2024    Expiry: 28/02/2027\n",
    ],
)
def test_issue_date_labels(lines):
    result = read("CERTIFICATE\n" + lines)
    assert result.issue_date.value == date(2024, 3, 1)
    assert result.expiry_date.value == date(2027, 2, 28)


def test_issued_by_is_no_issue_date_label():
    result = read("CERTIFICATE\n   Issued by: Norvane Assurance Ltd\n   Valid until: 2027-02-28\n")
    assert result.issue_date is None
    assert value(result.certification_body) == "Norvane Assurance Ltd"


@pytest.mark.parametrize(
    "intro, name, address",
    [
        ("ZERTIFIKAT\n   für", "Muster Bau GmbH", "Hauptstraße 5, 10115 Berlin"),
        ("CERTIFICATO\n   Certificato rilasciato a", "OFFICINE ROSSI S.R.L.",
         "Via Roma 5, 20100 Milano (MI)"),
        ("CERTIFICADO\n   Otorgado a:", "CONSTRUCTORA ANDES S.A.",
         "Calle 10 # 4-20, Bogotá, Colombia"),
        ("CERTIFICAT\n   Délivré à :", "ATELIERS DUPONT SAS",
         "12 rue de la Gare, 69001 Lyon, France"),
    ],
)
def test_the_holder_after_issued_to_in_other_languages(intro, name, address):
    result = read(f"{intro}\n        {name}\n        {address}\n")
    assert value(result.organization) == name
    assert value(result.address) == address


@pytest.mark.parametrize(
    "intro",
    [
        "for the activities of:",
        "in respect of:",
        "This registration covers:",
        "applicable to the following:",
        "relating to:",
        "The scope of this certificate is",
    ],
)
def test_scope_after_more_prose_wording(intro):
    text = f"""CERTIFICATE
   This is to certify that
        Kestrel Foods Ltd
        Unit 4, Mill Lane, Leeds LS1 4AP, United Kingdom
   has been assessed and found to comply with ISO 9001:2015
   {intro}
        Packing and distribution of frozen foods
"""
    assert value(read(text).scope) == "Packing and distribution of frozen foods"


def test_exclusions_end_the_scope():
    text = """CERTIFICATE
   Scope of certification: Packing and distribution of frozen foods
   Exclusions: 8.3 Design and development
"""
    assert value(read(text).scope) == "Packing and distribution of frozen foods"


def test_a_value_under_a_label_beside_the_sentence_is_not_the_holder():
    text = """              CERTIFICATE

   Brightmoor Compliance and Security, Inc. certifies that       Certificate Number
                                                                 BM-37490
   Ostrava Networks Inc.
                                                                 Original Registration Date
   77 Commerce Parkway
   Raleigh, NC 27601                                             April 14, 2017
   USA
   has established and maintains a management system that meets the requirements of
   ISO/IEC 27001:2022
"""
    result = extract_text_fields([text])
    assert value(result.organization) == "Ostrava Networks Inc."
    assert value(result.certification_body) == "Brightmoor Compliance and Security, Inc."


@pytest.mark.parametrize(
    "text",
    [
        "CERTIFICATE\n   This is to certify that\n        M/s. Kestrel Foods Pvt. Ltd.\n"
        "        Plot No. 5, MIDC, Pune - 411001, Maharashtra, India\n   has been assessed\n",
        "CERTIFICATE\n   Organization: M/S Kestrel Foods Pvt. Ltd.\n",
    ],
)
def test_messrs_is_not_part_of_the_name(text):
    assert value(read(text).organization) == "Kestrel Foods Pvt. Ltd."


@pytest.mark.parametrize(
    "lines",
    [
        "   Certificate Date: 01/02/2024\n   Expiration: 31/01/2027\n",
        "   This certificate expires on 31st January 2027\n   Issue/Revision Date: 01.02.2024\n",
        "   Approval date: 1 Feb. 2024\n   Certificate Expiry Date: 31 Jan. 2027\n",
        "   Issue date  01 FEB 2024\n   Expiry date  31 JAN 2027\n",
    ],
)
def test_more_issue_date_wording(lines):
    result = read("CERTIFICATE\n" + lines)
    assert result.issue_date.value == date(2024, 2, 1)
    assert result.expiry_date.value == date(2027, 1, 31)


@pytest.mark.parametrize("code_line", ["EA Code: 03", "(IAF Code: 03, 04)", "NACE code 10.85"])
def test_a_sector_code_line_ends_the_scope(code_line):
    text = f"""CERTIFICATE
   Scope: Packing and distribution of frozen foods and chilled ready meals for retail and
   catering customers.
   {code_line}
"""
    assert value(read(text).scope) == (
        "Packing and distribution of frozen foods and chilled ready meals for retail and "
        "catering customers."
    )


@pytest.mark.parametrize(
    "line, name, address",
    [
        ("Kestrel Foods Ltd - Unit 4, Mill Lane, Leeds LS1 4AP, UK", "Kestrel Foods Ltd",
         "Unit 4, Mill Lane, Leeds LS1 4AP, UK"),
        ("Kestrel Foods Ltd. Unit 4, Mill Lane, Leeds LS1 4AP, UK", "Kestrel Foods Ltd.",
         "Unit 4, Mill Lane, Leeds LS1 4AP, UK"),
    ],
)
def test_an_address_after_a_dash_or_the_legal_form_on_the_name_line(line, name, address):
    text = f"CERTIFICATE\n   This is to certify that\n        {line}\n   has been assessed\n"
    result = read(text)
    assert value(result.organization) == name
    assert value(result.address) == address


def test_a_two_word_business_name_is_not_a_person():
    result = read("CERTIFICATE\n   This is to certify that\n        Kestrel Foods\n"
                  "        12 Harbour Road\n        Dundee\n        DD1 4QB\n"
                  "   has been assessed\n")
    assert value(result.organization) == "Kestrel Foods"


def test_stray_ocr_letters_between_the_scope_wording_and_the_scope():
    text = """CERTIFICATE
   This is to certify that
        Kestrel Foods Ltd
        Unit 4, Mill Lane, Leeds LS1 4AP, United Kingdom
   has been assessed and found to comply with ISO 9001:2015
                        For the following scope of activities
 (A    (4
 Yann (4
                      COMMERCIAL PUBLICATIONS PRINTING
"""
    assert value(read(text).scope) == "COMMERCIAL PUBLICATIONS PRINTING"


SCOPE_UNDER_WORDING = """CERTIFICATE OF REGISTRATION
This is to certify that
NORTHWIND ANALYTICS LIMITED
12 Harbour Road, Leeds LS1 4AB, United Kingdom
operates a management system that complies with the requirements of
ISO/IEC 27001:2022
{label}
Provision of managed analytics platforms and data engineering services
Certificate No: NW-55120
Issue date: 02 May 2025
Expiry date: 01 May 2028
"""


@pytest.mark.parametrize(
    "label",
    ["This certificate applies to:", "The certificate is valid for:", "Area of certification:",
     "covering:", "Certified area:"],
)
def test_more_wordings_that_introduce_the_scope(label):
    result = extract_text_fields([SCOPE_UNDER_WORDING.format(label=label)])
    assert result.scope.value == (
        "Provision of managed analytics platforms and data engineering services")


def test_scope_wording_wrapped_onto_its_own_line():
    # "for the" ends one line, "following scope" (no colon) stands alone on the next
    text = """                      CERTIFICATE
             Management system as per
                  EN ISO 9001:2015
     In accordance with the procedures of the body, it is hereby certified that
                 Harrow Gauge Works Limited
            14 Mill Lane, Leeds LS1 4AB, United Kingdom
     applies a management system in line with the above standard for the
     following scope

     Design and calibration of pressure gauges for process plants
     and laboratories

     Certificate Registration No. 55120001     Valid until: 2027-03-25
"""
    result = extract_text_fields([text])
    assert result.scope.value == (
        "Design and calibration of pressure gauges for process plants and laboratories"
    )


def test_a_name_that_ends_a_sentence_line_runs_on_to_its_legal_form():
    result = read(
        "REGISTRATION CERTIFICATE No. CN-1\n"
        "We, Norvane Quality Services, Inc., certify that the management system of Halden\n"
        "Payments Corporation, 1200 Harbor Point Drive, Seattle, WA 98121, United\n"
        "States, has been audited and found to conform to ISO/IEC 42001:2023.\n"
    )
    assert value(result.organization) == "Halden Payments Corporation"


def test_a_scope_after_in_respect_of_on_its_line_and_the_current_registration_date():
    result = read(
        "REGISTRATION CERTIFICATE\n        Halden Payments Ltd\n"
        "  is hereby granted this certificate for its management system\n"
        "                 ISO/IEC 27001:2022\n"
        "in respect of: Operation of colocation data centre services.\n\n"
        "           Certificate Reg. No.      HQ-1-6\n"
        "   Date of current registration      12 April 2024\n"
        "                  Valid through      11 April 2027\n"
    )
    assert value(result.scope) == "Operation of colocation data centre services."
    assert value(result.issue_date) == date(2024, 4, 12)


def test_a_compound_that_lost_its_ligature_is_joined_by_a_listed_word_s_start():
    from portal.certificates.textquality import join_split_word

    assert join_split_word("Zerti", "izierungsstelle") == "Zertifizierungsstelle"
    assert join_split_word("Zerti", "izierungs", wide=False) is None


def test_a_short_word_before_a_word_is_not_the_head_of_a_compound():
    from portal.certificates.textquality import join_split_word

    # "of" + "fi" + "certi..." starts "officer": a frequent short word is a word, not a head
    assert join_split_word("of", "certiication") is None


@pytest.mark.parametrize(
    ("token", "restored"),
    [
        ("Certiicate", "Certificate"),
        ("CERTIICATE", "CERTIFICATE"),
        ("certiication:", "certification:"),
        ("identiication", "identification"),
        ("Zertiizierungsstelle", "Zertifizierungsstelle"),  # a compound: a listed word's start
        ("Zertiikat-Registrier-Nr.", "Zertifikat-Registrier-Nr."),
        ("Oficina", "Oficina"),  # one "f" printed: no vowel before the "i"
        ("Rules", "Rules"),  # "ffl" is never guessed ("Ruffles")
        ("quality", "quality"),  # no listed word one lost glyph away
        ("office", "office"),  # already a word
        ("oice", "oice"),  # too short to tell
    ],
)
def test_a_ligature_lost_inside_one_token_is_restored(token, restored):
    from portal.certificates.textquality import restore_inner

    assert restore_inner(token) == restored


def test_a_body_named_after_by_on_the_next_line():
    result = read(
        "REGISTRATION CERTIFICATE\n"
        "This is to certify that the management system of the organization has been assessed\n"
        "by Yamato Quality Registration Organization and found to be in conformity with the\n"
        "requirements of the following standard:\n"
        "   Registered Organization      Tokyo Solvika Co., Ltd.\n"
        "   Registered Activities        Operation of colocation data centre services.\n"
    )
    assert value(result.certification_body) == "Yamato Quality Registration Organization"
    assert value(result.scope) == "Operation of colocation data centre services."


def test_a_polish_accreditation_mark_is_recognised_by_its_wording():
    result = read(
        "CERTIFICATE No. 923/SZ/2024\n"
        "   Name of the organisation:      Quintessa Technologies S.A.\n"
        "   Valid until:                   20.04.2027\n\n"
        "                                                          PCA\n"
        "                                                          POLSKIE CENTRUM\n"
        "   Priya Raman                                            AKREDYTACJI\n"
        "                                                          AC 161\n",
        foot="   Standard:   ISO/IEC 27001:2022\n",
    )
    assert value(result.accreditation_body) == "PCA"


def test_a_validity_range_counts_as_a_validity_when_the_standard_is_missing():
    # the standard and the number are pictures: the text still reads as a certificate
    text = (
        "Certificate\nManagement system certification\n\n"
        "       Certificate holder   Larkspur Analytics B.V.\n"
        "                    Scope   The design and support of payroll software.\n"
        "    Initial certification   22 November 2018\n"
        "       Valid from / until   22 November 2024 - 21 November 2027\n"
        "                Issued by   Valoris Certification B.V.\n"
    )
    result = extract_text_fields([text])
    assert result.is_certificate
    assert value(result.expiry_date) == date(2027, 11, 21)
    assert value(result.organization) == "Larkspur Analytics B.V."


def test_a_label_wrapped_in_its_table_cell_is_joined():
    centred = read(
        "CERTIFICATE OF REGISTRATION\n\n"
        "  Name of\n"
        "                          Ilmari Analytics Pte. Ltd.\n"
        "  Organisation\n\n"
        "  Scope of                Development and support of health record software\n"
        "  Certification           for clinics.\n\n"
        "  Date of Initial\n"
        "                          28 Jul 2020\n"
        "  Certification\n\n"
        "  Date of Issue           28 Jul 2024\n"
        "  Date of Expiry          27 Jul 2027\n"
    )
    assert value(centred.organization) == "Ilmari Analytics Pte. Ltd."
    assert value(centred.scope) == (
        "Development and support of health record software for clinics."
    )
    assert value(centred.initial_certification_date) == date(2020, 7, 28)


def test_a_complete_label_is_not_joined_to_the_label_under_it():
    result = read(
        "REGISTRATION CERTIFICATE\n"
        "  Registered Organization      Tokyo Solvika Co., Ltd.\n"
        "  Original Registration Date   2020/12/25\n"
        "  Date of Issue                2024/12/25\n"
        "  Expiry Date                  2027/12/24\n"
    )
    assert value(result.initial_certification_date) == date(2020, 12, 25)
    assert value(result.issue_date) == date(2024, 12, 25)
    assert value(result.expiry_date) == date(2027, 12, 24)


def test_a_certificate_history_table_gives_the_initial_and_current_issue():
    result = read(
        "MANAGEMENT SYSTEM CERTIFICATE\nThis is to certify that\nSolvika Analytics LLP\n"
        "operates a Quality Management System which complies with ISO 9001:2015\n\n"
        "Certificate history\n"
        "  Issue       Date                 Reason for issue\n\n"
        "  1           11 Aug 2018          Initial certification\n\n"
        "  2           11 Aug 2021          Recertification\n\n"
        "  3           11 Aug 2023          Change of registered address\n\n"
        "This certificate expires on 10 Aug 2026.\n"
    )
    assert value(result.initial_certification_date) == date(2018, 8, 11)
    assert value(result.issue_date) == date(2023, 8, 11)
    assert value(result.expiry_date) == date(2026, 8, 10)


def test_a_name_in_large_type_wrapped_before_its_legal_form():
    result = read(
        "Veldmark Networks\nCorporation\n901 Lakeview Avenue, 5th Floor\nChicago, IL 60614\n"
        "United States\n\n"
        "has been independently assessed and is certified as conforming to the requirements of\n"
    )
    assert value(result.organization) == "Veldmark Networks Corporation"


def _word(text, x0, top, size=8.0):
    return {"text": text, "x0": x0, "x1": x0 + 0.55 * size * len(text), "top": top,
            "bottom": top + size}


def test_two_small_stacked_lines_are_two_rows_and_a_word_printed_twice_one():
    from portal.certificates.wordlayout import rows_from_positions

    rows = rows_from_positions([
        _word("CERTIFICATO", 400, 40), _word("N.", 455, 40),
        _word("CERTIFICATE", 402, 43), _word("No.", 457, 43),
    ])
    assert [[w["text"] for w in row] for row in rows] == [
        ["CERTIFICATO", "N."], ["CERTIFICATE", "No."]
    ]
    bold = rows_from_positions([_word("ACME", 100, 40), _word("ACME", 100.4, 40.2)])
    assert len(bold) == 1


def test_letter_spaced_digits_are_joined_apart_from_letters():
    from portal.certificates.textquality import join_spaced_letters

    words = [_word(ch, 100 + 8 * i, 50) for i, ch in enumerate("42001:2023")]
    assert [w["text"] for w in join_spaced_letters(words)] == ["42001:2023"]
    mixed = [_word("A", 100, 50), _word("1", 108, 50)]
    assert [w["text"] for w in join_spaced_letters(mixed)] == ["A", "1"]


def test_captions_printed_under_their_values():
    result = extract_text_fields([
        "Certificate\nManagement system certification\n\n"
        "Solvika Solutions Limited\n\nCertified organisation\n\n"
        "Unit 7, Arden Court, Coventry CV3 4PE, United Kingdom\n\nRegistered office\n"
        "ISO/IEC 42001:2023\n\nStandard(s) certified against\n\n"
        "Development of machine-learning models for claims handling.\n\n"
        "Scope of certification\n\n"
        "AIMS 225 5999         20 November 2024             19 November 2027\n\n"
        "Certificate number    Certification cycle start    Certification cycle expiry\n\n"
        "Continued validity is subject to annual surveillance audits.\n"
    ])
    assert value(result.organization) == "Solvika Solutions Limited"
    assert value(result.scope) == "Development of machine-learning models for claims handling."
    assert value(result.certificate_number) == "AIMS 225 5999"
    assert value(result.issue_date) == date(2024, 11, 20)
    assert value(result.expiry_date) == date(2027, 11, 19)


def test_chinese_and_korean_table_labels_and_a_tilde_range():
    chinese = read(
        "管理体系认证证书\n"
        "  组织名称          杭州澜图智能科技有限公司\n"
        "  认证依据          GB/T 19001-2016 idt ISO 9001:2015\n"
        "  认证覆盖范围      企业管理软件的设计、开发和技术服务\n"
        "  本次颁证日期      2025-05-31\n"
        "  证书有效期至      2028-05-30\n"
    )
    assert value(chinese.scope) == "企业管理软件的设计、开发和技术服务"
    assert value(chinese.issue_date) == date(2025, 5, 31)
    assert value(chinese.expiry_date) == date(2028, 5, 30)
    korean = read(
        "인 증 서\nCERTIFICATE\n"
        "  업체명        파란정보기술 주식회사\n"
        "  인증규격      ISO/IEC 27001:2022\n"
        "  유효기간      2023. 11. 02. ~ 2026. 11. 01.\n"
    )
    assert value(korean.issue_date) == date(2023, 11, 2)
    assert value(korean.expiry_date) == date(2026, 11, 1)


def test_a_name_in_two_scripts_gives_its_latin_form():
    from portal.certificates.organisations import _one_script
    from portal.certificates.results import ExtractedField

    def one(text):
        return _one_script(ExtractedField(text, 1, text, 0.9)).value

    assert one("주식회사 한빛클라우드 Hanbit Cloud Co., Ltd.") == "Hanbit Cloud Co., Ltd."
    assert one("ТОО Kazakh Invest") == "ТОО Kazakh Invest"  # a legal form, not a translation


def test_a_body_after_its_signatory_s_title_and_after_bescheinigt_hiermit():
    titled = read(
        "CERTIFICATE\nThis is to certify that the above organization maintains its system.\n"
        "   Organization:  Paran Information Technology Corp.\n\n"
        "             President, Hangyeol Quality Certification Institute\n"
    )
    assert value(titled.certification_body) == "Hangyeol Quality Certification Institute"
    german = read(
        "ZERTIFIKAT\n"
        "Die Zertifizierungsstelle der Rheinweiler Zertifizierungsgesellschaft mbH bescheinigt "
        "hiermit, dass das\nUnternehmen\nNordhavn IT-Dienste GmbH\nLeopoldstraße 175\n\n"
        "Gültigkeit:    vom 31. Juli 2023 bis einschließlich 30. Juli 2026\n"
    )
    assert value(german.certification_body) == "Rheinweiler Zertifizierungsgesellschaft mbH"
    assert value(german.expiry_date) == date(2026, 7, 30)


def test_portuguese_holder_sentence_issue_label_and_certified_units():
    result = read(
        "CERTIFICADO\n   Certificado nº: IPE-SGQ-1250/24\n"
        "Certificamos que o sistema de gestão da organização\n"
        "Araucária Tecnologia da Informação Ltda.\n"
        "foi auditado e considerado conforme aos requisitos da norma ISO 9001:2015\n\n"
        "Unidades certificadas:\n"
        "1) Rua XV de Novembro, 556, Centro, Curitiba – PR, 80020-310, Brasil\n"
        "2) Av. Paulista, 1842, 12º andar – Bela Vista, São Paulo – SP, 01310-200, Brasil\n\n"
        "Data desta emissão:     26/07/2024\nVálido até:             25/07/2027\n"
    )
    assert value(result.organization) == "Araucária Tecnologia da Informação Ltda."
    assert value(result.issue_date) == date(2024, 7, 26)


def test_site_list_markers_and_a_qualifier_over_a_label():
    result = read(
        "CERTIFICATE\n"
        "  Certificate Holder:     Altamira Networks Corp.\n"
        "  AI Management System    Provision of a generative AI writing assistant and its\n"
        "  Scope:                  search platform.\n\n"
        "  Initially Certified:    07 March 2024\n\n"
        "  Sites certifiés :\n"
        "  – 14 avenue de l'Opéra, 75001 Paris, France\n"
        "  (2) 27 quai de la Fosse, 44000 Nantes, France\n"
    )
    assert value(result.scope) == (
        "Provision of a generative AI writing assistant and its search platform."
    )
    assert value(result.initial_certification_date) == date(2024, 3, 7)
    assert [s.value for s in result.sites] == [
        "14 avenue de l'Opéra, 75001 Paris, France", "27 quai de la Fosse, 44000 Nantes, France"
    ]


def test_a_certificate_told_in_one_paragraph():
    result = extract_text_fields([
        "Certificate\n\n"
        "This is to certify that Wexcombe Cloud Services Ltd trading as\n"
        "Wexcombe Hosting, of 37 Castle Street, Edinburgh EH2 3DN, United\n"
        "Kingdom, operates an Information Security Management System which has\n"
        "been assessed by Harwood Assurance Services Ltd and found to comply with\n"
        "the requirements of ISO/IEC 27001:2022 in respect of the following activities: The\n"
        "hosting of payroll software. This certificate, number 88423, was issued on 27 Nov\n"
        "2023 and expires on 26 Nov 2026. The organisation has held certification to\n"
        "this standard since 27 Nov 2020.\n"
    ])
    assert value(result.organization) == "Wexcombe Cloud Services Ltd trading as Wexcombe Hosting"
    assert value(result.scope) == "The hosting of payroll software."
    assert value(result.certificate_number) == "88423"
    assert value(result.initial_certification_date) == date(2020, 11, 27)
    assert value(result.issue_date) == date(2023, 11, 27)
    assert value(result.expiry_date) == date(2026, 11, 26)


def test_dutch_labels_and_a_compound_management_system_before_the_holder():
    result = read(
        "CERTIFICAAT\n"
        "Hierbij wordt verklaard dat het managementsysteem voor artificiële intelligentie van\n"
        "Zilverberg Data B.V.\nKeizersgracht 241, 1016 EA Amsterdam, Nederland\n\n"
        "   Eerste certificatiedatum:    28 februari 2024\n"
        "   Datum van uitgifte:          28 februari 2025\n"
        "   Geldig tot:                  27 februari 2028\n"
    )
    assert value(result.organization) == "Zilverberg Data B.V."
    assert value(result.initial_certification_date) == date(2024, 2, 28)
    assert value(result.issue_date) == date(2025, 2, 28)


def test_a_sentence_filler_wrapped_before_the_holder_and_sas():
    result = read(
        "CERTIFICATE\n"
        "This is to certify that the Artificial Intelligence\n"
        "Management System of\n"
        "Ceiba Analítica S.A.\n"
        "Calle 10 # 43E-31, Oficina 502, Medellín, Colombia\n\n"
        "has been audited and found to comply with ISO/IEC 42001:2023\n\n"
        "       Cordillera Certificación S.A.S. · NIT 901.438.552-7 · Bogotá D.C., Colombia\n"
    )
    assert value(result.organization) == "Ceiba Analítica S.A."
    from portal.certificates.vocabulary_places import LEGAL_FORM_ANY

    assert [m.group(0) for m in LEGAL_FORM_ANY.finditer("Cordillera S.A.S. · NIT")] == [" S.A.S."]


def test_a_number_in_an_accreditation_mark_is_not_the_certificate_s():
    result = extract_text_fields([
        "CERTIFICATE\n\nThe management system of\nSkovgaard Digital A/S\n"
        "has been audited and found to meet the requirements of ISO/IEC 27001:2022\n\n"
        "                  The certificate applies to\n"
        "   Development and operation of a document classification platform.\n\n"
        "  Certificate no.       First certified       Valid from         Valid to\n\n"
        "  DK-ISMS-15955         17-09-2021            17-09-2024         16-09-2027\n\n"
        "                                                                 DANAK\n"
        "                                                                 Reg. nr. 7021\n"
    ])
    assert value(result.certificate_number) == "DK-ISMS-15955"
    assert value(result.scope) == "Development and operation of a document classification platform."


def test_a_number_label_over_a_date_label_is_two_labels():
    result = read(
        "CERTIFICATE\n"
        "      Certificate Registration No.     01 153 1762586\n"
        "      Audit Report No.                 3347844236\n"
        "      Valid until                      04.06.2026\n"
        "      Initial certification            05.06.2018\n"
    )
    assert value(result.expiry_date) == date(2026, 6, 4)


def test_a_department_after_a_signatory_s_title_is_no_body():
    result = read(
        "CERTIFICATE\nThis is to certify that the management system of\nVeldmark Networks Corp.\n"
        "has been independently assessed.\n\n"
        "Anne Sørensen\nVice President, Certification Services\n"
        "Corvane Assurance, LLC\n1 World Trade Center, Suite 8500, New York, NY 10007, USA\n"
    )
    assert value(result.certification_body) != "Certification Services"


def test_a_site_s_role_before_its_address_is_left_out():
    from portal.certificates.results import ExtractedField
    from portal.certificates.sites import _without_role

    def site(text):
        return _without_role(ExtractedField(text, 1, text, 0.9)).value

    assert site("Head Office, Plot No. 17, Sector 62, Noida 201309, India") == (
        "Plot No. 17, Sector 62, Noida 201309, India"
    )
    assert site("Data centre, 5th Floor, Prestige Tower, Bengaluru 560025, India") == (
        "5th Floor, Prestige Tower, Bengaluru 560025, India"
    )
    # a village's or building's name is part of the address
    assert site("Village Salani, Amloh Road, Mandi Gobindgarh, Punjab, 147301, India") == (
        "Village Salani, Amloh Road, Mandi Gobindgarh, Punjab, 147301, India"
    )


def test_scope_of_work_valid_up_to_and_zertifizierungsdatum():
    result = read(
        "CERTIFICATE\n   Awarded to\n   INTERLINK ENTERPRISES\n\n"
        "                   Scope of work\n\n"
        "   SALES AND SERVICES OF INDUSTRIAL AUTOMATION SYSTEMS\n\n"
        "   Latest Issue: 27 MAY 2024\n   Valid up-to: 04 JUN 2025\n"
    )
    assert value(result.scope) == "SALES AND SERVICES OF INDUSTRIAL AUTOMATION SYSTEMS"
    assert value(result.expiry_date) == date(2025, 6, 4)
    german = read("ZERTIFIKAT\n   Mediagon AG\n\n   Zertifizierungsdatum: 1. Dezember 2006\n")
    assert value(german.issue_date) == date(2006, 12, 1)


def test_a_name_in_quotation_marks_over_two_lines():
    result = read(
        "This is to Certify The\nQuality Management System of\n\n"
        '"M/S. SHUSHRUSHA CITIZENS\nCO-OPERATIVE HOSPITAL LTD."\n\n'
        "698-B, RANADE ROAD, DADAR (WEST) MUMBAI 400028, MAHARASHTRA, INDIA.\n\n"
        "has been assessed and found to conform to the requirements of ISO 9001:2015\n"
    )
    assert value(result.organization) == "M/S. SHUSHRUSHA CITIZENS CO-OPERATIVE HOSPITAL LTD."


def _justified(line: str, top: float, left: float, right: float, size: float = 10.0):
    """Words of one justified line between left and right (even gaps, as typesetters set)."""
    parts = line.split()
    widths = [0.5 * size * len(p) for p in parts]
    gap = (right - left - sum(widths)) / max(1, len(parts) - 1) if right else 0.25 * size
    words, x = [], left
    for part, width in zip(parts, widths, strict=True):
        words.append({"text": part, "x0": x, "x1": x + width, "top": top, "bottom": top + size})
        x += width + gap
    return words


def test_two_columns_set_close_together_are_two_cells():
    from portal.certificates.wordlayout import words_to_layout

    left = [
        "the applicant has asked for leave to use the",
        "trade mark named in the agreement and the",
        "body conducted an audit of the whole chain.",
        "The company Fernhill Dyes has set up and",
        "applies a management system according to",
        "the sector guideline for such production.",
    ]
    right = ["Date of certification:", "12 May 2024", "Number of certificate:",
             "0031337", "Valid until:", "11 May 2027"]
    words = []
    for row, (a, b) in enumerate(zip(left, right, strict=True)):
        top = 100 + 16 * row
        words += _justified(a, top, 70, 300) + _justified(b, top, 311, 311 + 5 * len(b))
    lines = words_to_layout(words).splitlines()
    # the gutter (11 pt) is narrower than a visible gap, but every right-hand line starts
    # on the same edge: each line is two cells, three spaces apart at least
    assert all("   " in line.strip() for line in lines), lines
    result = extract_text_fields(
        ["Certificate\n\nFernhill Dyes Ltd\n12 Mill Lane, Leeds LS1 4AB\n\n"
         + words_to_layout(words)]
    )
    assert value(result.certificate_number) == "0031337"
    assert value(result.issue_date) == date(2024, 5, 12)
    assert value(result.expiry_date) == date(2027, 5, 11)


def test_one_justified_column_is_not_split():
    from portal.certificates.wordlayout import words_to_layout

    prose = [
        "This certificate remains the property of the body that issued it and",
        "must be returned on request; its validity may be checked online at",
        "any time by entering the number printed above into the register of",
        "certified organisations kept by the body for that purpose alone.",
    ]
    words = [  # the last line of a paragraph is not spread to the margin
        w for row, line in enumerate(prose)
        for w in _justified(line, 100 + 14 * row, 70, 430 if row < len(prose) - 1 else None)
    ]
    lines = words_to_layout(words).splitlines()
    assert [line.strip() for line in lines] == prose


def test_number_of_certificate_is_a_label():
    result = extract_text_fields(
        ["CERTIFICATE\nThis is to certify that\nFernhill Dyes Ltd\nISO 9001:2015\n"
         "Number of certificate:   QA-20931\nValid until: 11 May 2027\n"]
    )
    assert value(result.certificate_number) == "QA-20931"


def test_a_statement_about_the_above_mentioned_organisation_names_no_holder_after_it():
    # Turkish first, English after the slash: "the organization" is the one named above; the
    # lines after the statement are the scope, which Turkish closes with "kapsamında"
    result = read(
        "QUALITY MANAGEMENT SYSTEM CERTIFICATE\n\n"
        "DEMIRTAS BOYA KIMYA\nSANAYI VE TICARET ANONIM SIRKETI\n"
        "ORGANIZE SANAYI BOLGESI 4. CAD. NO: 7 KONYA/TURKIYE\n\n"
        "Bu sertifika yukarida belirtilen kurulus / "
        "This certificate is granted to the organization\n"
        "BOYA VE VERNIK URETIMI VE SATISI\n"
        "PRODUCTION AND SALE OF PAINTS AND VARNISHES\n\n"
        "Kapsaminda, 4471 sayili rapordaki inceleme ile /\n"
        "by review of report 4471 for the scope\n",
        "\nISO 9001:2015\n\nSertifika No/Certificate No     QMS 0101 0000042\n"
        "Yayin Tarihi/ Original Cert. Date   27.05.2025\n"
        "Gecerlilik Tarihi/ Expiry Date     26.05.2026\n",
    )
    assert value(result.organization) == "DEMIRTAS BOYA KIMYA SANAYI VE TICARET ANONIM SIRKETI"
    assert value(result.scope) == "PRODUCTION AND SALE OF PAINTS AND VARNISHES"
    assert value(result.initial_certification_date) == date(2025, 5, 27)
    assert value(result.issue_date) is None


def test_a_small_i_inside_a_capitalised_ocr_word_is_a_capital():
    from portal.certificates.ocr import fix_ocr_text

    assert fix_ocr_text("ALKiL KIMYA SANAYi URETiMi") == "ALKIL KIMYA SANAYI URETIMI"
    # words that start with a small i, or mixed case, are left as printed
    assert fix_ocr_text("iPhone iOS Mi TiM Limited") == "iPhone iOS Mi TiM Limited"


def test_the_following_scope_of_operations_introduces_the_scope():
    result = read(
        "This is to Certify that the Management System of\nM/s Fernhill Dyes Private Limited\n\n"
        "This certificate is valid for the following scope of operations:\n\n"
        "PROVIDING DYEING SERVICES FOR TEXTILE MILLS.\n\n"
    )
    assert value(result.scope) == "PROVIDING DYEING SERVICES FOR TEXTILE MILLS."


def test_a_header_row_over_its_row_of_values_pairs_cell_for_cell():
    from portal.certificates.fields import value_below
    from portal.certificates.layout import read_lines

    header = ("Date of initial registration   Date of this Certificate   "
              "Termino do ciclo / Certificate expiry       Recertification Due")
    values = ("     28 October 2024              26 November 2025       "
              "27 October 2026        27 October 2027")
    lines = read_lines([header + "\n" + values])
    third = lines[0].cells[2]
    # the third value stands under the start of its long header, the fourth under its end
    found = value_below(lines, 0, third)
    assert found is not None and found[1].text == "27 October 2026"
    assert value_below(lines, 0, lines[0].cells[0])[1].text == "28 October 2024"


def test_a_label_after_another_name_and_a_slash_starts_its_cell():
    from portal.certificates.dates import fold
    from portal.certificates.layout import Cell, find_labels

    text = "Termino do ciclo / Certificate expiry"
    hits = [h for h in find_labels(Cell(text, fold(text), 0, len(text))) if h.accepted]
    assert any(h.field == "expiry_date" and h.at_start for h in hits)
    told = "Valid from 12/05/2024 / Expiry date"  # a date before the slash: not another name
    hits = find_labels(Cell(told, fold(told), 0, len(told)))
    assert not any(h.field == "expiry_date" and h.at_start for h in hits)


def test_a_greek_name_runs_on_to_its_legal_form():
    result = read(
        "ΠΙΣΤΟΠΟΙΗΤΙΚΟ\nThis is to certify that\n\nΠΑΠΑΔΟΠΟΥΛΟΣ ΚΑΙ ΥΙΟΙ ΤΕΧΝΙΚΗ\n"
        "Α.Ε.- ΠΑΠΤΕΧ Α.Ε.\nΕΡΜΟΥ 22, ΤΚ:10563, ΑΘΗΝΑ\n\n"
        "has implemented an energy management system\n"
    )
    assert value(result.organization) == "ΠΑΠΑΔΟΠΟΥΛΟΣ ΚΑΙ ΥΙΟΙ ΤΕΧΝΙΚΗ Α.Ε.- ΠΑΠΤΕΧ Α.Ε."


def test_swedish_labels_with_their_english_under_them():
    result = extract_text_fields([
        "CERTIFIKAT\nCertificate\n\n        Certifikat nr NC-33294-M\n        Certificate No.\n\n"
        "Nordljus Certifiering AB intygar härmed att miljöledningssystemet hos\n"
        "Nordljus Certifiering AB hereby certifies that the environmental management system of\n\n"
        "Kolmården Energidata AB\nBergslagsgatan 27, 602 17 Norrköping, Sverige\n\n"
        "ISO 14001:2015\n\n"
        " Första certifiering                    2020-08-30\n Initial certification\n\n"
        " Giltigt från                           2023-08-30\n Valid from\n\n"
        " Giltigt till och med                   2026-08-29\n Valid until\n"
    ])
    assert value(result.certificate_number) == "NC-33294-M"
    assert value(result.initial_certification_date) == date(2020, 8, 30)
    assert value(result.issue_date) == date(2023, 8, 30)
    assert value(result.expiry_date) == date(2026, 8, 29)


@pytest.mark.parametrize(
    "parts, kept",
    [
        (["Utveckling och drift av molntjänster för energiövervakning i fastigheter.",
          "Development and operation of cloud services for energy monitoring in buildings."],
         ["Development and operation of cloud services for energy monitoring in buildings."]),
        (["中小企業向けクラウド会計サービスの設計、開発、運用及び保守",
          "Design and operation of cloud accounting services for small enterprises."],
         ["Design and operation of cloud accounting services for small enterprises."]),
        (["Sản xuất hàng may mặc và phụ kiện của công ty.", "Manufacture of garments for export."],
         ["Manufacture of garments for export."]),
    ],
)
def test_a_scope_in_another_language_before_its_english_is_left_out(parts, kept):
    assert prefer_english(parts) == kept


def test_what_the_audit_found_is_not_part_of_the_scope():
    from portal.certificates.results import ExtractedField
    from portal.certificates.scopes import scope_sentences

    told = ExtractedField("The receiving and packing of fresh tree fruit. The audit found the "
                          "management system to be effectively implemented.", 1, "", 0.85)
    assert scope_sentences(told).value == "The receiving and packing of fresh tree fruit."


def test_a_vietnamese_name_followed_by_its_english_gives_the_english():
    result = read(
        "GIẤY CHỨNG NHẬN / CERTIFICATE\nThis is to certify that\n\n"
        "CÔNG TY CỔ PHẦN CƠ KHÍ TRƯỜNG AN\nTRUONG AN MECHANICAL JOINT STOCK COMPANY\n"
        "Lô C5, Khu công nghiệp Hòa Khánh, Đà Nẵng, Việt Nam\n\nhas implemented\n"
    )
    assert value(result.organization) == "TRUONG AN MECHANICAL JOINT STOCK COMPANY"


def test_the_certification_covers_is_a_scope_label_and_augusti_a_month():
    result = read(
        "This is to certify that\nKolmården Energidata AB\n\n"
        " Certifieringen omfattar:      Utveckling och drift av molntjänster.\n"
        " The certification covers:     Development and operation of cloud services.\n\n"
        " Giltigt till och med          30 augusti 2026\n Valid until\n"
    )
    assert value(result.scope) == "Development and operation of cloud services."
    assert value(result.expiry_date) == date(2026, 8, 30)


def test_vietnamese_number_label_and_the_bureau_of_accreditation():
    result = read(
        "GIẤY CHỨNG NHẬN\nCERTIFICATE\n          Số / No.: SHC-OH 5045.24\n\n"
        "This is to certify that\nTRUONG AN MECHANICAL JOINT STOCK COMPANY\n\n"
        "BoA\nVăn phòng Công nhận Chất lượng\nBureau of Accreditation\n",
        "\n   Standard:               ISO 45001:2018\n",
    )
    assert value(result.certificate_number) == "SHC-OH 5045.24"
    assert value(result.accreditation_body) == "BoA"


def test_the_body_is_the_legal_name_that_starts_its_domain():
    page = (
        "QUALITY MANAGEMENT SYSTEM CERTIFICATE\n\n"
        "        DEMIRTAS BOYA KIMYA\n        SANAYI VE TICARET LIMITED SIRKETI\n"
        "        MERKEZ: ORTA MAH. 4. CAD. NO: 7 KONYA/TURKIYE\n\n"
        "Bu sertifika yukarida belirtilen kurulus / "
        "This certificate is granted to the organization\n"
        "        PRODUCTION AND SALE OF PAINTS AND VARNISHES\n\n"
        "                    ISO 9001:2015\n\n"
        "        Sertifika No/Certificate No        QMS 0101 0000042\n"
        "        Gecerlilik Tarihi/ Expiry Date     26.05.2026\n\n"
        "Sweat            AMERICAN                      QS      International\n"
        "           een) QUALITY                                Sustainability\n\n"
        "                    Harlowmark Certification Approval\n\n"
        "                         Harlowmark LLC\n"
        "        1309 Coffeen Avenue Suite 2435 Sheridan,Wyoming 82801/ USA           tS\n"
        "        www.harlowmarkcertification.com, email:info@harlowmarkcertification.com\n"
    )
    found = extract_text_fields([page], ocr=True).certification_body
    assert value(found) == "Harlowmark LLC"


def test_a_participle_after_the_word_organization_is_not_its_name():
    result = read(
        "CERTIFICATE OF REGISTRATION\n\nThe registrar hereby certifies that\n\n"
        "Fundy Tide Software Inc.\n\n"
        "   successful     recertification     audit,     the\n"
        "   organization     having     held     continuous\n"
    )
    assert value(result.organization) == "Fundy Tide Software Inc."


def test_registration_held_since_a_date_is_the_initial_date():
    result = read(
        "CERTIFICATE OF REGISTRATION\nThis is to certify that\n\nFundy Tide Software Inc.\n\n"
        "The certificate was issued on 31 August 2023, the organization having held continuous\n"
        "registration since 31 August 2018. It expires on 30 August 2026.\n"
    )
    assert value(result.initial_certification_date) == date(2018, 8, 31)


def test_a_scope_introduced_by_words_that_point_below_is_the_line_below():
    result = read(
        "Awarded to\n\nSDA INDUSTRIES\n\n"
        "It is Certified that Quality Management System of\nOrganization has been audited\n\n"
        "          For the Scope of activities described below\n\n"
        "          MANUFACTURER OF STEEL BINDING WIRE, NAILS & PRODUCTS.\n\n"
    )
    assert value(result.scope) == "MANUFACTURER OF STEEL BINDING WIRE, NAILS & PRODUCTS."


def test_an_earlier_ocr_layers_stray_marks_in_a_date_and_a_label():
    result = read(
        "This is to certify that\n\nSDA INDUSTRIES\n\n"
        "   Initial Registration Date:     30-05-2017       lssuance Date:   30-05-2017\n"
        "   Date of Expiry* :              29-05:.2020\n"
    )
    assert value(result.issue_date) == date(2017, 5, 30)
    assert value(result.expiry_date) == date(2020, 5, 29)


def test_the_dubai_accreditation_center_is_an_accreditation_body():
    result = read(
        "This is to certify that\n\nSDA INDUSTRIES\n\n"
        "     ROHS Certification Pvt. Ltd.\n"
        "     Accredited By: Dubai Accreditazion Center (DAC), Member of IAF\n"
    )
    assert value(result.accreditation_body) == "DAC"


def test_a_course_named_after_a_standard_is_a_persons_training_certificate():
    page = (
        "           ISO 14001:2015 Environmental Management\n"
        "                         System Awareness\n\n"
        "                               Jahangir Alam\n\n"
        "        Issued: 2024-09-23                           Certificate ID: hhaxfebnw9\n"
    )
    result = extract_text_fields([page])
    assert result.status == "not_a_certificate"
    assert result.standard is None
    # a certified training company's scope that mentions such a course is still a certificate
    scope = read(
        "This is to certify that\n\nKnights of Safety Ltd\n\nScope: Delivery of\n"
        "ISO 14001:2015 Environmental Management System Awareness training courses.\n"
    )
    assert value(scope.organization) == "Knights of Safety Ltd"


def test_a_scope_after_a_management_system_for_wrapped_onto_its_own_line():
    result = read(
        "The Certification Body\nof TUV SUD Management Service GmbH\n\ncertifies that\n\n"
        "        Nordic Solar AS\n        Oslo, Lilleakerveien 14\n\n"
        "        has established and applies an\n        Energy Management System for\n\n"
        "        Support and Financing of\n        Renewable Energy Initiatives\n\n"
        "        An audit was performed, Order No. 707020611.\n"
    )
    assert value(result.scope) == "Support and Financing of Renewable Energy Initiatives"


def test_a_companys_logo_lettering_above_its_legal_name_is_skipped():
    result = read(
        "CERTIFICATE\n\n          certifies that\n\n            NORDIC\n            SOLAR\n\n"
        "         Nordic Solar AS\n         Oslo, Lilleakerveien 14\n\n"
        "         has established and applies an Energy Management System\n"
    )
    assert value(result.organization) == "Nordic Solar AS"


def test_a_number_ending_a_sentence_loses_the_full_stop():
    from portal.certificates.fields import parse_certificate_number

    assert parse_certificate_number("12 104 47402 TMS.") == "12 104 47402 TMS"
    assert parse_certificate_number("No. 1.2.3.") == "1.2.3."


def test_a_body_named_by_its_acronym_and_legal_form_is_spelled_out():
    result = read(
        "CERTIFICATE OF COMPLIANCE\nThis is to Certify that\n"
        "V-PROTECT LIFE SCIENCES PRIVATE LIMITED\n\n"
        "          UNIQ INTERNATIONAL CERTIFICATIONS LIMITED\n"
        "       71-75, Shelton Street, Covent Garden, London, WC2H 9JQ\n"
        "          Web:- www.ukuicl.com, Mail:- info@ukuicl.com\n"
        "          This certificate is property of UICL Limited.\n"
    )
    assert value(result.certification_body) == "UNIQ INTERNATIONAL CERTIFICATIONS LIMITED"


def test_a_label_printed_in_four_languages_one_under_the_other_takes_the_value_beside_any():
    result = read(
        "CERTIMONT bescheinigt, dass das nachstehend genannte Unternehmen über ein\n"
        "Managementsystem verfügt.\n\n"
        "   Unternehmen             Ceresio Dati Sagl\n"
        "   Entreprise\n"
        "   Azienda\n"
        "   Company                 Via Cantonale 19\n"
        "                           6900 Lugano\n\n"
        "   Zertifikat-Nr.          39017            Gültigkeit\n"
        "   N° de certificat                         Validité          18.10.2024 – 17.10.2027\n"
        "   N. certificato                           Validità\n"
        "   Certificate No.                          Validity\n\n"
        "   Normative basis          ISO 9001:2015\n",
        "",
    )
    assert value(result.organization) == "Ceresio Dati Sagl"
    assert value(result.expiry_date) == date(2027, 10, 17)


def test_a_registration_center_named_in_the_letterhead_is_the_body():
    result = read(
        "                    株式会社やまと審査登録センター\n"
        "                    Yamato Registration Center Co., Ltd.\n"
        "                              登録証\n"
        "                 CERTIFICATE OF REGISTRATION\n\n"
        "This is to certify that the information security management system of the organization\n"
        "below conforms to the requirements of the following standard.\n\n"
        "   Organization           Minato Data Systems Co., Ltd.\n"
    )
    assert value(result.certification_body) == "Yamato Registration Center Co., Ltd."


def test_a_day_first_date_anywhere_on_the_page_settles_the_order():
    result = read(
        "This is to certify that the Management System of:\n\nSSG Support Services Group Ltd\n\n"
        "   CERTIFICATE NUMBER:          14234-ISMS-001\n"
        "   Initial Registration Date:   04/04/2018\n"
        "   Recertification Audit Date:  24/01/2025\n"
        "   Re-issue Date:               10/03/2025\n"
        "   Current Expiry Date:         05/06/2028\n",
        "\n   Standard:   ISO/IEC 27001:2022\n",
    )
    assert value(result.issue_date) == date(2025, 3, 10)
    assert value(result.expiry_date) == date(2028, 6, 5)


def test_labels_and_scope_words_translated_after_a_bar():
    result = read(
        "Si certifica che l'organizzazione | We hereby certify that the organization\n\n"
        "        STRATEGIC ENERGY RESOURCES S.R.L.\n"
        "        Corso Sempione, 32/B - 20154 Milano (MI) - Italia\n\n"
        "        nelle seguenti unità operative | in the following operating units\n\n"
        "        Via Don Minzoni, 1 - 84084 Fisciano (SA) - Italia\n\n"
        "        per le seguenti attività | for the following activities\n\n"
        "        EROGAZIONE DI SERVIZI ENERGETICI.\n\n"
        "                                           Emissione corrente | Current issue\n"
        "                                                   20/09/2023\n"
    )
    assert value(result.scope) == "EROGAZIONE DI SERVIZI ENERGETICI."
    assert value(result.issue_date) == date(2023, 9, 20)
    assert "Via Don Minzoni, 1 - 84084 Fisciano (SA) - Italia" in [s.value for s in result.sites]


def test_a_scope_beside_a_column_of_boilerplate_and_a_body_in_its_footer():
    result = extract_text_fields([
        "          This is to certify that the quality management system of\n"
        "          STRATEGIC ENERGY RESOURCES S.r.l.\n\n"
        "          complies with requirements of the standard\n          ISO 9001:2015\n\n"
        "   This certificate is valid for the following scope             Il presente certificato\n"
        " Progettazione ed erogazione di servizi di efficienza e          composto da n. 1 pagina\n"
        "                                                                 (in formato bilingue)\n"
        "   gestione di impianti fotovoltaici ed eolici.                  ed è soggetto al\n\n"
        "                 Data della prima emissione        Bellaria-Igea Marina - Italia,\n"
        "                 Date of first issue:              27 Luglio 2023\n"
        "                 30 Luglio 2020\n\n"
        " ISTITUTO GIORDANO S.p.A. Via Gioacchino Rossini, 2 - 47814 Bellaria-Igea Marina (RN)"
        " - Italia - Tel. +39 0541 343030 - istitutogiordano@giordano.it - www.giordano.it\n"
    ])
    assert value(result.scope) == (
        "Progettazione ed erogazione di servizi di efficienza e gestione di impianti "
        "fotovoltaici ed eolici."
    )
    assert value(result.initial_certification_date) == date(2020, 7, 30)
    assert value(result.issue_date) == date(2023, 7, 27)
    assert value(result.certification_body) == "ISTITUTO GIORDANO S.p.A."


def test_a_german_scope_with_english_loanwords_and_a_validity_from_to():
    result = read(
        "ZERTIFIKAT\n        Die\n\n"
        "        DMSZ Deutsche Managementsystem Zertifizierungsgesellschaft mbH\n\n"
        "        bescheinigt hiermit, dass das Unternehmen\n\n        XRAY-LAB GmbH & Co. KG\n"
        "        Theodor-Schweitzer-Straße 1 u. 3\n        75447 Sternenfels\n\n"
        "        für den Geltungsbereich\n"
        "        Qualitätskontrolle; Verlese- und Nacharbeiten; Bearbeitung von\n"
        "        Teilen; X-Ray Services; NTD Services; Entwicklung von\n"
        "        Software und Sondermaschinen\n\n"
        "        DIN EN ISO 9001:2015\n"
        "        Dieses Zertifikat ist gültig von 29.08.2023 bis 28.08.2026\n\n"
        "          DMSZ Deutsche Managementsystem Zertifizierungsgesellschaft mbH\n"
        "          Rübgrund 21 · 64347 · Griesheim · Deutschland\n",
        "",
    )
    assert value(result.scope) == (
        "Qualitätskontrolle; Verlese- und Nacharbeiten; Bearbeitung von Teilen; X-Ray Services; "
        "NTD Services; Entwicklung von Software und Sondermaschinen"
    )
    assert value(result.expiry_date) == date(2026, 8, 28)
    assert value(result.certification_body) == (
        "DMSZ Deutsche Managementsystem Zertifizierungsgesellschaft mbH"
    )


def test_the_conformity_statement_after_a_scope_ends_it():
    result = read(
        "AENOR has issued an IQNET recognized certificate that the organization:\n\n"
        "        ESTUCALIA MORTEROS, S.L.\n\n        for the following scope:\n"
        "  Design and production of one coat mortar and sale of\n"
        "        siliceous and marble-like arid.\n"
        "        which fulfils the requirements of the following standard\n",
    )
    assert value(result.scope) == (
        "Design and production of one coat mortar and sale of siliceous and marble-like arid."
    )


def test_a_spanish_scan_read_by_ocr():
    page = (
        "                    Certificado del\n          Sistema de Gestion de la Calidad\n\n"
        "                          ER-0339/2002\n\n"
        "                  AENOR certifica que la organizacién\n"
        "          ESTUCALIA MORTEROS, S.L.\n\n"
        "   dispone de un sistema de gestion de la calidad conforme   Norma   9001:2015\n\n"
        "       para las actividades   El disefio y la produccidn de morteros monocapa,\n"
        "                              cola y morteros agricolas.\n\n"
        "   Primera Emision 2002-03-21                    Expiracién 2026-03-21\n"
        "   Ultima emision 2023-03-21\n"
    )
    result = extract_text_fields([page], ocr=True)
    assert value(result.standard) == "ISO 9001:2015"
    assert value(result.certificate_number) == "ER-0339/2002"
    assert value(result.organization) == "ESTUCALIA MORTEROS, S.L."
    assert value(result.scope) == (
        "El disefio y la produccidn de morteros monocapa, cola y morteros agricolas."
    )
    assert value(result.issue_date) == date(2023, 3, 21)
    assert value(result.expiry_date) == date(2026, 3, 21)


def test_a_certificate_granted_to_company_within_the_scope():
    page = (
        "                 CERTIFICATION BODY\n                 TSU, a.s.\n"
        "                 Legionarska 1, 010 01 Zilina\n\n"
        "                 GRANT A\n       CERTIFICATE\n     MANAGEMENT SYSTEM ACCORDING TO\n\n"
        "                 EN ISO 14001:2015\n\n                 TO COMPANY\n\n"
        "        XRAY-LAB Slovensko k.s.\n        Cementarska 15, 900 31 Stupava\n\n"
        "                 WITHIN THK SCOPE\n\n"
        "   IMPLEMENTATION OF INSPECTION WORKS IN THE AUTOMOTIVE INDUSTRY.\n\n"
        "   VALIDITY:\n   UNTIL: 02.05.2025\n"
    )
    result = extract_text_fields([page], ocr=True)
    assert value(result.organization) == "XRAY-LAB Slovensko k.s."
    assert value(result.scope) == "IMPLEMENTATION OF INSPECTION WORKS IN THE AUTOMOTIVE INDUSTRY."
    assert value(result.certification_body) == "TSU, a.s."


@pytest.mark.parametrize("title", ["CE DECLARATION OF CONFORMITY", "EU-Konformitätserklärung",
                                   "Déclaration UE de conformité", "CE UYGUNLUK BEYANI"])
def test_a_declaration_of_conformity_is_a_products_not_a_certificate(title):
    page = (
        "        CERTIFICATE\n\n"
        f"              {title}\n\n"
        "        KISMET PLASTIK KOZMETIK AMBALAJ VE KALIP SANAYI TICARET LIMITED SIRKETI\n\n"
        "  That the following described product complies with the basic safety requirements.\n\n"
        "  Applicable Harmonised Standards           TS EN ISO 9001\n"
        "  Certificate Number                        A1601058\n"
        "  Certificate Issue Date                    17.02.2026\n"
        "  Certificate Validity Date                 17.02.2027\n"
    )
    result = extract_text_fields([page])
    assert result.status == "not_a_certificate"
    assert result.certificate_number is None


def test_a_sustainability_schemes_certificate_with_an_audit_annex_is_read_for_review():
    from portal.certificates.splitting import extract_document

    first = (
        "                                   Certificate\n\n"
        "                          EU-REDcert-553-52250002\n\n"
        "            By means of an audit on 24.05.2025, documented in a report\n\n"
        "                     Przemysłowy Instytut Motoryzacji\n"
        "                  Jagiellońska 55, 03-301 Warszawa, Poland\n\n"
        "                               confirms to\n\n"
        "                      PPHU “POL-MED” Sp. z o. o.\n\n"
        "                            REDcert-ID: 4714\n\n"
        "                    Leśna 38, 86-031 Osielsko, Poland\n\n"
        "       the compliance with the requirements of the certification scheme\n\n"
        "                               REDcert-EU\n\n"
        "   a scheme for demonstrating compliance with the sustainability criteria under the\n"
        "   Revised Directive (EU) 2018/2001 of the European Parliament and of the Council\n\n"
        "   This certificate is valid from 09.07.2025 to 08.07.2026\n"
    )
    annex = (
        "                          Annex to the certificate\n\n"
        "   Sustainable biomass used, processed or traded by the certified site\n\n"
        "   Greenhouse gas emissions were checked and reported in the audit report, section\n"
        "   “sustainable biomass data”. Non-conformities found at the audit were closed.\n"
    )
    result = extract_document([first, annex])
    assert result.status == "needs_review"
    assert value(result.certificate_number) == "EU-REDcert-553-52250002"
    assert value(result.organization) == "PPHU “POL-MED” Sp. z o. o."
    assert value(result.expiry_date) == date(2026, 7, 8)
    assert any("sustainability" in w.lower() or "REDcert" in w for w in result.warnings)


def test_this_document_certifies_names_no_body_and_a_dotted_lower_case_form_is_a_legal_form():
    """"Questo documento certifica che ..." is the document speaking, not a body; the footer's
    "Brenta Certification s.r.o." with its address names the body."""
    result = read(
        """                    CERTIFICATO
                    N.   771204
                    Questo documento certifica che il Sistema di Gestione per la Qualità di
                    Officine Lario S.r.l.
                    via dei Mulini 12, 22100 Como CO

                    è conforme alla Norma ISO 9001:2015
     www.brenta.example   Brenta Certification s.r.o.   Pobřežní 12/3,   186 00 Praha 8
        """,
        foot="",
    )
    assert value(result.certification_body) == "Brenta Certification s.r.o."


def test_a_sentence_that_certifies_is_no_body():
    from portal.certificates.certifiers import _usable

    assert not _usable("Si certifica che il Sistema di Gestione per la Qualità di:", None)
    assert not _usable("This is to certify that the Quality Management System of", None)
    assert _usable("Certivo Example B.V.", None)


@pytest.mark.parametrize("form", ["s.r.o.", "s.r.l.", "srl", "s.a."])
def test_a_lower_case_legal_form_with_dots_or_no_word_letters_ends_a_name(form):
    from portal.certificates.bodies import legal_form_after

    found = legal_form_after(f"Example Certification {form}   Via Roma 1, Milano")
    assert found is not None and found.group(0).strip(" ,") == form


def test_a_short_lower_case_word_is_still_no_legal_form():
    from portal.certificates.bodies import legal_form_after

    assert legal_form_after("issued as part of the ag programme") is None


def test_an_italian_scope_trigger_translated_after_a_dash_introduces_the_next_lines():
    result = read(
        """CERTIFICATO - CERTIFICATE
        Si certifica che il Sistema di Gestione per la Qualità di:
        This is to certify that the Quality Management System of:

        VETRERIE ADDA S.P.A.

        è conforme ai requisiti della normativa – has been found to conform to the standard:
        UNI EN ISO 9001:2015
        per il/i seguente campo di applicazione - for the following scope of application:
        Progettazione e produzione di vetro cavo.
        Design and production of hollow glass.

        Settore IAF/ IAF Sector: 15
        """
    )
    assert value(result.scope) == "Design and production of hollow glass."
    assert value(result.organization) == "VETRERIE ADDA S.P.A."


def test_the_italian_following_sectors_trigger_is_no_scope():
    result = read(
        """CERTIFICATO
        Questo documento certifica che il Sistema di Gestione per la Qualità di
        Trasporti Nolana S.r.l.
        è conforme alla Norma ISO 9001:2015
        per i seguenti settori di attività
        Trasporto merci per conto terzi.
        EA: 31
        """
    )
    assert value(result.scope) == "Trasporto merci per conto terzi."


def test_a_name_after_a_sentence_ocr_split_into_cells_is_on_the_next_line():
    """OCR split "il Sistema" at a wide gap: the words after "certifica che" are no name."""
    result = read(
        """                CERTIFICATO
                Questo documento certifica che il Si   ema di Gestione per   Qualita
                F.L.M.         SRL
                via Appia   7
                80100 Napoli NA
                e conforme alla Norma ISO 9001:2015
        """
    )
    assert value(result.organization) == "F.L.M. SRL"


def test_an_italian_partnership_name_goes_on_with_its_partners():
    result = read(
        """CERTIFICATO - CERTIFICATE
        Si certifica che il Sistema di Gestione per la Qualità di:

        FALEGNAMERIA ROSSI S.N.C.
        DI ROSSI MARIO E BIANCHI LUCA
        Sede Legale / Registered Office: VIA ROMA 9 - 24047 TREVIGLIO (BG)

        è conforme ai requisiti della norma UNI EN ISO 9001:2015
        """
    )
    assert value(result.organization) == "FALEGNAMERIA ROSSI S.N.C. DI ROSSI MARIO E BIANCHI LUCA"


def test_dates_told_in_a_sentence_split_into_cells():
    result = read(
        """CERTIFICATO
        Questo documento certifica che il Sistema di Gestione per la Qualità di
        Trasporti Nolana S.r.l.
        è conforme alla Norma ISO 9001:2015
        La certificazione è rilasciata con il numero 393001.   Data del
        presente certificato 18.   Novembre 2016 e scadenza del   certificato
        17.   Novembre 2019
        """,
        foot="",
    )
    assert value(result.issue_date) == date(2016, 11, 18)
    assert value(result.expiry_date) == date(2019, 11, 17)


@pytest.mark.parametrize("title", ["POLÍTICA INTEGRADA DE CALIDAD Y MEDIO AMBIENTE",
                                   "Information Security Policy", "Qualitätspolitik"])
def test_a_management_system_policy_is_not_a_certificate(title):
    result = extract_text_fields([
        f"""GG-POL2 V3
        {title}

        En Ejemplo S.A. nos comprometemos a ofrecer un servicio seguro, guiado por nuestro
        Sistema de Gestión Integrado de Calidad y Medio Ambiente, y a la mejora continua.
        We are committed to the requirements of our management system.

                                              Ana Pérez, Gerente General
              ISO 14001 2015   ISO 9001 2015       ejemplo.example
        """
    ])
    assert result.status == "not_a_certificate"
    assert value(result.standard) is None


def test_spanish_renewal_and_end_of_validity_labels_and_a_label_wrapped_over_its_date():
    result = read(
        """                                           CERTIFICACION
                Registro N°: Q-2001         Otorgado a la empresa:
                Fecha Actual Renovación
                por Restauración
                12 de Junio de 2023
                Término de Vigencia:
                03 de Marzo de 2026        TRANSPORTES ANDINOS S.A.
                                           Ejemplo Certificaciones certifica que el Sistema de
                                           Gestión de la organización ha sido auditado y se
                                           encuentra en conformidad con la norma ISO 9001:2015
        """
    )
    assert value(result.issue_date) == date(2023, 6, 12)
    assert value(result.expiry_date) == date(2026, 3, 3)


def test_a_portuguese_body_that_grants_the_certificate_and_its_labels():
    result = read(
        """     CERTIFICADO
                           A EXEMPLOCERT CERTIFICADORA
          concede o Certificado de Conformidade de Sistema de Gestão à empresa
         LOJA EXEMPLO COMERCIO DE INFORMATICA LTDA
             RODOVIA DO SOL, 100, VITORIA/ES
                    Implementado para as seguintes atividades
             COMERCIALIZAÇÃO DE EQUIPAMENTOS DE INFORMÁTICA
                   Em atendimento aos requisitos da Norma
                        NBR ISO 9001:2015
  Concessão Inicial do Ciclo: 13/11/2017   Emissão Certificado: 10/11/2020
 Vencimento do Ciclo   13/11/2023   Vencimento Certificado: 13/11/2021
        """
    )
    assert value(result.certification_body) == "EXEMPLOCERT CERTIFICADORA"
    assert value(result.scope) == "COMERCIALIZAÇÃO DE EQUIPAMENTOS DE INFORMÁTICA"
    assert value(result.initial_certification_date) == date(2017, 11, 13)
    assert value(result.issue_date) == date(2020, 11, 10)
    assert value(result.expiry_date) in (date(2021, 11, 13), date(2023, 11, 13))


def test_a_spanish_sentence_about_the_organisation_above_and_a_wrapped_expiry_sentence():
    result = read(
        """
                                             EJEMPLO RENTAS S.R.L
                       Ruta 9 Km 1500, Lote 4, (4400) Salta, Provincia de Salta
                                              Argentina

             Ejemplo Certification certifica que el Sistema de Gestion de la organización
                arriba mencionada ha sido auditado y encontrado acorde con los requisitos
                                de la norma detallada a continuación
                                          ISO 9001:2015
             Sujeto a la operación continua y satisfactoria del Sistema de Gestión este certificado
             expira el:   17 de diciembre de 2028
        """
    )
    assert value(result.organization) == "EJEMPLO RENTAS S.R.L"
    assert value(result.expiry_date) == date(2028, 12, 17)


def test_a_bare_number_label_a_first_issue_label_and_a_spanish_conformity_line():
    result = read(
        """
                     Entidad de certificación acreditada por ENAC
                        EJEMPLO AERONAUTICA, S.L.
         Central Office: C/ Ejemplo, 39. 29590 Campanillas (Málaga)
                   Estructura de certificación: SINGLE SITE
                          Certification structure
                   Es conforme con los requisitos de la Norma
                     Meets the requirements of the Standard
                              EN   9100:2018
      El Sistema de Gestión de Calidad se aplica al siguiente alcance
      The Quality Management System has been applied to the following scope
      Diseño y fabricación de arneses eléctricos.
      Este certificado tiene validez mientras esté en vigor el certificado con número 20511-CA
      Número   (number) 20511-AE
      Fecha de 1ª emisión:     30 / 05 / 2018
      Fecha de expiración: (Certification Expiry Date) 19 / 05 / 2028
        """,
        foot="",
    )
    assert value(result.organization) == "EJEMPLO AERONAUTICA, S.L."
    assert value(result.certificate_number) == "20511-AE"
    assert value(result.initial_certification_date) == date(2018, 5, 30)
    assert value(result.scope) == "Diseño y fabricación de arneses eléctricos."


@pytest.mark.parametrize("line", ["Número   20511-CA", "Number: 20511-CA"])
def test_a_bare_number_label_starts_its_cell(line):
    result = read(
        f"""
                               CERTIFICATE
      This is to certify that EXAMPLE PARTS LTD operates a quality management system
      which complies with ISO 9001:2015, accredited with accreditation number 13/C-SG004.
      {line}
        """,
        foot="",
    )
    assert value(result.certificate_number) == "20511-CA"


def test_a_russian_valid_through_label():
    result = read(
        """
                             СЕРТИФИКАТ СООТВЕТСТВИЯ
              Дата регистрации   22 июня 2023 г
              Действителен по    21 июня 2026г
              Заявитель: Общество с ограниченной ответственностью «Пример»
        """
    )
    assert value(result.issue_date) == date(2023, 6, 22)
    assert value(result.expiry_date) == date(2026, 6, 21)


def test_the_words_of_an_accreditation_mark_whose_name_ocr_could_not_read_are_no_label():
    result = read(
        """
       Certificate of Registration
       This is to certify that:   Example Fasteners Co., Ltd.
                                  No. 1, Example Rd., Kaohsiung City 82059, Taiwan
       For and on behalf of EXCERT:
       of   ayo     [AF          BABI None! Bree   Bowe
                                 ACCREDITED                  ..making excellence a habit:
                                 MANAGEMENT SYSTEMS.
                                 CERTIFICATION BODY
       This certificate remains the property of EXCERT and is bound by the conditions of contract.
        """
    )
    assert value(result.certification_body) != "Bowe"


def test_an_ambiguous_acronym_with_a_comma_heads_its_mark():
    result = read(
        """
       Ejemplo Certification certifica que el Sistema de Gestion de EJEMPLO S.A.
       ha sido auditado y encontrado acorde con los requisitos de la norma ISO 9001:2015
                                                                      OAA,
                                                                      Organismo Argentino de
                                                                      Acreditación
        """
    )
    assert value(result.accreditation_body) == "OAA"


def test_a_sentence_naming_a_country_is_no_address_to_find_the_name_above():
    result = read(
        """
                              CERTIFICATE OF
                                 APPROVAL
                            EXAMPLE ELECTRIC Co., Ltd
          Example Standards Association hereby certifies that the Quality Management System
          of the above organization has been assessed and found to meet the requirements
                          KAB-0C- 30
          ESA has been accredited by Korea Accreditation Board(KAB)
        """
    )
    assert value(result.organization) == "EXAMPLE ELECTRIC Co., Ltd"


@pytest.mark.parametrize(
    ("read_as", "number"),
    [
        ("ST.RU.0001.В0000549", "ST.RU.0001.B0000549"),  # a Cyrillic В among Latin letters
        ("KK.RU.0001.СЭМ0507", "KK.RU.0001.СЭМ0507"),  # printed in Cyrillic: kept
        ("РОСС RU.0001.11АЯ46", "РОСС RU.0001.11АЯ46"),
    ],
)
def test_cyrillic_look_alikes_in_a_latin_number_are_latin(read_as, number):
    from portal.certificates.fields import parse_certificate_number

    assert parse_certificate_number(read_as) == number


def test_a_german_certificate_with_its_verb_after_the_scope_trigger_and_bsi_date_labels():
    result = read(
        """
     Zertifikat
     INFORMATIONSSICHERHEITSMANAGEMENTSYSTEM      - ISO/IEC 27001:2022
     Hiermit wird bestätigt, dass: BEISPIEL DATEN GmbH & Co. KG
                               Musterweg 5
                               30559 Hannover
     Inhaber des Zertifikates Nr. IS 500123
     ein Managementsystem ISO/IEC 27001:2022 für den folgenden Geltungsbereich
     anwendet:
            Das Managementsystem bezieht sich auf die Rechenzentrums-Dienstleistung (Colocation,
            Cloud-Service) gemäß dem Service Katalog der Beispiel am Standort Hannover. Statement
            of Applicability in Version 4.1.0 vom 03.08.2024.
     Für und im Namen von BSI:
     Ursprünglich zertifiziert: 2012-10-05         Startdatum: 2024-10-05
     Letzte Ausgabe: 2024-08-27                    Ablaufdatum: 2027-10-04
        """,
        foot="",
    )
    assert value(result.certificate_number) == "IS 500123"
    assert value(result.scope).startswith("Das Managementsystem bezieht sich")
    assert value(result.scope).endswith("vom 03.08.2024.")
    assert value(result.initial_certification_date) == date(2012, 10, 5)
    assert value(result.issue_date) in (date(2024, 8, 27), date(2024, 10, 5))
    assert value(result.expiry_date) == date(2027, 10, 4)


def test_a_verb_after_the_trigger_on_its_line_is_not_the_scope():
    result = read(
        """
     Zertifikat
     Hiermit wird bestätigt, dass: BEISPIEL DATEN GmbH
     ein ISMS anwendet, das ISO/IEC 27018 für den folgenden Geltungsbereich berücksichtigt:
            Betrieb von Rechenzentren in Hannover.
        """
    )
    assert value(result.scope) == "Betrieb von Rechenzentren in Hannover."


def test_an_english_phrase_in_a_scope_in_another_language_is_no_translation():
    parts = [
        "Das Managementsystem bezieht sich auf die Rechenzentrums-Dienstleistung für",
        "IT-Systeme gemäß dem Service Katalog der Beispiel am Standort Hannover.",
        "Statement of Applicability in Version 4.1.0 vom 03.08.2024.",
    ]
    assert prefer_english(parts) == parts
    translated = [
        "Entwicklung und Vertrieb von Software für die Logistik und den Handel.",
        "Development and sale of software for logistics and the retail trade.",
    ]
    assert prefer_english(translated) == translated[1:]


def test_the_organisation_after_hat_die_organisation():
    result = read(
        """
           Zertifikat
           In einem Zertifizierungsaudit hat die Organisation
           BEISPIEL WERKE GmbH & Co. KG
           am Standort
           Musterweg 5, 30559 Hannover
           nachgewiesen, dass ein Energiemanagementsystem eingeführt wurde entsprechend der Norm
           ISO 50001:2018
        """
    )
    assert value(result.organization) == "BEISPIEL WERKE GmbH & Co. KG"


def test_spanish_labels_of_a_certificate_and_its_previous_cycle():
    result = read(
        """
                                      Certificación
                                       Concedida a
                                 EJEMPLO CERAMICA, SL
            POLÍGONO DE EJEMPLO, PARCELA 22A - 33660 - OVIEDO - ASTURIAS
                Ejemplo Certification certifica que el Sistema de Gestión ha sido auditado y
                          encontrado conforme con los requisitos de la norma:
                                        ISO 9001:2015
                                El Sistema de Gestión se aplica a:
                      FABRICACIÓN DE CERÁMICA TÉCNICA.
             Número del Certificado:                      ES100200-003 - 1
             Aprobación original:                         13-06-2008
             Caducidad de ciclo anterior:                 12-06-2023
             Certificado en vigor:                        13-06-2023
             Caducidad del certificado:                   12-06-2026
        """,
        foot="",
    )
    assert value(result.organization) == "EJEMPLO CERAMICA, SL"
    assert value(result.certificate_number).replace(" ", "") == "ES100200-003-1"
    assert value(result.initial_certification_date) == date(2008, 6, 13)
    assert value(result.issue_date) == date(2023, 6, 13)
    assert value(result.expiry_date) == date(2026, 6, 12)


def test_an_indian_address_a_last_issue_label_and_a_gulf_establishment():
    result = read(
        """
                                      CERTIFICATE OF COMPLIANCE
                                    EXAMPLE ENTERPRISES
                            #6,Example Meadows,Phase -5,
                      Begur Hobli,Bengaluru - 560 068,
                                 Karnataka,India.
                   has been Assessed and found to be accordance with
                              ISO 9001:2015
       Date of Last Issue: 09th Oct 2025
        """
    )
    assert value(result.organization) == "EXAMPLE ENTERPRISES"
    assert value(result.issue_date) == date(2025, 10, 9)
    trading = read(
        """
             CERTIFICATE OF REGISTRATION
             This is to certify that
             EXAMPLE MANAGEMENT SYSTEM TRADING ESTABLISHMENT
             Building No. 2869, King Faisal Road, Dammam, Kingdom of Saudi Arabia.
             has been independently assessed and is compliant with ISO 9001:2015
        """
    )
    assert value(trading.organization) == "EXAMPLE MANAGEMENT SYSTEM TRADING ESTABLISHMENT"


def test_a_scope_in_capitals_goes_on_over_a_paragraph_gap():
    result = read(
        """
                    This is to certify that EXAMPLE PCB LTD
                    has been independently assessed and found to comply with ISO 9001:2015
                              For the following scope:
                         MANUFACTURE AND SALE OF LED BOARDS.

                         DESIGN OF LIGHTING SOLUTIONS.

                 Certification Calendar:
        """
    )
    assert value(result.scope) == (
        "MANUFACTURE AND SALE OF LED BOARDS. DESIGN OF LIGHTING SOLUTIONS.")


def test_a_danish_certificate_its_labels_months_and_letters():
    result = read(
        """
       Dette certifikat bekræfter, at ledelsessystemet hos    Certifikatnummer:
                                                          1429923
       EKSEMPEL BIL ApS                                       Certifikatets opr. udstedelsesdato
                                                          23 april 2010
       Hovedkontor: Vej 5, 2300 København S
                                                          Udstedelsesdato:
       er registreret som værende i overensstemmelse med
                                                          18 marts 2019
       kravene i:
                                                          Certifikatets udløbsdato:
        ISO 14001:2015                                    22 april 2022

       Ledelsessystemet er gældende for:
       Autoophug
        """,
        foot="",
    )
    assert value(result.organization) == "EKSEMPEL BIL ApS"
    assert value(result.certificate_number) == "1429923"
    assert value(result.initial_certification_date) == date(2010, 4, 23)
    assert value(result.issue_date) == date(2019, 3, 18)
    assert value(result.expiry_date) == date(2022, 4, 22)
    assert value(result.scope) == "Autoophug"


def test_a_danish_page_read_in_english_is_read_again_in_danish():
    from portal.certificates.ocr import guess_latin_language

    first_reading = (
        "Dette certifikat bekrzfter, at ledelsessystemet hos AG Auto ApS er registreret af "
        "Intertek som verende i overensstemmelse med kravene i ISO 14001 Ledelsessystemet er "
        "gzeldende for Autoophug Certifikatets opr. udstedelsesdato Udstedelsesdato"
    )
    assert guess_latin_language(first_reading) in ("dan", "nor")


def test_a_greek_certificate_certified_that_its_register_number_and_scope():
    result = read(
        """
      ΠΙΣΤΟΠΟΙΗΤΙΚΟ
      Σύστημα Διαχείρισης σύμφωνα με
      DIN EN ISO 9001 : 2015
      Βάσει των διαδικασιών ΠΑΡΑΔΕΙΓΜΑ CERT, πιστοποιείται ότι η
      ΠΑΡΑΔΕΙΓΜΑ Α.Ε.
      Εργοστάσιο 1: Οδός Παραδείγματος 12, 455 00 Ιωάννινα
      Εφαρμόζει ένα σύστημα διαχείρισης σύμφωνα με το παραπάνω πρότυπο για το εξής πεδίο εφαρμογής
      Εμφιάλωση Φυσικού Μεταλλικού Νερού
      Αριθμός Μητρώου Πιστοποιητικού 44 100 12345678       Ισχύει από   2024-01-22
                                                           Ισχύει μέχρι 2027-01-21
        """,
        foot="",
    )
    assert value(result.organization) == "ΠΑΡΑΔΕΙΓΜΑ Α.Ε."
    assert value(result.certificate_number) == "44 100 12345678"
    assert value(result.scope) == "Εμφιάλωση Φυσικού Μεταλλικού Νερού"
    assert value(result.issue_date) == date(2024, 1, 22)
    assert value(result.expiry_date) == date(2027, 1, 21)


def test_a_body_whose_assessors_examined_the_system_and_an_audit_sentence_after_the_scope():
    result = read(
        """
                        CERTIFICATE OF APPROVAL
                         This is to certify that the Management System at
                           EXAMPLE TECNOLOGIA LTDA
                 Has been examined by assessors of Example Certification and found
                          to be conforming to the requirements of:
                                ISO/IEC 27001:2022
        """
    )
    assert value(result.certification_body) == "Example Certification"
    spanish = read(
        """
                                   CERTIFICADO
          CIE Certificación certifica que EJEMPLO SA DE CV cumple con ISO 45001:2018
          para el siguiente alcance:
          Construcción de infraestructura civil y eléctrica.
          Mediante auditoría documentada en el informe de fecha 12 de febrero de 2026 se
          verificó el cumplimiento de los requisitos del Estándar:
        """
    )
    assert value(spanish.scope) == "Construcción de infraestructura civil y eléctrica."


def test_a_german_site_table_on_the_second_page():
    page1 = """
     Zertifikat
     Hiermit wird bestätigt, dass: BEISPIEL DATEN GmbH & Co. KG
                               Musterweg 5
                               30559 Hannover
     Inhaber des Zertifikates Nr. IS 500123
     ein Managementsystem ISO/IEC 27001:2022 für den folgenden Geltungsbereich anwendet:
            Betrieb von Rechenzentren.
     Letzte Ausgabe: 2024-08-27                    Ablaufdatum: 2027-10-04
"""
    page2 = """
     Zertifikat Nr. IS 500123
     Standort                              Zertifizierte Aktivitäten
     BEISPIEL DATEN GmbH & Co. KG          Betrieb von Rechenzentren.
     Musterweg 5
     30559 Hannover
     Deutschland
     BEISPIEL DATEN GmbH & Co. KG          Betrieb von Rechenzentren.
     Lohweg 1
     30559 Hannover
     Deutschland
"""
    sites = [s.value for s in extract_text_fields([page1, page2]).sites]
    assert len(sites) == 2 and sites[0].startswith("Musterweg 5, 30559 Hannover")
    assert sites[1] == "Lohweg 1, 30559 Hannover, Deutschland"


def row(*parts) -> str:
    """Return a printed line with each text at its column: row(4, "left", 60, "right")."""
    line = ""
    for column, text in zip(parts[::2], parts[1::2], strict=True):
        line = line.ljust(column) + text
    return line


def test_two_columns_in_spanish_the_issuer_sentence_and_the_address_of_the_organisation():
    right = 71
    page = "\n".join([
        "",
        row(19, "EJEMPLO CERT S.A. emite un certificado a:", right,
            "Este certificado de EJEMPLO CERT S.A. confirma la aplicación y el desarrollo "
            "continuo de"),
        row(right, "un efectivo"),
        "",
        row(29, "GRUPO TRANSPORTES DEL SUR", right, "SISTEMA DE GESTIÓN DE LA CALIDAD"),
        row(27, "TDS S.A. LOGÍSTICA SUR S.A.", right, "según los requisitos de la norma"),
        row(right, "ISO 9001:2015"),
        row(19, "Dirección de la organización:"),
        row(19, "- Oficina Central: Calle Falsa 1234, Montevideo."),
        row(19, "- Depósito: Ruta 5 km 40, Canelones."),
        "",
        row(19, "Alcance de la certificación: Transporte de carga", right,
            "Número de registro: 4410/02"),
        row(19, "por carretera y depósito de mercaderías.", right,
            "Fecha de la primera edición: 3 de mayo de 2022."),
        row(right, "Válido hasta: 2 de mayo de 2025."),
        "",
        row(19, "La validez de este certificado se mantendrá con auditorías anuales de"),
        row(19, "seguimiento y auditorías de renovación cada tres años.", right,
            "Montevideo, 3 de mayo de 2022"),
        row(8, "EJEMPLO CERT S.A."),
        row(8, "Av Siempreviva 742"),
        row(8, "CP11500"),
        row(8, "Montevideo, Uruguay"),
    ])
    result = read(page, foot="")
    # the line under the group's name lists its member companies: the name is the group's
    assert value(result.organization) == "GRUPO TRANSPORTES DEL SUR"
    assert value(result.certificate_number) == "4410/02"
    assert value(result.initial_certification_date) == date(2022, 5, 3)
    assert value(result.expiry_date) == date(2025, 5, 2)
    assert value(result.certification_body) == "EJEMPLO CERT S.A."
    assert value(result.scope) == (
        "Transporte de carga por carretera y depósito de mercaderías."
    )


def test_a_side_column_of_small_print_beside_the_name_and_the_scope_heading():
    side = 133
    page = "\n".join([
        row(2, "CERTIFICADO N°"),
        row(50, "1234/20/S"),
        row(2, "CERTIFICATE No."),
        row(2, "Certificamos que o Sistema de Gestão de Qualidade de/ It is hereby certified "
               "that the Quality Management System of", side, "Para informações referentes"),
        row(side, "à validade deste certificado"),
        row(4, "EXEMPLO PEÇAS INDÚSTRIA E COMÉRCIO", side, "For information concerning"),
        row(27, "LIMITADA - EPP", side, "validity of the certificate"),
        row(2, "Encontra-se em conformidade com a norma/ Is in compliance with the standard"),
        row(24, "ISO 9001:2015", 123, "Sistema de gestão da"),
        row(7, "Para a(s) seguinte(s) atividade(s)/ For the following field(s) of activities",
            123, "qualidade certificado desde"),
        row(123, "Quality management system"),
        "",
        row(4, "FABRICAÇÃO DE PEÇAS ESTAMPADAS PARA A INDÚSTRIA EM GERAL"),
    ])
    result = read(page, foot="")
    assert value(result.organization) == "EXEMPLO PEÇAS INDÚSTRIA E COMÉRCIO LIMITADA - EPP"
    assert value(result.scope) == "FABRICAÇÃO DE PEÇAS ESTAMPADAS PARA A INDÚSTRIA EM GERAL"


def test_italian_registration_number_effective_date_scope_heading_and_the_holder_named_above():
    result = read(
        """
                                        ESEMPIO S.R.L

                          Via Roma 12, CAP 00100, Roma (RM), Italia.

            XYZCERT certifica che il sistema di gestione della sicurezza delle informazioni della
            suddetta organizzazione è stato sottoposto ad audit ed è risultato conforme ai
            requisiti della norma per i sistemi di gestione di seguito indicata.
                                     ISO/IEC 27001:2022

                          Campo di applicazione della certificazione

             Sviluppo e manutenzione di software gestionale.

            Data di inizio/entrata in vigore: 3 luglio 2025
            Scadenza 1° audit di sorveglianza: 26 giugno 2026
            N. di registrazione del certificato: MS0711223
        """,
        foot="",
    )
    assert value(result.organization) == "ESEMPIO S.R.L"
    assert value(result.certificate_number) == "MS0711223"
    assert value(result.issue_date) == date(2025, 7, 3)
    assert value(result.scope) == "Sviluppo e manutenzione di software gestionale."


def test_bureau_veritas_original_certification_date_in_italian():
    result = read(
        """
                  CERTIFICATO
          Bureau Esempio Italia certifica che il sistema di gestione
          dell'organizzazione ESEMPIO IMPIANTI S.R.L. è conforme alla norma ISO 9001:2015
          Data della certificazione originale:                    18-Giugno-2018
          questo certificato è valido fino al:                    08-Settembre-2026
          Certificato Numero: IT327051          Data di emissione: 03-Giugno-2025
        """,
        foot="",
    )
    assert value(result.initial_certification_date) == date(2018, 6, 18)
    assert value(result.issue_date) == date(2025, 6, 3)


def test_swedish_and_english_on_one_page():
    result = read(
        """
                                    CERTIFIKAT
                                   ISO/IEC 27001

                       Härmed intygas att/This is to certify that
                          Exempel Moln AB
                       Storgatan 3, 16968 SOLNA, SWEDEN

  har ett ledningssystem som uppfyller kraven enligt SS-EN ISO/IEC 27001:2023 vad gäller
  has a management system that fulfils the requirements of SS-EN ISO/IEC 27001:2023 with respect to

                Drift och underhåll av plattformar för offentliga och privata molntjänster.
                Allt i enlighet med uttalande om tillämplighet, daterad 2026-03-23

                Operation and maintenance of platforms for public and private cloud services.

                          Ursprungligen utfärdat/Originally issued   2026-04-02
                          Giltigt till och med/Expiry date          2029-04-01
                          Beslutsdatum/Decision date                2026-04-02

            Exempel Certifiering AB | Certification
            Box 857, SE-501 15 Borås, Sweden
            Certifikat/Certificate C005999 | version/issue 1 | 2026-04-02
        """,
        foot="",
    )
    assert value(result.organization) == "Exempel Moln AB"
    assert value(result.certification_body) == "Exempel Certifiering AB"
    assert value(result.scope) == (
        "Operation and maintenance of platforms for public and private cloud services."
    )
    assert value(result.issue_date) == date(2026, 4, 2)
    assert value(result.expiry_date) == date(2029, 4, 1)


def test_a_national_management_system_scheme_is_read_for_review():
    # a Swedish scheme the reader does not know, with certification wording, a number and a
    # validity: returned for a person to check, not thrown away
    result = extract_text_fields([
        """
                                   CERTIFIERAD
                               Härmed intygas att
                           Exempel AB
                                      Solna
                     har ett ledningssystem som uppfyller kraven enligt
                                  RQ3000 utgåva 2022
                                Verksamhetsbeskrivning:
                    Tillhandahållande och utveckling av molntjänster

                               Stockholm den 13 maj 2024

           Giltigt t.o.m. 2027-05-12   Ursprungscert. utfärdat: 2024-05-13   Cert nr NC0099
        """
    ])
    assert result.status == "needs_review"
    assert value(result.organization) == "Exempel AB"
    assert value(result.certificate_number) == "NC0099"
    assert value(result.initial_certification_date) == date(2024, 5, 13)
    assert value(result.issue_date) == date(2024, 5, 13)
    assert value(result.expiry_date) == date(2027, 5, 12)
    assert value(result.scope) == "Tillhandahållande och utveckling av molntjänster"


def test_portuguese_prose_validity_and_a_name_over_two_lines_beside_a_stamp():
    result = extract_text_fields([
        """
                     Certificado BR16/9999
                         O sistema de gestao de
            Exemplo Flex Industria e
                                                          EM CERTIFICg
                             Comercio Ltda
                            Rua Exemplo, 79, Santo Amaro
                            Sao Paulo, SP; 04754-080, BR

            Foi auditado e certificado encontrando-se em conformidade com os requisitos da norma
                             ISO 9001:2015
                        Para as seguintes atividades
        Fabricação e vendas de tubos metálicos flexíveis
        Este certificado é valido de 14 de setembro de 2021 até 14 de setembro de 2024
        """
    ])
    assert value(result.organization) == "Exemplo Flex Industria e Comercio Ltda"
    assert value(result.issue_date) == date(2021, 9, 14)
    assert value(result.expiry_date) == date(2024, 9, 14)


def test_an_italian_and_english_scope_heading_over_a_sector_code():
    result = read(
        """
          SI CERTIFICA CHE IL SISTEMA DI GESTIONE DI
          WE HEREBY CERTIFY THAT MANAGEMENT SYSTEM OPERATED BY
        COSTRUZIONI ESEMPIO S.r.l.
          Via Roma Ovest, 55 - 31050 Ponzano Veneto TV
                È CONFORME ALLA NORMA
              IS IN COMPLIANCE WITH THE STANDARD
                UNI EN ISO 9001:2015
           PER I SEGUENTI TIPI DI PRODOTTI, PROCESSI E SERVIZI
        COVERING THE FOLLOWING KIND OF PRODUCTS, PROCESSES AND SERVICES
                        IAF: 28
          costruzione di edifici e manutenzione di strade

          construction of buildings and maintenance of roads
        """
    )
    assert value(result.scope) == "construction of buildings and maintenance of roads"


def test_registered_by_over_the_body_and_a_division_under_a_signature():
    page = "\n".join([
        row(7, "This is to certify that:", 109, "Certificate Number:"),
        row(109, "QEC0999"),
        row(7, "Example Lubricants Pty Ltd", 109, "Issue Date:"),
        row(7, "Unit 2, 8 Example Drive Seven Hills NSW 2147 AUSTRALIA", 109, "6 October 2023"),
        row(7, "operates a QUALITY MANAGEMENT SYSTEM", 109, "Expiry Date:"),
        row(7, "which complies with the requirements of ISO 9001:2015", 109, "11 October 2026"),
        "",
        row(109, "Jane Example"),
        row(109, "President, Business Assurance"),
        "",
        row(7, "Registered by:"),
        row(7, "Example Certification Services Pty Ltd (ACN 108 716 000) Level 7, 45 Clarence St"),
    ])
    result = read(page, foot="")
    assert value(result.certification_body) == "Example Certification Services Pty Ltd"


def test_the_scope_of_certification_covers():
    result = read(
        """
        CERTIFICATE OF REGISTRATION
        EXAMPLE GUARDS PTY LTD
        has been independently assessed and certified as having implemented a
        Quality Management System complying with the requirements of ISO 9001:2015
        The scope of certification covers Provision of Security Guard Services
        """
    )
    assert value(result.scope) == "Provision of Security Guard Services"


def test_a_hungarian_certificate():
    result = extract_text_fields([
        """
              Az Példa Rendszertanúsító Kft.
              H-1145 Budapest,
              Torontál utca 34.
              igazolja, hogy a(z)
TANÚSÍTVÁNY
                                            A tanúsítvány regisztrációs száma: 988960099
              Minta Szolgáltató Kft.
              Székhely:    H-1039 Budapest, Királyok útja 291.

              teljes körű biztonsági szolgáltatás

              érvényességi területen információbiztonság irányítási rendszert
              vezetett be és alkalmaz.
              A lefolytatott audit során bizonyítást nyert, hogy a rendszer
              megfelel az
               MSZ ISO/IEC 27001:2023
              szabvány követelményeinek.
              A tanúsítvány érvényes: 2026. április 27 – 2029. április 26.
              az évente végrehajtott felülvizsgálatok igazolása mellett.
                                                       Budapest, 2026. április 27.
        """
    ])
    assert result.status == "ok", result.message
    assert value(result.organization) == "Minta Szolgáltató Kft."
    assert value(result.certificate_number) == "988960099"
    assert value(result.scope) == "teljes körű biztonsági szolgáltatás"
    assert value(result.issue_date) == date(2026, 4, 27)
    assert value(result.expiry_date) == date(2029, 4, 26)
    assert value(result.certification_body) == "Példa Rendszertanúsító Kft."


def test_a_country_prefix_set_apart_from_its_number():
    result = read(
        "CERTIFICATE\n"
        "EXAMPLE has issued an IQNET recognized certificate that the organization:\n"
        "   EXEMPLU SRL\n"
        "has implemented a Quality Management System ISO 9001:2015\n"
        "         Registration Number: RO              - 3678\n"
        " Expires on: 2027-05-09\n",
        foot="",
    )
    assert value(result.certificate_number) == "RO-3678"
    assert result.certificate_number.source_text == "Registration Number: RO - 3678"
    assert value(result.certification_body) == "EXAMPLE"


def test_a_previous_certificates_validity_and_a_scope_end_in_spanish():
    result = read(
        """
        CERTIFICADO
        Se certifica que el sistema de gestión de EJEMPLO LOGÍSTICA S.A.
        cumple con los requisitos de la norma ISO 45001:2018
        Alcance: Transporte de carga por carretera
        La validez de este certificado se mantendrá con auditorías anuales.
        Número de registro: SSS 0999/01
        Válido hasta: 8 de noviembre de 2027
        El certificado anterior era válido hasta: 8 de noviembre de 2024
        """,
        foot="",
    )
    assert value(result.scope) == "Transporte de carga por carretera"
    assert value(result.expiry_date) == date(2027, 11, 8)


def test_three_date_headings_in_one_row_over_their_dates():
    page = "\n".join([
        "Certificate of Approval",
        "To certify that the Quality Management Systems of",
        "   Example Marine Automation",
        "has been assessed and found conforming to the requirement of ISO 9001: 2015",
        "",
        row(4, "INITIAL CERTIFICATION DATE", 46, "CURRENT DATE OF GRANTING", 89, "EXPIRY DATE"),
        "",
        row(4, "DECEMBER 02, 2010", 46, "OCTOBER 01, 2025", 89, "JULY 14, 2028"),
    ])
    result = read(page)
    assert value(result.initial_certification_date) == date(2010, 12, 2)
    assert value(result.issue_date) == date(2025, 10, 1)
    assert value(result.expiry_date) == date(2028, 7, 14)


def test_a_heading_beside_a_date_label_is_not_its_wrapped_rest():
    # the unknown heading beside the label is another column's: its date is not the label's
    page = "\n".join([
        "This is to certify that Example Marine Automation",
        "complies with ISO 9001:2015",
        row(4, "FIRST CERTIFICATION DATE", 46, "PRESENT APPROVAL STAGE"),
        "",
        row(4, "2010-12-02", 46, "2025-10-01"),
    ])
    result = read(page)
    assert value(result.initial_certification_date) == date(2010, 12, 2)


def test_an_indonesian_and_english_certificate_read_by_ocr():
    page = "\n".join([
        row(27, "CERTIFICATE", 78, "Certificate No. EnMS 00011"),
        row(27, "CONTOH INTERNATIONAL CERTIFICATION SERVICES"),
        "",
        row(27, "Menyatakan bahwa"),
        row(27, "Certifies   that"),
        "",
        row(28, "PT CONTOH BAJA"),
        row(28, "Desa Kedungturi, Taman Sidoarjo PO BOX 1083,"),
        "",
        row(28, "telah menerapkan sistem manajemen energi yang memenuhi"),
        row(28, "has implemented energy management system that comply with"),
        row(28, "ISO 50001:2018"),
        "",
        row(27, "Sertifikat ini berlaku dari 19 Maret 2021 sampai 18 Maret 2024"),
    ])
    result = read(page, foot="")
    assert value(result.organization) == "PT CONTOH BAJA"
    assert value(result.certificate_number) == "EnMS 00011"
    assert value(result.issue_date) == date(2021, 3, 19)
    assert value(result.expiry_date) == date(2024, 3, 18)


def test_a_raised_ordinal_read_as_quote_marks():
    from portal.certificates.ocr import fix_ocr_text

    fixed = fix_ocr_text('This certificate is valid from March 19", 2021 until March 18”, 2024')
    assert fixed == "This certificate is valid from March 19, 2021 until March 18, 2024"


def test_a_japanese_holder_above_its_postcode_under_the_system_title():
    result = extract_text_fields([
        """
     Certificate of Registration
     情報セキュリティマネジメントシステム
     大学共同利用機関法人 例示研究機構
     例示研究所 システム管理部門
     〒411-8540静岡県三島市谷田1111

     上記組織が認証登録番号IS 700001を保有し
     ISO/IEC 27001:2013 の要求事項に適合していることをここに証します。
     上記の所在地が含まれる認証書番号:              IS 700001
     初回認証登録日: 2023-11-19                           発効日: 2023-11-19
     最新更新日: 2023-11-19                             有効期限日: 2025-10-31
        """
    ])
    holder = "大学共同利用機関法人 例示研究機構 " + "例示研究所 システム管理部門"
    assert value(result.organization) == holder
    assert value(result.certificate_number) == "IS 700001"


def test_a_label_translated_with_its_colon_over_the_name():
    result = extract_text_fields([
        """
        A EXEMPLO concede o Certificado de Conformidade de Sistemas de Gestão Antissuborno
        à empresa:
        EXEMPLO grants the Conformity Certificate of the Anti-bribery Management Systems to us:

                     Exemplo Serviços Técnicos Ltda.
                     CNPJ: 04.887.307/0001-07
        Atendendo aos requisitos da Norma: ABNT NBR ISO 37001:2017
        """
    ])
    assert value(result.organization) == "Exemplo Serviços Técnicos Ltda."


def test_the_quality_management_system_in_the_company():
    result = read(
        """
        CERTIFICADO
        No. 510000
        Por la presente se certifica el Sistema de Gestión de Calidad en la compañía

        GRUPO EJEMPLO S.A.C.
        04012 AREQUIPA

        ha sido evaluado y se encuentra en conformidad con la Norma ISO 9001:2015
        """,
        foot="",
    )
    assert value(result.organization) == "GRUPO EJEMPLO S.A.C."


def test_a_site_list_without_the_holders_address_names_other_sites_only():
    result = read(
        """CERTIFICATE
        This is to certify that
                 Esempio S.p.A.
                 Corso Sempione, 32/B - 20154 Milano (MI) - Italia
        complies with ISO 9001:2015 at the following operational sites:
                 Via Don Minzoni, 1 - 84084 Fisciano (SA) - Italia
        """
    )
    assert [s.value for s in result.sites] == ["Via Don Minzoni, 1 - 84084 Fisciano (SA) - Italia"]


def test_additional_addresses_add_sites_to_the_holders_address():
    result = read(
        """Certificate of Registration
        This is to certify that the Quality Management System of
                 Example Plating, LLC
                 871 Example Terrace, Cincinnati, Ohio 45215 USA
                        Additional Addresses:
                 4510 Example Road, Cincinnati, Ohio 45215 USA
        conforms to ISO 9001:2015
        """
    )
    assert [s.value for s in result.sites] == [
        "871 Example Terrace, Cincinnati, Ohio 45215 USA",
        "4510 Example Road, Cincinnati, Ohio 45215 USA",
    ]


def test_the_site_under_sede_oggetto_di_certificazione():
    result = read(
        """
                          ESEMPIO IMPIANTI S.R.L.
                 Via de Castillia, 7 - 20871 Vimercate (MB) - Italy
                        Sede oggetto di Certificazione:
                 Via I Maggio, 87 - 20863 CONCOREZZO (MB) - Italy

        Esempio Certification certifica che il sistema di gestione dell'organizzazione
        sopra indicata è conforme alla norma ISO 9001:2015
        """
    )
    assert [s.value for s in result.sites] == ["Via I Maggio, 87 - 20863 CONCOREZZO (MB) - Italy"]


def test_an_ifs_certificate_set_flush_left_that_cites_its_audit_report():
    result = extract_text_fields([
        """
        CERTIFICATE

        according IFS Food
        Issue 6, April 2014

        In accordance with EXAMPLE CERT procedures, it is hereby certified that

        EXEMPLO S.A.
        Kranoula
        45 500 Ioannina
        Greece
        COID: 47232

        product scope

        8. Beverages

        technology scopes
        C, F

        for the range of application

        Bottling of table water

        Date of audit:   2014-12-10 to 2014-12-11                 Validity date:   2016-02-04
        Audit Report No.   3515 2946
        Certificate Registration No.   44 272 090379-001

                                                                  Essen, 2015-02-12
        """
    ])
    assert result.is_certificate
    assert value(result.organization) == "EXEMPLO S.A."
    assert value(result.scope) == "Bottling of table water"
    assert value(result.certificate_number) == "44 272 090379-001"
    assert value(result.issue_date) == date(2015, 2, 12)
    assert value(result.expiry_date) == date(2016, 2, 4)


def test_an_iqnet_certificate_names_the_holder_after_certificate_that_the_organization():
    result = read(
        """
                               CERTIFICATE
                EXAMPLE has issued an IQNet recognized certificate that the organization

                              EXAMPLE-LAB Slovensko k.s.
                                     Cementarska 15
                                      90031 Stupava
                                        Slovakia

                has implemented and maintains a Quality Management System.
        """
    )
    assert value(result.organization) == "EXAMPLE-LAB Slovensko k.s."


def test_nous_certifions_ci_apres_que_and_numero_d_enregistrement():
    result = read(
        """
        CERTIFICAT
        Pour le Systeme de Management selon la norme DIN EN ISO 9001 : 2008
        Selon les procédures du EXEMPLE CERT, nous certifions ci-aprés que

        EXEMPLE S.A.                                            BRAND
        Usine 1: Zone Industrielle de Ioannina
        455 00 Ioannina

        applique un Systeme de Management conforme aux exigences de la norme ci-dessus

        Numéro d'enregistrement 44 100 15370003                Valable du 2015-01-22
                                                               Valable jusqu'au 2018-01-21
        """,
        foot="",
    )
    assert value(result.organization) == "EXEMPLE S.A."
    assert value(result.certificate_number) == "44 100 15370003"


def test_one_latin_word_beside_a_greek_name_is_a_brand_not_its_twin():
    result = read(
        """
        ΠΙΣΤΟΠΟΙΗΤΙΚΟ
        Σύστημα Διαχείρισης σύµφωνα µε ΕΛΟΤ EN ISO 14001 : 2004
        Βάσει των διαδικασιών της ΠΑΡΑΔΕΙΓΜΑ Α.Ε., πιστοποιείται ότι η

        ΠΑΡΑΔΕΙΓΜΑ Α.Β.Ε.Ε.                                              BRAND
        45 500 Ιωάννινα
        """
    )
    assert value(result.organization) == "ΠΑΡΑΔΕΙΓΜΑ Α.Β.Ε.Ε."


def test_further_sites_in_an_annex_add_to_the_holders_address():
    page = """CERTIFICATE
        This is to certify that
                 Example Analytics GmbH
                 Leopoldstraße 175, 80804 München, Germany
        complies with ISO/IEC 27001:2022
            Further sites: see annex
"""
    annex = """Annex to certificate No. IS 712345
Site                    Address
Leeds office            21 Lowther Street, Leeds LS1 4AP, United Kingdom
"""
    result = extract_text_fields([page + FOOT, annex])
    assert [s.value for s in result.sites] == [
        "Leopoldstraße 175, 80804 München, Germany",
        "21 Lowther Street, Leeds LS1 4AP, United Kingdom",
    ]


def test_a_body_named_in_latin_letters_inside_japanese_text():
    from portal.certificates.bodies import match_certification_body

    assert match_certification_body("BSIグループジャパン株式会社").name == "BSI"
    assert match_certification_body("BSIX Ltd") is None  # a longer Latin word is another name


def test_from_and_until_under_a_validity_heading_are_issue_and_expiry():
    result = read("""CERTIFICATE
        This is to certify that
        Northwind Labs N.V.
        operates a quality management system according to ISO 9001:2015
        VALIDITY:
        FROM: 25.01.2023
           1. SURVEILLANCE UNTIL   25.01.2024
        UNTIL: 25.01.2026
        """)
    assert value(result.issue_date) == date(2023, 1, 25)
    assert value(result.expiry_date) == date(2026, 1, 25)


def test_the_holder_follows_a_german_bescheinigt_fuer_at_the_end_of_the_sentence():
    result = read("""ZERTIFIKAT
        Managementsystem nach ISO 9001:2015
        Der Nachweis der regelwerkskonformen Anwendung wurde erbracht
        und wird gemäß Beispiel CERT-Verfahren bescheinigt für

        Nordlicht Frischdienst eG
        Hafenstraße 12, 20457 Hamburg
        Gültig bis 21.01.2028

        Diese Zertifizierung wird regelmäßig überwacht.
                                                                      Motonoinon S
                                                                        ap. 185-3 NG
                                                                     CERTIF
        """)
    assert value(result.organization) == "Nordlicht Frischdienst eG"
    assert "bescheinigt für" in result.organization.source_text


def test_the_firm_with_a_dash_after_adopted_by_is_no_name():
    result = read("""EQA Ejemplo, S.A. de C.V.
          -Certifies that the Quality Management System adopted by the firm-
        Certifica que el Sistema de Gestión de la Calidad adoptado por la empresa

                         NORTHWIND ENSAYOS SAS
                    Calle 73 No. 69P - 16. Bogota. Colombia
        - Meets the requirements of the Standard ISO 9001:2015
        """)
    assert value(result.organization) == "NORTHWIND ENSAYOS SAS"


def test_a_code_alone_on_an_annex_page_is_no_site():
    certificate = """CERTIFICATE
        This is to certify that
        Northwind Labs N.V.
        operates a quality management system which complies with ISO 9001:2015
        Certificate No.: 19053-044-2024-1          Expiry date: 13 March 2028
        """
    annex = """Annex 1 to certificate No. 19053-044-2024-1
        Scope: storage and transport of chilled food.
                     19053-044-2024-1
        """
    result = extract_text_fields([certificate, annex])
    assert result.status == "ok", result.message
    assert result.sites == ()
