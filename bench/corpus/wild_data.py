"""Made-up parties for the wild certificates: names, legal forms, addresses, scopes, people."""

MONTHS_FR = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
STEMS = [
    "Varenholt",
    "Quintessa",
    "Brightlane",
    "Orbison",
    "Kestrel",
    "Halvorsen",
    "Marlowe",
    "Nordhavn",
    "Zephyrine",
    "Altamira",
    "Castellan",
    "Solvika",
    "Pinecrest",
    "Arkwright",
    "Larkspur",
    "Veldmark",
    "Corvina",
    "Tamsin",
    "Ostrava",
    "Ilmari",
]
DOMAINS = [
    "Data Systems",
    "Cloud",
    "Technologies",
    "Software",
    "Digital Services",
    "AI Labs",
    "Analytics",
    "Solutions",
    "Information Technology",
    "Networks",
    "Health Informatics",
    "Payments",
]
LEGAL = {
    "uk": ["Ltd", "Limited", "plc", "LLP"],
    "de": ["GmbH", "AG", "GmbH & Co. KG", "SE"],
    "at": ["GmbH", "GesmbH"],
    "ch": ["AG", "SA", "Sàrl"],
    "us": ["Inc.", "LLC", "Corp.", "Corporation"],
    "fr": ["S.A.S.", "SAS", "S.A.", "SARL"],
    "be": ["NV", "SRL", "BV"],
    "it": ["S.p.A.", "S.r.l."],
    "es": ["S.L.", "S.A."],
    "pl": ["Sp. z o.o.", "S.A."],
    "nl": ["B.V.", "N.V."],
    "se": ["AB"],
    "fi": ["Oy", "Oyj"],
    "dk": ["A/S", "ApS"],
    "no": ["AS", "ASA"],
    "jp": ["K.K.", "Co., Ltd."],
    "cn": ["Co., Ltd."],
    "kr": ["Co., Ltd.", "Corp."],
    "in": ["Pvt. Ltd.", "Private Limited", "Limited"],
    "au": ["Pty Ltd", "Pty. Limited"],
    "nz": ["Limited"],
}
CITY_PREFIX = {"cn": ["Shenzhen", "Hangzhou", "Suzhou"], "kr": ["Seoul", "Pangyo"], "jp": ["Tokyo"]}
ADDRESSES = {
    "uk": [
        ["Unit 7, Arden Court", "Coventry CV3 4PE", "United Kingdom"],
        ["21 Lowther Street", "Leeds LS1 4AP", "United Kingdom"],
        ["3rd Floor, 90 Fenwick Lane", "London EC2M 7HB", "United Kingdom"],
    ],
    "de": [
        ["Lindenallee 44", "50968 Köln", "Deutschland"],
        ["Am Sandtorkai 9", "20457 Hamburg", "Germany"],
        ["Leopoldstraße 175", "80804 München", "Germany"],
    ],
    "at": [["Wiedner Hauptstraße 63", "1040 Wien", "Österreich"]],
    "ch": [["Bahnhofstrasse 28", "8001 Zürich", "Switzerland"]],
    "us": [
        ["1200 Harbor Point Drive, Suite 210", "Seattle, WA 98121", "United States"],
        ["77 Commerce Parkway", "Raleigh, NC 27601", "USA"],
        ["901 Lakeview Avenue, 5th Floor", "Chicago, IL 60614", "United States"],
    ],
    "fr": [
        ["14 avenue de l'Opéra", "75001 Paris", "France"],
        ["3 rue du Lac", "69003 Lyon", "France"],
    ],
    "be": [["Avenue Louise 231", "1050 Bruxelles", "Belgique"]],
    "it": [["Via Giuseppe Verdi 12", "20121 Milano (MI)", "Italia"]],
    "es": [["Calle de Alcalá 95, 3º", "28009 Madrid", "España"]],
    "pl": [["ul. Marszałkowska 84/92", "00-514 Warszawa", "Polska"]],
    "nl": [["Herengracht 412", "1017 BX Amsterdam", "The Netherlands"]],
    "se": [["Kungsgatan 37", "111 56 Stockholm", "Sweden"]],
    "fi": [["Mannerheimintie 12 B", "00100 Helsinki", "Finland"]],
    "dk": [["Vesterbrogade 149", "1620 København V", "Denmark"]],
    "no": [["Karenslyst allé 8", "0278 Oslo", "Norway"]],
    "jp": [["2-7-1 Marunouchi, Chiyoda-ku", "Tokyo 100-0005", "Japan"]],
    "cn": [
        [
            "8/F, Building 3, Kexing Science Park, Nanshan District",
            "Shenzhen, Guangdong 518057",
            "P.R. China",
        ]
    ],
    "kr": [
        [
            "14F, 235 Pangyoyeok-ro, Bundang-gu",
            "Seongnam-si, Gyeonggi-do 13494",
            "Republic of Korea",
        ]
    ],
    "in": [
        ["Plot No. 17, Sector 62", "Noida 201309, Uttar Pradesh", "India"],
        ["5th Floor, Prestige Tower, Residency Road", "Bengaluru 560025", "India"],
    ],
    "au": [["Level 12, 60 Margaret Street", "Sydney NSW 2000", "Australia"]],
    "nz": [["Level 4, 22 Customs Street East", "Auckland 1010", "New Zealand"]],
}
SITE_NAMES = ["Development centre", "Data centre", "Support office", "Operations centre"]
SCOPES = [
    "The design, development, hosting and support of cloud-based payroll and HR software "
    "for corporate customers",
    "Provision of managed security operations centre (SOC) services and incident response",
    "Development and operation of an AI-driven document classification platform, including "
    "model training, validation and monitoring",
    "The provision of software development, IT consultancy and application management services",
    "Design, development and delivery of machine-learning based fraud detection services to "
    "banks and payment providers",
    "Operation of colocation data centre services and managed hosting",
    "Development, sales and support of electronic health record software",
    "Provision of speech analytics and conversational AI services to contact centres",
]
STANDARD_SETS = [
    ["ISO/IEC 27001:2022"],
    ["ISO/IEC 27001:2022"],
    ["ISO/IEC 42001:2023"],
    ["ISO/IEC 27001:2022", "ISO/IEC 27701:2019"],
    ["ISO/IEC 27001:2013"],
    ["ISO 9001:2015"],
    ["ISO/IEC 27001:2022", "ISO/IEC 27017:2015", "ISO/IEC 27018:2019"],
]
PEOPLE = [
    ("Priya Raman", "Managing Director"),
    ("Thomas Keller", "Head of Certification Body"),
    ("Anne Sørensen", "Management Representative"),
    ("David O'Connell", "Chief Executive Officer"),
    ("Julien Marchetti", "Directeur Général / Managing Director"),
    ("Erik Lindqvist", "Managing Director"),
    ("Zhang Wei", "General Manager"),
    ("Rajesh Kumar", "Director - Certification"),
    ("Danielle Morgan", "Principal"),
    ("Paul Verhoeven", "Area Operations Manager"),
    ("Kim Min-jun", "President"),
]

REGION_STYLES = {
    "uk": ["long", "uk_slash", "short"],
    "us": ["us_long", "us_slash"],
    "de": ["dotted", "iso"],
    "at": ["dotted"],
    "ch": ["dotted"],
    "fr": ["iso", "uk_slash"],
    "be": ["uk_slash"],
    "it": ["uk_slash"],
    "es": ["uk_slash"],
    "pl": ["dotted"],
    "nl": ["dash", "long"],
    "se": ["iso"],
    "fi": ["dotted"],
    "dk": ["dash"],
    "no": ["long"],
    "jp": ["ymd_slash"],
    "cn": ["iso"],
    "kr": ["ymd_dot"],
    "in": ["dash", "long"],
    "au": ["long"],
    "nz": ["long"],
}
