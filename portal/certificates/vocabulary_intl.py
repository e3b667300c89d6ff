"""Certificate labels and phrases in Russian, Kazakh, Polish, Portuguese, Greek, Vietnamese,
Chinese, Japanese, Korean, Swedish, Norwegian and Danish, added to the vocabularies of `vocabulary`.

Patterns match folded text (see dates.fold): lower case, combining marks removed, so "й"
is written "и", "ё" is "е", "№" is "no", Vietnamese "đ" is "d" and Greek loses its accents
("Λήξης" is "ληξης", a final "Σ" is "ς"). Chinese, Japanese and Korean labels need no word
boundaries and are written as printed.
"""

from __future__ import annotations

from portal.certificates.vocabulary_regional import (
    REGIONAL_HEADINGS,
    REGIONAL_LABELS,
    REGIONAL_MONTHS,
    REGIONAL_ORG_TRIGGERS,
)

EXTRA_LABELS: dict[str, tuple[str, ...]] = {
    "certificate_number": (
        r"certifikat\s*(?:nr|nummer)\b\.?|certifikatnummer|sertifikat\s*(?:nr|nummer)\b\.?|sertifikatnummer",
        r"(?:регистрационныи\s+)?номер\s+(?:сертификата|регистрации)",
        r"сертификат\s+no",
        r"no\s+сертификата",
        r"рег(?:истрационныи)?\.?\s*no",
        r"регистрационныи\s+номер",
        # the national conformity systems' certificates: "Зарегистрирован в реестре № ..."
        r"зарегистрирован\s+в\s+реестре(?:\s+no)?",
        r"сертификат\s+нөмірі|тіркеу\s+нөмірі",
        r"(?:numer|nr)\s+certyfikatu|certyfikat\s+(?:nr|numer)",
        r"numero\s+do\s+certificado",
        # "Certificado nº:" read by OCR as "n2:" or "n9:", before the colon only
        r"(?:certificado|certificato|certificat|certificate)\s+n[29](?=\s*:)",
        r"(?:ma\s+)?so\s+(?:giay\s+)?chung\s+(?:chi|nhan)",
        r"s[o6]\s*/\s*no\b\.?",  # "Số / No.:" (OCR reads "Số" as "S6")
        # Hungarian "A tanúsítvány regisztrációs száma", Romanian "Nr. certificat"
        r"(?:a\s+)?tanusitvany\s+(?:regisztracios\s+|nyilvantartasi\s+)?szama|regisztracios\s+szam(?:a)?|"
        r"tanusitvanyszam|nr\.?\s+(?:de\s+)?certificat|numar(?:ul)?\s+(?:de\s+)?certificat",
        r"αρ(?:ιθμος|\.)?\s*(?:μητρωου\s+)?πιστοποιητικου",  # "Αριθμός Μητρώου Πιστοποιητικού"
        r"证书编号|證書編號|证书号|證書號|注册号|註冊號|認証登録番号|登録番号|認証書?番号|証明書番号|"
        r"인증\s*번호|인증서\s*번호|등록\s*번호",
    ),
    "organization": (
        r"(?:наименование\s+)?организац(?:ия|ии)|держатель\s+сертификата|заявитель",
        r"ұиым|кәсіпорын",
        r"organizacja|nazwa\s+organizacji",
        r"organizacao",
        r"tanusitott\s+szervezet|organizatia",
        r"ten\s+(?:to\s+chuc|doanh\s+nghiep|cong\s+ty)",
        r"组织名称|企业名称|單位名稱|单位名称|認証組織|登録組織|組織名|조직명|회사명|업체명",
    ),
    "address": (
        r"адрес",
        r"мекенжаи",
        r"adres|siedziba",
        r"endereco",
        r"szekhely|cim|adresa|sediul",
        r"dia\s+chi",
        r"(?:注册|註冊|经营|經營|办公|辦公)?地址|住所|주소|소재지",
    ),
    "scope": (
        r"(?:certifieringen|certificeringen|sertifiseringen)\s+(?:omfattar|omfatter)|omfattning|omfang",
        r"verksamhetsbeskrivning",
        # "Ledelsessystemet er gældende for:", "Ledningssystemet gäller för:"
        r"(?:\w*(?:ledelsessystem|ledningssystem|styringssystem)(?:et)?\s+)?"
        r"(?:er\s+g(?:a|ae)ldende|galler|gjelder)\s+for",
        r"область\s+(?:сертификации|применения|распространения)|сфера\s+деятельности",
        r"қолданылу\s+саласы|сертификаттау\s+саласы",
        r"zakres\s+(?:certyfikacji|certyfikatu|dzialalnosci)",
        r"ambito(?:\s+da\s+certificacao)?|escopo",
        r"(?:tanusitasi|alkalmazasi)\s+terulet(?:e)?|(?:a\s+)?tanusitott\s+teruletre(?:\s+vonatkozoan)?|domeniul\s+(?:de\s+)?(?:certificare|aplicare)",
        r"pham\s+vi(?:\s+chung\s+nhan)?|(?:cho\s+)?linh\s+vuc",
        r"(?:για\s+το\s+(?:ακολουθο|εξης)\s+|με\s+)?πεδιο\s+εφαρμογης",
        r"(?:认证|認證)?(?:覆盖|覆蓋)?(?:范围|範圍)|登録範囲|認証範囲|適用範囲|인증\s*범위|"
        r"적용\s*범위",
    ),
    "sites": (
        r"(?:omfattade\s+)?anlaggningar|(?:omfattede\s+)?lokationer|lokasjoner",
        r"unidades?\s+certificadas?|locais\s+certificados",
        r"telephely(?:ek)?",
        r"(?:认证|認證)?(?:覆盖|覆蓋)?(?:场所|場所)|인증\s*사업장|사업장|登録事業所|対象事業所",
    ),
    "initial_certification_date": (
        r"forsta\s+certifiering(?:en)?|forste\s+(?:certificering|sertifisering)",
        # "Certifikatets opr. udstedelsesdato", "ursprungligt utfärdandedatum" (æ, ø, ä folded)
        r"(?:certifikatets\s+|sertifikatets\s+)?(?:opr\.?|oprindelige?|opprinnelige?|forste)\s+"
        r"(?:udstedelsesdato|utstedelsesdato)|ursprungliga?\s+(?:utfardandedatum|certifieringsdatum)|"
        r"forsta\s+utfardandedatum|ursprungscert(?:ifikat)?\.?\s+utfardat",
        r"дата\s+первичнои\s+(?:сертификации|регистрации)",
        r"data\s+(?:pierwszej|pierwotnej)\s+certyfikacji",
        r"data\s+da\s+certificacao\s+inicial",
        # the noun first: "Certification initiale", "Prima certificazione", "Certificación inicial"
        r"certification\s+initiale|premiere\s+certification|prima\s+certificazione|"
        r"certificazione\s+iniziale|certificacion\s+inicial|primera\s+certificacion",
        r"elso\s+tanusitas(?:\s+datuma)?|certificare\s+initiala|data\s+certificarii\s+initiale",
        r"concess.o\s+inicial(?:\s+do\s+ciclo)?",
        r"ngay\s+(?:chung\s+nhan|cap)\s+lan\s+dau",
        r"ημερομηνια\s+αρχικης\s+πιστοποιησης",
        r"初次(?:发证|认证|頒證|認證)日期|初回(?:認証)?登録日|최초\s*인증일",
    ),
    "issue_date": (
        r"giltigt?\s+fran|gyldig\s+fra|utfardat|udstedt|utstedt",
        r"kiadas\s+datuma|data\s+(?:emiterii|eliberarii)",
        r"udstedelsesdato|utstedelsesdato|utfardandedatum|"
        r"dato\s+for\s+(?:certificerings|sertifiserings)beslutning|datum\s+for\s+certifieringsbeslut",
        r"дата\s+(?:выдачи|регистрации|вступления\s+в\s+силу)|выдан",
        r"берілген\s+күні",
        r"data\s+(?:wydania|certyfikacji)",
        r"data\s+(?:de|desta|da)\s+emissao|emitido\s+em",
        r"emissao\s+(?:do\s+)?certificado",
        # Spanish: "Fecha Actual Renovación", "Fecha de renovación", "Fecha de otorgamiento"
        r"fecha\s+(?:actual\s+)?(?:de\s+)?(?:renovaci[oe]n|otorgamiento)",
        r"ngay\s+(?:cap(?:\s+lai)?|ban\s+hanh)",
        r"ημερομηνια\s+(?:εκδοσης|επανεκδοσης)|ισχυει\s+απο",
        r"(?:本次)?(?:发证|颁证|發證|頒證|签发)日期|発行日|最新更新日|発効日|발행일|인증일",
    ),
    "expiry_date": (
        r"giltigt?\s+(?:till|t\.?\s?o\.?\s?m\.?)(?:\s+och\s+med)?|gyldig\s+til(?:\s+og\s+med)?",
        # "A tanúsítvány érvényes: 2026. április 27 – 2029. április 26." (a validity range),
        # "érvényességi ideje", "lejárat"; Romanian "valabil până la", "data expirării"
        r"(?:a\s+)?tanusitvany\s+ervenyes(?:segi\s+ideje)?|ervenyes(?:segi\s+ido)?|lejarat(?:\s+datuma)?|"
        r"valabil\s+pana\s+la|data\s+expirarii",
        r"(?:certifikatets\s+|sertifikatets\s+)?(?:udlobsdato|utlopsdato|utgangsdatum)|utlopsdatum",
        # "действителен до" and, in Belarusian certificates, "действителен по" (valid through)
        r"срок\s+деиствия(?:\s+(?:до|сертификата))?|деиствителен\s+(?:до|по)|деиствует\s+(?:до|по)",
        r"жарамдылық\s+мерзімі",
        r"wazny\s+do|data\s+waznosci|termin\s+waznosci",
        r"valido\s+ate|data\s+de\s+validade|validade",
        r"vencimento\s+(?:do\s+)?(?:certificado|ciclo)",
        # Spanish: "Término de Vigencia", "Fin de vigencia", "Vigencia hasta", "Vigente hasta"
        r"(?:termino|fin)\s+de\s+(?:la\s+)?vigencia|vigen(?:cia|te)\s+hasta",
        r"ngay\s+het\s+han|hieu\s+luc\s+(?:chung\s+(?:chi|nhan)|den)|co\s+gia\s+tri\s+den",
        r"ημερομηνια\s+ληξης(?:\s+ισχυος)?|(?:το\s+πιστοποιητικο\s+)?ισχυει\s+(?:ως|εως|μεχρι)(?:\s+την)?",
        r"(?:证书|證書)?有效期(?:至)?|有効期限|有効期間|만료일|유효\s*기간",
    ),
    "standard": (
        r"стандарт|норматив",
        r"normy?|norma",
        r"tieu\s+chuan",
        r"προτυπο(?:υ)?",
        r"符合标准|认证标准|認證標準|审核依据|认证依据|認證依據|審查基準|認証基準|規格|"
        r"인증\s*(?:기준|규격)|표준",
    ),
    "certification_body": (
        r"орган\s+по\s+(?:сертификации|подтверждению\s+соответствия)",
        r"сертификаттау\s+органы",
        r"jednostka\s+certyfikujaca",
        r"organismo\s+de\s+certificacao",
        r"to\s+chuc\s+chung\s+nhan",
        r"φορεας?\s+πιστοποιησης",
        r"认证机构|認證機構|認証機関|인증\s*기관",
    ),
}

# Prose that introduces the certified organisation, in folded form.
EXTRA_ORG_TRIGGERS = (
    r"(?:настоящии\s+)?(?:сертификат\s+)?удостоверяет\s*,?\s+что|подтверждает\s*,?\s+что|"
    r"(?:настоя\w+\s+)?сертификат\s+выдан\s*:?|"
    r"настоящим\s+удостоверяется\s*,?\s+что|certifica(?:mos)?\s+que|"
    r"(?:niniejszym\s+)?zaswiadcza\s+sie\s*,?\s+ze|"
    r"πιστοποιει\s+οτι(?:\s+(?:ο\s+οργανισμος|η\s+εταιρεια|η\s+επιχειρηση))?\s*:?|"
    # "Βάσει των διαδικασιών X, πιστοποιείται ότι η" / <holder>
    r"πιστοποιειται\s+οτι(?:\s+(?:η|ο|το)(?=\s*$))?|"
    r"(?:chung\s+nhan|xac\s+nhan)\s+(?:rang|he\s+thong\s+quan\s+ly(?:\s+\w+){0,5}\s+cua)\s*:?|"
    # Hungarian "igazolja, hogy a(z)", Romanian "certifică faptul că"
    r"igazolja\s*,?\s+hogy(?:\s+a(?:\(z\)|z)?(?:\s+szervezet\b)?)?|certifica\s+(?:faptul\s+)?ca\b|"
    r"兹证明|茲證明|特此证明|を証明します|임을\s*인증"
)

# Certificate headings in scripts without spaces or with other word order, found anywhere in a
# short heading line ("СЕРТИФИКАТ СООТВЕТСТВИЯ", "管理体系认证证书", "인증서").
EXTRA_HEADINGS = (
    r"^(?:\w+\s+){0,2}(?:сертификат|сертификаты|πιστοποιητικο)(?:\s+\w+){0,2}$|"
    r"^(?:giay\s+)?chung\s+(?:nhan|chi)$|"
    r"^tanusitvany$|"
    r"^\S{0,8}(?:证书|證書|認証書|登録証|証明書|인증서|등록증)$"
)

# Months in Russian (nominative and genitive), Kazakh and Polish, folded.
EXTRA_MONTHS = {
    1: "январь января қаңтар styczen stycznia ianuarie",
    2: "февраль февраля ақпан luty lutego februarie",
    3: "март марта наурыз marzec marca marcius martie maret",
    4: "апрель апреля сәуір kwiecien kwietnia aprilis aprilie",
    5: "маи мая мамыр maj maja majus",
    6: "июнь июня маусым czerwiec czerwca junius iunie",
    7: "июль июля шілде lipiec lipca julius iulie",
    8: "август августа тамыз sierpien sierpnia augusti augusztus agustus",
    9: "сентябрь сентября қыркүиек wrzesien wrzesnia szeptember septembrie",
    10: "октябрь октября қазан pazdziernik pazdziernika octombrie",
    11: "ноябрь ноября қараша listopad listopada noiembrie",
    12: "декабрь декабря желтоқсан grudzien grudnia desember decembrie",
}

# The regional vocabularies (Czech to Lithuanian) join these.
for _field, _patterns in REGIONAL_LABELS.items():
    EXTRA_LABELS[_field] = EXTRA_LABELS.get(_field, ()) + _patterns
EXTRA_ORG_TRIGGERS += "|" + REGIONAL_ORG_TRIGGERS
EXTRA_HEADINGS += "|" + REGIONAL_HEADINGS
for _number, _words in REGIONAL_MONTHS.items():
    EXTRA_MONTHS[_number] += " " + _words
