"""Certificate labels and phrases in Czech, Slovak, Finnish, Croatian, Serbian, Slovenian,
Bosnian, Indonesian, Malay, Bulgarian, Ukrainian, Estonian, Latvian and Lithuanian, with the
forms certificates in the main languages use that the main vocabularies lack; added
to the vocabularies of `vocabulary_intl` (and through it `vocabulary`, `dates`, `classify`).

Written in folded form (see dates.fold): lower case, accents and other combining marks removed
("číslo" is "cislo", "myöntämispäivä" is "myontamispaiva", "dīgs" is "digs"), "đ" is "d",
Cyrillic "й" is "и" and Ukrainian "ї" is "і". These are the words certification bodies in those
countries print on their certificates' labels, from their public certificates' conventions;
each language has the same five labels as the main vocabularies: number, issue, expiry, initial
certification and scope, and the sentence that introduces the holder.
"""

from __future__ import annotations

REGIONAL_LABELS: dict[str, tuple[str, ...]] = {
    "certificate_number": (
        # Czech, Slovak
        r"cislo\s+(?:certifikatu|osvedceni|registrace)|certifikat\s+c\.|c\.\s+certifikatu|"
        r"registracni\s+cislo|registracne\s+cislo",
        # Finnish
        r"sertifikaatin\s+numero|sertifikaatti\s+(?:nro|n:o)|todistuksen\s+numero|"
        r"rekisterointinumero",
        # Croatian, Serbian, Bosnian, Slovenian
        r"broj\s+(?:certifikata|sertifikata|certifikat)|(?:certifikat|sertifikat)\s+br\b\.?|"
        r"br\.\s+(?:certifikata|sertifikata)|stevilka\s+certifikata|certifikat\s+st\.",
        # Indonesian, Malay
        r"nomor\s+sertifikat|no\.?\s+sertifikat|sertifikat\s+no\b\.?|nombor\s+sijil|no\.?\s+sijil",
        # Spanish "No. del Certificado", Portuguese "Certificado n.º", Italian "Registro n."
        r"no\.?\s+del\s+certificado|numero\s+del\s+certificado",
        r"certificado\s+n\.?\s?o\b\.?",
        r"registro\s+n\.|n\.\s+(?:di\s+)?registrazione|numero\s+(?:di\s+)?registrazione",
        # Bulgarian, Ukrainian
        r"номер\s+на\s+сертификата?",
        r"номер\s+сертифіката|реєстраціинии\s+номер",
        # Estonian, Latvian, Lithuanian
        r"sertifikaadi\s+(?:number|nr)|sertifikata\s+(?:numurs|nr)|sertifikato\s+(?:numeris|nr)",
        # forms of the main languages: "Registro No.", "Certificate #"
        r"registro\s+no\b\.?|certificate\s*#",
    ),
    "issue_date": (
        r"datum\s+(?:vydani|vydania|udeleni|udelenia)|vydano\s+dne|platnost\s+od|platny\s+od",
        r"myontamispaiva|(?:voimassa|voimaan)\s+alkaen|antopaiva",
        r"datum\s+(?:izdavanja|izdaje)(?:\s+(?:certifikata|sertifikata))?",
        r"tanggal\s+(?:terbit|penerbitan|diterbitkan)|diterbitkan\s+(?:pada\s+)?tanggal|"
        r"tarikh\s+(?:dikeluarkan|keluaran)",
        r"дата\s+на\s+издаване|издаден\s+на",
        r"дата\s+видачі",
        r"valjaandmise\s+kuupaev|izdosanas\s+datums|isdavimo\s+data",
        # French "Date de début de validité", Turkish "Belgelendirme Tarihi" (at a cell's start:
        # prose speaks of "la date de fin de validité" too)
        r"^date\s+de\s+debut\s+de\s+validite|^belgelendirme\s+tarihi",
    ),
    "expiry_date": (
        r"platnost\s+(?:certifikatu\s+)?do|platny\s+do|platna\s+do|datum\s+(?:platnosti|expirace)",
        r"voimassa\s+(?:asti|saakka)|voimassaolo\s+paattyy|viimeinen\s+voimassaolopaiva",
        r"vrijedi\s+do|vazi\s+do|velja\s+do|datum\s+isteka|rok\s+vazenja|vazeci\s+do",
        r"berlaku\s+(?:hingga|sampai)(?:\s+dengan)?|tanggal\s+(?:kadaluarsa|kedaluwarsa|berakhir)|"
        r"masa\s+berlaku(?:\s+sampai)?|sah\s+(?:sehingga|hingga)|tarikh\s+tamat(?:\s+tempoh)?",
        r"валиден\s+до|дата\s+на\s+изтичане|срок\s+на\s+валидност",
        r"діиснии\s+до|термін\s+дії(?:\s+до)?|чинний\s+до",
        r"kehtib\s+kuni|derigs\s+lidz|galioja\s+iki|galiojimo\s+data",
        # French "Date de fin de validité", Portuguese "Data de expiração", Turkish "Bitiş Tarihi"
        r"^date\s+de\s+fin\s+de\s+validite|^data\s+de\s+expiracao|^(?:belge\s+)?bitis\s+tarihi",
        # Portuguese "Data de Vencimento" (due date)
        r"^data\s+de\s+vencimento",
    ),
    "initial_certification_date": (
        r"(?:datum\s+)?prvni\s+certifikace|(?:datum\s+)?prvej\s+certifikacie|prva\s+certifikacia",
        r"ensimmainen\s+sertifiointi",
        r"(?:datum\s+)?prve\s+(?:certifikacije|sertifikacije)|prva\s+(?:certifikacija|sertifikacija)",
        r"(?:tanggal\s+)?sertifikasi\s+awal|pensijilan\s+awal",
        r"дата\s+на\s+първоначално\s+сертифициране|дата\s+первинноі\s+сертифікаціі",
        # German "Ersterteilung", Dutch "Eerste certificering", "Initial date of registration"
        r"ersterteilung|(?:datum\s+)?eerste\s+certificering|"
        r"initial\s+date\s+of\s+(?:registration|certification)",
        # Portuguese "Data Inicial" (at a cell's start)
        r"^data\s+inicial",
    ),
    "scope": (
        r"predmet\s+certifikace|predmet\s+certifikacie|rozsah\s+(?:certifikace|certifikacie|platnosti)|"
        r"oblast\s+certifikace",
        r"sertifioinnin\s+(?:laajuus|kattavuus)|soveltamisala",
        r"podrucje\s+(?:primjene|primene|certifikacije)|"
        r"(?:opseg|obim|obseg)\s+(?:certifikacije|sertifikacije|certifikata)|"
        r"podrocje\s+(?:uporabe|certifikacije)|predmet\s+(?:certifikacije|sertifikacije)",
        r"ruang\s+lingkup(?:\s+sertifikasi)?|skop(?:\s+pensijilan)?",
        r"обхват(?:\s+на\s+сертификацията)?|(?:сфера|область|галузь)\s+сертифікаціі",
        r"sertifitseerimise\s+ulatus|sertifikacijas\s+(?:joma|sfera)|sertifikavimo\s+sritis",
        # Dutch "Reikwijdte" (not Italian "Scopo": one letter from "Scope", it would keep OCR's
        # "Scopc" from being read as the English label)
        r"reikwijdte",
    ),
}

REGIONAL_ORG_TRIGGERS = (
    r"(?:timto\s+se\s+)?potvrzuje\s*,?\s+ze|potvrdzuje\s*,?\s+ze|osvedcuje\s*,?\s+ze|"
    r"(?:ovime\s+se\s+)?potvr(?:d|dj)uje\s+da|(?:sertifikuje|certificira|certifikuje)\s+da|"
    r"potrjuje\s*,?\s+da|"
    r"(?:dengan\s+ini\s+)?(?:menyatakan|menerangkan|mensertifikasi)\s+bahwa|diperakui\s+bahawa|"
    r"удостоверява\s*,?\s+че|сертифицира\s*,?\s+че|"
    r"(?:засвідчує|посвідчує|підтверджує)\s*,?\s+що"
)

REGIONAL_HEADINGS = (
    r"^(?:certifikat|sertifikat|sertifikaatti|сертифікат|osvedceni|sijil\s+pendaftaran)$"
)

# Month names as printed in dates (Czech and Ukrainian in the genitive of "15. března 2024"),
# folded. Croatian "listopad" (October) is left out: in Czech and Polish it is November.
REGIONAL_MONTHS = {
    1: "leden ledna sijecanj sijecnja tammikuu tammikuuta januar januarja januari janvaris "
    "janvara sausio jaanuar януари січня",
    2: "unor unora veljaca veljace helmikuu helmikuuta februarja februaris februara vasario "
    "veebruar февруари лютого",
    3: "brezen brezna ozujak ozujka maaliskuu marec marca marts kovo марта березня",
    4: "duben dubna travanj travnja huhtikuu aprila aprilis aprill balandzio април квітня",
    5: "kveten kvetna svibanj svibnja toukokuu maja maijs geguzes травня",
    6: "cerven cervna lipanj lipnja kesakuu kesakuuta junij junija junijs birzelio juuni юни "
    "червня",
    7: "cervenec cervence srpanj srpnja heinakuu heinakuuta julij julija julijs julai liepos "
    "juuli юли липня",
    8: "srpen srpna kolovoz kolovoza elokuu elokuuta avgust avgusta augusts ogos rugpjucio "
    "серпня",
    9: "zari rujan rujna syyskuu syyskuuta septembar septembra septembris rugsejo септември "
    "вересня",
    10: "rijen rijna lokakuu lokakuuta oktobar oktobra oktobris spalio oktoober октомври "
    "жовтня",
    11: "listopadu studeni studenoga marraskuu novembar novembra novembris lapkricio ноември "
    "листопада",
    12: "prosinec prosince prosinac prosinca joulukuu joulukuuta decembar decembra decembris "
    "disember gruodzio detsember декември грудня",
}
