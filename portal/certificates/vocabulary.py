"""Label and phrase vocabularies certificates use, in English, German, Turkish and more.

Patterns are matched against folded text (lower case, accents removed, Turkish dotless i
folded), so they are written in plain ASCII.
"""

from __future__ import annotations

from portal.certificates import regexes
from portal.certificates.vocabulary_intl import EXTRA_LABELS, EXTRA_ORG_TRIGGERS

# Field labels. "strict" labels are common words that only count when they stand as a
# label: followed by a colon or alone in their cell. The others may start a phrase.
LABELS: dict[str, tuple[str, ...]] = {
    "certificate_number": (
        r"certificate\s*(?:registration\s*|reg\.?\s*|identity\s*|identification\s*)?"
        r"(?:no|nr|number|num|#|id|ref(?:erence)?|code)\b\.?",
        r"certificate\s*n[°º.]",
        # "CERTIFICATO N" / "CERTIFICATE N" alone, the number beside or under them (a scan
        # loses the "°")
        r"(?:certificato|certificate|certificat|certificado)\s+n(?=\s*$)",
        # "Certificate: 4832/PT/Q/1": the word alone before a code (not before a standard)
        r"^certificate(?=\s*:\s*(?!iso\b|iec\b|en\b|din\b)[a-z]{0,6}[\s/.-]?\d)",
        # "Number of certificate:", "No. of the certificate:"
        r"(?:number|no\.?)\s+of\s+(?:the\s+)?certificate\b",
        r"cert\.?\s*(?:reg\.?\s*)?(?:no|nr|number|#)\b\.?",
        r"(?:certificate\s+)?registration\s*(?:no|nr|number|#)\b\.?",
        r"approval\s*(?:no|nr|number|#)\b\.?",
        r"certification\s*(?:no|nr|number|#)\b\.?",
        r"reg\.?\s*(?:no|nr)\b\.?",
        r"zertifikat(?:e?s)?\s*-?\s*(?:registrier\s*-?\s*)?(?:nr|nummer|no)\b\.?",
        r"zertifikatsnummer",
        r"registrier\s*-?\s*(?:nr|nummer)\b\.?",
        r"(?:sertifika|belge|tescil)\s*(?:no|nr|numarasi)\b\.?",
        r"n[o°]\s*(?:de\s+)?(?:certificat|certificado)",
        r"numero\s+(?:de\s+|du\s+|del\s+)?certifica(?:t|do)",
        # "N°" and "N." end in no word character, so no word boundary can follow them
        r"certifica(?:t|do|to)\s*(?:n[°º.]|(?:no|nr|numero)\b)\.?",
        r"numero\s+(?:del\s+)?certificato",
        # "N. di registrazione del certificato:", "Numero di registrazione" (Italian)
        r"(?:numero|n[°º.o]?)\s*di\s+registrazione(?:\s+del\s+certificato)?",
        # "Número de registro:", "Nº de registo" (Spanish, Portuguese)
        r"(?:numero|n[°º.o])\s*de\s+regist(?:r)?o\b",
        # "Numéro d'enregistrement" (French)
        r"(?:numero|n[°º.o])\s*d.\s*enregistrement\b",
        r"certificaat\s*(?:nummer|nr)\b\.?",
        # "Código:", "Código / Code:": a bare code only at the start of its cell, with a colon
        # ("NACE code: 62" names a sector, not the certificate)
        r"^\s*codigo(?:\s*/\s*code)?(?=\s*:)|^\s*code(?=\s*:)",
        # "Número (number) 10408-AE", "Número   10408-CA", "Number: 4521": a bare "number"
        # alone in its cell or starting it before a colon, a translation in brackets or a code
        # ("con número 10408-CA" inside a sentence is not one)
        r"^\s*(?:numero|number|nummer|numer)(?=\s*(?::|\([a-z ]{2,20}\)|$)|\s+[a-z]{0,5}[-/.]?\d)",
    ),
    "organization": (
        # "Name and address of the organisation:" over the name, then its address
        r"(?:name\s+(?:and\s+(?:registered\s+)?address\s+)?of\s+(?:the\s+)?)?"
        r"(?:certified\s+|registered\s+)?organi[sz]ation(?:\s+name)?",
        r"(?:certificate\s+)?holder(?:\s+name)?",
        r"(?:company|client|customer)(?:\s+name)?",
        r"legal\s+entity",
        r"(?:zertifikats)?inhaber(?:in)?",
        r"unternehmen",
        r"(?:kurulus|firma|sirket)(?:\s+adi|\s+unvani)?",
        r"titulaire",
        r"(?:organisme|entreprise|empresa|organizacion|organizzazione|organisatie)",
    ),
    "address": (
        r"(?:registered\s+|postal\s+)?address",
        r"head\s*(?:office|quarters)",
        r"(?:registered|legal)\s+office",
        r"sede\s+legale|domicilio\s+social|siege\s+social|sitz",
        r"anschrift",
        r"adress?e",
        r"adres(?:i)?",
        r"(?:direccion|indirizzo|sede)",
    ),
    "sites": (
        r"(?:certified\s+|additional\s+|covered\s+)?(?:sites?|locations?)(?:\s+covered)?",
        r"(?:operative|operational|production|operating)\s+(?:sites?|locations?|units?)",
        r"additional\s+(?:addresses|premises)",
        # "Facilities included:", "Facility:" (a US registrar's list of the certified sites)
        r"(?:certified\s+|registered\s+)?facilit(?:y|ies)(?:\s+(?:included|covered|registered))?",
        r"(?:sede|sedi|unita)['’]?\s+operativ[ae]",  # ("UNITA' OPERATIVE": an accent)
        r"sedi?\s+oggetto\s+di\s+certificazione",
        r"standort(?:e)?",
        r"vestiging(?:en)?|locaties",
        r"(?:lokasyon(?:lar)?|sahalar)",
    ),
    "scope": (
        r"scope(?:\s+of\s+(?:the\s+)?(?:certification|registration|approval|supply|certificate|work|"
        r"management\s+system|activities))?",
        r"(?:certified|certification)\s+scope",
        r"(?:the\s+)?(?:certification|certificate|registration)\s+covers",
        # "Activities covered by the AI management system" over the scope
        r"activit(?:y|ies)\s+covered(?:\s+by\s+(?:the\s+)?(?:[\w-]+\s+){0,3}(?:management\s+"
        r"system|certificate|certification|registration))?",
        r"(?:certified\s+|registered\s+|scope\s+of\s+)?activit(?:y|ies)(?:\s+certified)?",
        r"field\s+of\s+(?:activit(?:y|ies)|application)",
        r"area\s+of\s+(?:certification|registration|application|activit(?:y|ies))|certified\s+area",
        r"products?\s*(?:/|and|&)\s*services?",
        r"(?:geltungs|anwendungs)bereich",
        r"zertifizierungs(?:umfang|bereich)",
        r"(?:belgelendirme\s+)?kapsam(?:i)?",
        r"(?:domaine|perimetre|champ)\s+d.application",
        r"(?:perimetre|domaine)(?:\s+de\s+(?:la\s+)?certification)?",
        r"alcance(?:\s+de(?:\s+la)?\s+(?:certificacion|registro))?",
        r"campo\s+(?:di\s+)?applicazione(?:\s+della\s+certificazione)?",
        r"toepassingsgebied",
    ),
    "initial_certification_date": (
        r"(?:date\s+of\s+)?(?:the\s+)?(?:initial|original|first)\s+(?:certification|registration|registered|"
        r"reg\b\.?|cert\b\.?|approval|issue|certificate)(?:\s+(?:date|issued))?",
        r"(?:originally|initially|first)\s+(?:certified|registered|issued)(?:\s+(?:on|since))?",
        r"(?:certified|registered)\s+since",
        r"certificate\s+since",
        r"eerste\s+(?:certificatie|registratie|uitgifte)(?:s?datum)?|"
        r"datum\s+(?:van\s+)?(?:eerste|initiele)\s+(?:certificatie|uitgifte|registratie)|"
        r"gecertificeerd\s+sinds|certifie[e]?\s+depuis|certificad[oa]\s+desde|"
        r"primeira\s+concessao|first\s+concession|"
        r"(?:fecha\s+de\s+)?primera\s+(?:expedicion|emision|edicion)|"
        r"certificat[oa]\s+dal",
        r"first\s+(?:issued|certified|registered)(?:\s+on)?",
        r"original\s+(?:cycle\s+start\s+)?date",
        # (with the "fi" ligature lost: "Erstzertiizierung")
        r"(?:datum\s+der\s+)?erst(?:zertif?izierung|ausstellung|ausgabe)(?:sdatum)?",
        r"zertifiziert\s+seit",
        r"aprobacion\s+original",
        r"ursprunglich\s+zertifiziert(?:\s+(?:am|seit))?",  # BSI: "Original Registration Date"
        r"ilk\s+(?:belgelendirme|yayin|sertifikalandirma|kayit)(?:\s+tarihi)?",
        # Bureau Veritas in Turkish: "İlk Döngü Başlangıç Tarihi" (original cycle start date)
        r"ilk\s+dongu\s+baslangic(?:\s+tarihi)?",
        r"date\s+(?:de\s+)?(?:la\s+)?(?:premiere|certification\s+initiale)(?:\s+certification)?",
        r"fecha\s+de\s+(?:la\s+)?(?:certificacion\s+inicial|"
        r"(?:primera|1a)\s+(?:certificacion|emision|edicion))",
        r"data\s+(?:di\s+)?prima\s+(?:emissione|certificazione)",
        # Bureau Veritas in Italian, Spanish, Portuguese, French: "Data della certificazione
        # originale", "Fecha de certificación original", "Date de certification originale"
        r"(?:data|fecha|date)\s+(?:della\s+|de\s+la\s+|da\s+|de\s+)?certifica(?:zione|cion|cao|tion)\s+"
        r"original[ea]?",
        r"(?:fecha|data)\s+de\s+inicio\s+d(?:el|o)\s+ciclo\s+original(?:\s+de\s+certificac(?:ion|ao))?",
    ),
    "issue_date": (
        # "Beslutsdatum/Decision date": the date the certificate was decided and issued
        r"(?:certification\s+)?decision\s+date|beslutsdatum|beslutningsdato",
        # "Data di inizio/entrata in vigore" (Italian "Initial/Effective Date")
        r"data\s+di\s+(?:inizio\s*/\s*)?(?:inizio|entrata\s+in\s+vigore)",
        r"issue\s*(?:/|&|and)\s*revision(?:\s+date)?",  # before "issue" (first match wins)
        r"(?:date\s+of\s+)?(?:current\s+|latest\s+|last\s+)?issu(?:e|ing|ance)(?:\s+date)?",
        r"re-?issue(?:\s+date)?",
        r"date\s+of\s+(?:this\s+)?certificate",
        r"certificate\s+issue(?:\s+date)?",
        r"(?:periodo\s+de\s+)?validez\s+desde(?:\s+el)?",
        r"issued\s+on",
        r"valid\s+since",  # "Valid since: 27 February 2024" / "Valid until: ..."
        r"issued\s+date|date\s+issued",
        r"certificate\s+date|approval\s+date|date\s+of\s+approval",
        r"(?:certificate\s+)?effective(?:\s+date|\s+from|\s+since)?",
        # before "certification": the first alternative that matches wins
        r"(?:current\s+)?(?:certificate\s+|certification\s+)?cycle\s+start(?:\s+date)?",
        r"(?:date\s+of\s+)?certification(?:\s+decision)?(?:\s+date)?",
        r"(?:certificate\s+)?valid(?:ity)?\s+from",
        r"ausstellungsdatum",
        r"startdatum",  # BSI's German "Effective Date"
        r"zertifizierungsdatum|datum\s+der\s+zertifizierung",
        r"ausgabedatum",
        r"datum\s+der\s+(?:ausstellung|ausgabe|zertifikatausstellung|zertifikatsausstellung)",
        r"ausgestellt\s+am",
        r"gultig\s+(?:ab|vom|von|seit)",
        r"from(?=\s*:)",  # "VALIDITY:" / "FROM: 25.01.2023" / "UNTIL: 25.01.2026"
        r"(?:yayin|verilis|veris|duzenleme|baski|(?:yeniden\s+)?basim)\s+tarihi",
        r"gecerlilik\s+baslangic(?:i|\s+tarihi)?",
        r"date\s+d.emission",
        r"date\s+de\s+(?:delivrance|la\s+decision\s+de\s+certification)",
        r"issued",
        r"(?:date\s+)?granted(?:\s+on)?|(?:current\s+)?date\s+of\s+grant(?:ing)?",
        r"(?:ce\s+certificat\s+est\s+)?valable\s+(?:a\s+partir\s+du|a\s+compter\s+du|du)",
        r"current\s+(?:certificate|approval)(?:\s+date)?",
        r"(?:date\s+of\s+)?(?:current\s+)?registration(?:\s+date)?|tescil\s+tarihi",
        r"fecha\s+de\s+(?:emision|expedicion)",
        r"ultima\s+(?:emision|expedicion)",
        # the date the certificate was last updated (reissued): "Fecha de Actualización"
        r"(?:fecha|data)\s+de\s+(?:actualizacion|atualizacao)",
        r"certificado\s+en\s+vigor",  # Bureau Veritas Iberia: the current certificate's date
        r"data\s+(?:di\s+)?emissione",
        r"datum\s+(?:van\s+)?(?:huidige\s+)?uitgifte|uitgiftedatum",
        r"(?:fecha|data)\s+de\s+inicio\s+d(?:el|o)\s+ciclo(?:\s+de\s+certificac(?:ion|ao))?",
    ),
    "expiry_date": (
        r"(?:date\s+of\s+)?(?:certificate\s+)?expir(?:y|ation|es|ing)(?:\s+date)?(?:\s+on)?",
        r"(?:certificate\s+|this\s+certificate\s+is\s+)?valid(?:ity)?\s+(?:until|till|to|through|thru|"
        r"up\s*-?\s*to)",  # "Valid up-to: 04 JUN 2025"
        r"validity(?:\s+date|\s+period)?",
        r"valid",
        r"good\s+(?:until|through)",
        r"end\s+of\s+validity",
        r"gultig(?:keit)?\s+bis",
        r"gultigkeit(?:sdauer)?",
        r"ablaufdatum",
        r"gecerlilik(?:\s+(?:tarihi|bitis(?:\s+tarihi)?|suresi))?",
        r"son\s+gecerlilik(?:\s+tarihi)?",
        # "... devam ettiği sürece bu sertifika geçerlidir: 11-12-2026" (Bureau Veritas: "this
        # certificate expires on")
        r"bu\s+sertifika\s+gecerlidir",
        r"valable\s+jusqu.(?:au|a)",
        r"jusqu.(?:au|a)",
        r"until",
        r"current\s+expiry(?:\s+date)?",
        r"date\s+d.(?:expiration|echeance)",
        r"fecha\s+de\s+(?:vencimiento|caducidad|expiracion)",
        r"caducidad\s+del\s+certificado",  # "Caducidad de ciclo anterior" is the last cycle's
        r"(?:fecha\s+de\s+)?expiraci[oe]n",
        r"valido\s+(?:hasta|fino\s+al)",
        r"(?:data\s+(?:di\s+)?)?scadenza",
        r"geldig\s+tot",
        r"vervaldatum",
        r"(?:current\s+)?(?:certificate|certification)\s+cycle(?:\s+(?:end|expiry)(?:\s+date)?)?",
        r"zertifizierungszyklus",
        r"period\s+of\s+validity",
        r"gultigkeitszeitraum",
        r"zertifikatslaufzeit|laufzeit\s+des\s+zertifikats?",
        r"(?:este\s+)?certificado\s+(?:vence|expira)(?:\s+(?:el|em))?",
        # the same sentence wrapped before its verb: "... este certificado" / "expira el: <date>"
        r"(?:vence|expira|caduca)\s+(?:el|em)",
        # "Re-certification Due: 16 March 2029": the certificate runs until its renewal
        r"re-?\s?certifi(?:cation|cate)\s+due(?:\s+(?:date|on))?",
    ),
    "certification_body": (
        r"certification\s+body",
        r"(?:for\s+the\s+)?issuing\s+office",
        r"certifying\s+body",
        r"certifier",
        r"issuing\s+(?:body|organi[sz]ation)",
        r"registrar",
        r"registered\s+by",  # "Registered by:" over the body's name and address
        r"zertifizierungs(?:stelle|gesellschaft)",
        r"belgelendirme\s+kurulusu",
        r"organisme\s+(?:de\s+)?certificat(?:ion|eur)",
        r"(?:organismo|ente)\s+(?:de|di)\s+certifica(?:cion|zione)",
    ),
    "accreditation_body": (
        r"accreditation\s+body",
        r"akkreditierungsstelle",
        r"akreditasyon\s+kurumu",
        r"organisme\s+d.accreditation",
    ),
    "accreditation_number": (
        r"accreditation\s*(?:no|nr|number|ref(?:erence)?|certificate|#)\b\.?",
        r"akkreditierungs\s*-?\s*(?:nr|nummer)\b\.?",
        r"akreditasyon\s*(?:no|numarasi)\b\.?",
        r"n[o°]\s+d.accreditation",
    ),
    "standard": (
        r"(?:certification\s+|audit\s+|reference\s+|applicable\s+)?standards?",
        r"norm(?:en)?(?:grundlage)?",
        r"standart(?:lar)?",
        r"norme(?:s)?(?:\s+de\s+reference)?",
        r"normativa",
        r"regelwerk",
        r"prufgrundlage",
    ),
    "other": (
        r"(?:place|ort)(?:\s*(?:,|and|und|/)\s*(?:date|datum))?",
        r"(?:date|datum|tarih|fecha)",
        r"(?:signature|unterschrift|imza|signed)",
        r"(?:page|seite|sayfa)",
        r"(?:audit\s+(?:type|date|cycle)|type\s+of\s+audit)",
        r"(?:next\s+)?(?:surveillance|recertification)(?:\s+audit)?(?:\s+(?:due|date))?",
        r"next\s+audit(?:\s+(?:due|date))?",
        r"(?:latest\s+)?revision(?:\s+(?:date|no|number))?",
        r"(?:version|status|issue\s+no)",
        r"(?:uberwachungsaudit|rezertifizierungsaudit|gozetim(?:\s+tarihi)?)",
        # Turkish: "Önceki Döngü Geçerlilik Tarihi" (the previous cycle's expiry), "Denetim
        # Tarihi" (the audit's date)
        r"onceki\s+dongu(?:\s+gecerlilik)?(?:\s+tarihi)?",
        r"(?:belgelendirme\s*/\s*yeniden\s+belgelendirme\s+)?denetim\s+tarihi",
    ),
}

for _field, _patterns in EXTRA_LABELS.items():
    LABELS[_field] += _patterns

# Labels that are ordinary words in running prose: only a colon or a cell of their own
# makes them labels.
STRICT_FIELDS = {
    "organization",
    "address",
    "sites",
    "scope",
    "certification_body",
    "standard",
    "other",
}
STRICT_PATTERNS = {
    r"issued",
    r"(?:date\s+)?granted(?:\s+on)?|(?:current\s+)?date\s+of\s+grant(?:ing)?",
    r"(?:date\s+of\s+)?certification(?:\s+decision)?(?:\s+date)?",
    r"validity(?:\s+date|\s+period)?",
    r"(?:date\s+of\s+)?(?:current\s+|latest\s+)?issu(?:e|ing|ance)(?:\s+date)?",
    r"gultigkeit(?:sdauer)?",
    r"valid",
    r"gecerlilik(?:\s+(?:tarihi|bitis(?:\s+tarihi)?|suresi))?",
    r"(?:data\s+(?:di\s+)?)?scadenza",
    r"until",
    r"jusqu.(?:au|a)",
    r"(?:date\s+of\s+)?(?:current\s+)?registration(?:\s+date)?",
}

# Dates printed next to these words are never the issue, initial or expiry date.
NOT_A_VALIDITY_DATE = regexes.compile(
    # (not "Without surveillance audit, the certificate is valid until: ...": its own validity)
    r"(?<!without\s)surveillance|next\s+audit|audit\s+(?:due|date)|re-?certification(?!\s+cycle\s+start)|"
    r"revision|revised|\brev\.?\s*\d|amend|modif|print(?:ed)?\s+(?:on|date)|last\s+updated|"
    r"statement\s+of\s+applicability|\bsoa\b|uberwachung|rezertifizierung|anderung|"
    r"gozetim|yeniden\s+belgelendirme|revizyon|suivi|seguimiento|sorveglianza|"
    r"previous|prior\s+cycle|former|audit\s+(?:report|performed|on)|ciclo\s+(?:previo|anterior)|"
    # "certificado anterior era válido até", "precedente ciclo di certificazione"
    r"(?:certificado|certificat|certificato)\s+(?:anterior|precedente?)|precedente\s+ciclo|"
    r"auditoria|"
    r"\bdue\s+(?:before|by|on)\b"
)

# Prose that introduces the certified organisation.
ORG_TRIGGERS = regexes.compile(
    r"(?:this\s+is\s+to\s+|we\s+hereby\s+|hereby\s+)?certif(?:y|ies)\s+that|"
    r"(?:it\s+is\s+)?(?:hereby\s+)?certified\s+that|"
    r"(?:hereby\s+)?(?:confirms?|attests?|declares?|acknowledges?)\s+that|"
    # "... Instytut Motoryzacji" / "confirms to" / <holder> / "the compliance with ..."
    r"\bconfirms\s+to\s*$|"
    r"this\s+certificate\s+is\s+(?:hereby\s+)?(?:issued|granted|awarded)\s+to|"
    r"(?:is\s+)?(?:hereby\s+)?(?:issued|granted|awarded)\s+to|"
    # IQNet's "X has issued an IQNet recognized certificate that the organization" / <holder>
    r"(?:has\s+)?issued\s+an?\s+(?:[\w-]+\s+){0,3}certificate\s+that|"

    r"(?:hiermit\s+wird\s+)?(?:bescheinigt|bestatigt|bestaetigt)(?:\s+hiermit)?\s*,?\s+dass|"
    r"(?:certifie|certifions)(?:\s+ci-?\s*apres)?\s+que|atteste\s+que|certifica\s+(?:que|che)|verklaart\s+dat|"
    r"(?:hierbij\s+)?(?:wordt\s+)?verklaard\s+dat|"
    r"(?:dit\s+is\s+)?ter\s+bevestiging\s+dat|bevestigt\s+dat|"
    r"(?:por\s+la\s+presente\s+)?se\s+certifica(?:\s+que)?|"
    r"grants?\s+(?:the\s+)?(?:[a-z]+\s+){0,8}certificate\s+(?:[a-z]+\s+){0,8}to\s+(?:the\s+)?"
    r"(?:company|organi[sz]ation)\s*:?|concede\s+o\s+certificado\s+(?:\S+\s+){0,10}a\s+empresa\s*:?|"
    # "bekræfter, at" (OCR reads the "æ" of large type as "z" or "ae")
    r"(?:intygar|intygas)\s+att|bekr\w{1,2}fter\s*,?\s+at|todistaa\s*,?\s+etta|"
    r"zaswiadcza\s*,?\s+ze|(?:bu\s+belge|bu\s+sertifika)\s+ile\s+|"
    r"^(?:the\s+)?(?:[a-z\-]+\s+){0,4}management\s+systems?\s+(?:of|operated\s+by|"
    r"implemented\s+by)\s*:?\s*$|"
    # the same line in Spanish, Portuguese, French and Italian: "El sistema de gestión de"
    r"^(?:el|o|le|il)\s+(?:sistema\s+de\s+gestion|sistema\s+de\s+gestao|systeme\s+de\s+management|"
    r"sistema\s+di\s+gestione)(?:\s+[a-z]+){0,4}\s+(?:de|da|do|del|di|della|dell)\s*:?\s*$|"
    + EXTRA_ORG_TRIGGERS
)
# "Issued to" in other languages, and a lone "for" above the name: they introduce the
# holder's name, but (unlike ORG_TRIGGERS) say nothing about what kind of document it is.
ISSUED_TO = regexes.compile(
    r"(?:rilasciato|concesso)\s+a(?:ll['’]\s*(?:organizzazione|azienda))?|"
    r"(?:otorgad|concedid|emitid|expedid)[oa]\s+a|(?:delivre|decerne|accorde|attribue)\s+a|"
    # "LSQA S.A. emite un certificado a:", "délivre le certificat à": the issuer's sentence
    r"\b(?:emite|expide|otorga|concede|outorga|delivre|decerne)\s+"
    r"(?:(?:un|el|o|um|le|ce|este)\s+)?(?:certificado|certificat)\s+a\b|"
    r"(?:ausgestellt|erteilt|verliehen)\s+(?:fur|an)|(?:verleend|uitgereikt)\s+aan|"
    # TÜV NORD's "und wird gemäß TÜV NORD CERT-Verfahren bescheinigt für" / <holder>
    r"\bbescheinigt\s+fur\s*:?\s*$|"
    r"^(?:for|fur|pour|per|para)\s*:?\s*$|"
    # "In einem Zertifizierungsaudit hat die Organisation" / <holder> / "am Standort"
    r"\bhat\s+(?:die|das)\s+(?:organisation|unternehmen|firma)\s*:?\s*$|"
    # "GRANT A CERTIFICATE / MANAGEMENT SYSTEM ACCORDING TO / EN ISO 14001 / TO COMPANY"
    r"^to\s+(?:the\s+)?(?:company|organi[sz]ation)\s*:?\s*$"
)
# Words between the trigger and the organisation's name that are not part of the name.
ORG_FILLER = regexes.compile(
    r"^\s*[:,]?\s*(?:the(?:\s+|$)|das\s+|die\s+|der\s+|l['’]|la\s+|le\s+|el\s+|il\s+|o\s+|"
    r"het\s+|m/s\.?\s*)?"
    r"(?:(?:[a-z\-&,]+\s+){0,5}management\s*systems?\s+(?:of|operated\s+by|at|implemented\s+by|"
    r"adopted\s+by)\s*|"
    r"(?:[a-z\-&,]+\s+){0,3}systems?\s+(?:operated|implemented|adopted)\s+by\s*|"
    r"sistema\s+(?:di\s+gestione\s+)?(?:della\s+|per\s+la\s+)?qualita['’]?\s+"
    r"(?:di|della|del|dell['’])\s*|"
    r"(?:managementsystem|managementsysteme)\s+(?:der|des|von)\s*|"
    # "bestätigt hiermit, dass die Großhandelstätigkeiten des Unternehmens" / <holder>
    r"(?:[\w-]+\s+){0,2}(?:des|der)\s+(?:unternehmens|organisation|firma)\s*:?\s*$|"
    r"systeme\s+de\s+management\s+(?:\w+\s+){0,3}(?:mis\s+en\s+(?:place|oeuvre)\s+par|de)\s*|"
    r"(?:processus|dispositif)\s+(?:\w+\s+){0,3}mis\s+en\s+(?:place|oeuvre)\s+par\s*:?\s*|"
    r"sistema\s+de\s+gest(?:ion|ao)\s+(?:\w+\s+){0,3}(?:implantado\s+por|"
    r"implementado\s+(?:por|pela|pelo)|en|de|da|do)\s*|"
    r"\w*managementsysteem\s+(?:[\w-]+\s+){0,4}(?:van|bij)\s*|"
    # "Dette certifikat bekræfter, at ledelsessystemet hos" / <holder>
    r"\w*(?:ledelsessystem|ledningssystem|styringssystem)(?:et)?\s+(?:hos|for|vid|i)\s*|"
    r"система\s+менеджмента\s*(?:качества|информационнои\s+безопасности|экологическии|"
    r"охраны\s+труда)?(?:\s+|$)|"
    r"sistema\s+(?:di\s+)?gestione\s+(?:\w+\s+){0,4}(?:di|della|del|(?:adottato|applicato|attuato|"
    r"implementato)\s+da)\s*)?"
    r"(?:(?:the\s+|de\s+)?(?:la\s+|l['’]\s*)?(?:company|organi[sz]ation|firm|unternehmen|organisation|"
    r"firma|societe|entreprise|organisme|empresa|azienda|compania|organizacion|organizacao|"
    r"organizzazione|organisatie|sociedad|organizacien)"  # OCR reads "organización" so
    r"(?=[\s:\-–]|$)\s*[:\-–]?\s*)?"  # "adopted by the firm-" / <holder>
)
# Prose that follows the organisation's name and address in "certify that" sentences.
AFTER_ORG = regexes.compile(
    # a relative clause after the name: "Kestrel Foods Ltd., whose principal place of business"
    r",\s+(?:whose|which|located\s+at|situated\s+at|having\s+its)\b|"
    r"\b(?:has|have|was|were)\s+(?:been\s+)?(?:\w+ly\s+)?(?:assessed|audited|certified|"
    r"registered|approved|found|established|implemented|introduced|demonstrated|adopted|"
    r"evaluated|verified|successfully)|\boperates\b|\bmaintains\b|"
    r"\b(?:is|are)\s+(?:hereby\s+)?(?:certified|registered|in\s+conformity|compliant|found|"
    r"approved)|\band\s+(?:is|are)\s+(?:found\s+)?(?:compliant|in\s+compliance)|\bhat\s+(?:ein|das|fur)|\bein\s+\w*managementsystem|\bwendet\b|\bunterhalt\b|"
    r"\bfor\s+the\s+(?:following\s+)?scope|\bin\s+accordance\s+with|\bmeets\s+the|"
    r"\bconforms?\b|\bcomplies\s+with|\bfulfils|\bfulfills|\bapplies\s+an?\b|\bto\s+the\s+requirements|"
    r"\bbelgelendirilmistir|\buygun\s|\bbu\s+belge|\ba\s+mis\s+en\s+place|\bha\s+implementado|"
    r"\bha\s+sido\s+(?:evaluad|auditad|certificad)|\bfoi\s+(?:avaliad|auditad|certificad)|"
    r"\be\s+stat[oa]\s+(?:valutat|certificat|verificat)|\ba\s+ete\s+(?:evalue|audite|certifie)|"
    # "es conforme con los requisitos", "est conforme aux exigences", "cumple con los requisitos"
    r"\b(?:es|est|e|esta)\s+conforme\b|\bcumple\s+con\b"
)
# Prose that introduces the scope.
SCOPE_TRIGGERS = regexes.compile(
    r"for\s+the\s+following\s+(?:scope|activities|products|services|fields?(?:\(s\))?)"
    r"(?:\s+(?:of\s+)?(?:activities|certification|registration|supply|operations?|work|"
    r"application))?\s*:?|"
    # "for the range of application" / <scope> (TÜV NORD's IFS certificates: "Geltungsbereich")
    r"for\s+the\s+range\s+of\s+application\s*:?\s*$|"
    # "COVERING THE FOLLOWING KIND OF PRODUCTS, PROCESSES AND SERVICES"
    r"(?:covering|for)\s+the\s+following\s+(?:kinds?|types?)\s+of\s+(?:products?|processes|services?)"
    r"(?:\s*(?:,|and|&)\s*(?:products?|processes|services?))*\s*:?|"
    r"for\s+the\s+following\s+(?:products?|services?)\s+(?:or|and|&)\s+(?:products?|services?)"
    r"(?:\s+range)?\s*:?|"
    r"(?:with|for|in|within)\s+the\s+(?:following\s+)?scope\s+of\s*:?|"
    r"(?:with|for|in|within)\s+the\s+scope\s*:|^within\s+th[a-z]\s+scope\s*:?\s*$|(?:^|\s)(?:the\s+)?scope(?:\s+of)?\s*:|"
    r"(?:which|that)\s+(?:is\s+)?applies?\s+to\s*:|applicable\s+to\s*:|"
    r"in\s+the\s+field(?:s)?\s+of\s*:?|"
    r"fur\s+(?:den\s+)?(?:folgenden\s+)?(?:geltungsbereich|anwendungsbereich|bereich)\s*:?|"
    r"pour\s+(?:le\s+)?(?:perimetre|domaine)\s+suivant\s*:?|para\s+el\s+(?:siguiente\s+)?alcance\s*:?|"
    # "Para las siguientes actividades" over the scope (SGS's Spanish certificates)
    r"\b(?:para|en)\s+l[ao]s\s+siguientes\s+(?:actividades|alcances|areas|productos|servicios)\s*:?|"
    r"for\s+the\s+following\s+activit(?:y|ies)(?:\(ies\))?\s*:?|applicable\s+to\s*:?\s*$|"
    r"^aplicable\s+a\s*:?\s*$|para\s+a\(?s\)?\s+atividade\(?s\)?\s+de\s*:?|"
    # "Para a(s) seguinte(s) atividade(s)": the words written whole too, for `ocrlabels`
    r"\b(?:para|nas)\s+(?:as\s+|a\(s\)\s+)?(?:seguintes|seguinte\(s\))\s+"
    r"(?:atividades|atividade\(s\))\s*:?|"
    r"per\s+le\s+seguenti\s+attivita\s*:?|pour\s+les\s+activites\s+suivantes\s*:?|"
    # "per i seguenti settori di attività", "per il/i seguente campo di applicazione"
    r"\b(?:per|nel|nei|nell[ae]|negli)\s+(?:(?:il|i|le|la|gli|l)(?:\s*/\s*\w{1,3})?\s+)?seguent[ei]\s+"
    r"(?:tipi\s+di\s+)?"
    r"(?:camp[oi]|settor[ei]|attivita|prodott[oi]|serviz[io])"
    r"(?:\s+(?:di\s+)?(?:applicazione|applicativo|attivita))?\s*[:-]?|"
    r"for\s+the\s+activit(?:y|ies)\s+of\s*:|in\s+respect\s+of\s*:|"
    r"(?:this\s+)?(?:registration|certificate|certification)\s+covers\s*:|"
    # "The scope of certification covers Provision of Security Guard Services"
    r"(?:the\s+)?scope\s+of\s+(?:the\s+)?(?:certification|registration|certificate)\s+"
    r"(?:covers|includes)\s*:?|"
    # "... is applicable to the following product or service ranges:"
    r"applicable\s+to\s+the\s+following(?:\s+activit(?:y|ies)|\s+(?:products?|services?)"
    r"(?:\s+(?:or|and|&)\s+(?:products?|services?))?(?:\s+ranges?)?)?\s*:?\s*$|"
    r"relating\s+to\s*:\s*$|"
    r"the\s+scope\s+of\s+(?:this\s+)?(?:certificate|certification|registration)\s+is\s*:?|"
    r"for\s+(?:the\s+)?scope\s*(?=[\"“«])|"  # 'For scope “REAL ESTATE ...”'
    r"applies\s+to\s+the\s+following\s+(?:scopes?|activit(?:y|ies)|fields?)\s*[:-]?|"
    r"se\s+aplica\s+a\s+(?:los|las)\s+(?:ambitos|actividades|alcances)\s+siguientes\s*:?|"
    # "... se aplica al siguiente alcance" / "... has been applied to the following scope"
    r"\b(?:se\s+aplica\s+)?al\s+siguiente\s+alcance\s*:?|"
    r"\b(?:been\s+)?applied\s+to\s+the\s+following\s+(?:scope|activit(?:y|ies))\s*:?|"
    r"\bfor\s+the\s+activit(?:y|ies)\s*:|\bpara\s+las\s+actividades\s*:?|"
    r"για\s+το\s+(?:εξης|ακολουθο)\s+πεδιο\s+εφαρμογης\s*:?|"  # Greek: "for the following scope"
    r"\bpour\s+les\s+activites\s*:|"
    # "This certificate applies to:", "The certificate is valid for:", "covering:"
    r"(?:this|the)\s+(?:certificate|certification|registration|approval)\s+(?:(?:is\s+)?valid\s+"
    r"for|applies\s+to)\s*(?::|$)|\bcovering\s*:\s*$|"
    # "has established and applies an Energy Management System for" / <the scope> (TÜV SÜD)
    r"\b(?:established|implemented|applies|operates|maintains)\s+(?:and\s+\w+\s+)?(?:an?\s+)?"
    r"(?:[\w/-]+\s+){0,5}?management\s+systems?\s+for\s*:?\s*$|"
    # Russian: "система менеджмента качества применительно к" / <scope> / "соответствует
    # требованиям ГОСТ Р ИСО 9001" ("... quality management system as applied to")
    r"\bприменительно\s+ко?\b\s*:?"
)
# Text that ends a scope statement or an address block.
SCOPE_END = regexes.compile(
    r"^(?:this\s+certificate|the\s+certificate|certificate\s+(?:no|number)|"
    r"(?:for\s+and\s+)?on\s+behalf\s+of|signed|signature|page\s+\d|original\s+(?:registration|certification)|"
    r"validity\s+of\s+this|further\s+clarifications|ulteriori\s+chiarimenti|"
    r"(?:dieses|das)\s+zertifikat|"
    # the sentence about the certificate after the scope, in Spanish, French, Italian, Portuguese
    r"(?:este|el|ce|le|questo|il|o)\s+(?:certificado|certificat|certificato)\s+"
    r"(?:tiene|ha|es|est|a|e|se|sera|sigue|permanece|vence|expira|caduca|resta|remains)\b|"
    r"(?:the\s+)?validity|(?:la\s+|a\s+|die\s+)?(?:validez|validite|validita|validade|gultigkeit)\s+"
    r"(?:de|del|dieses|des|deste|di|della)\b|"
    r"(?:bu\s+)?(?:belge|sertifika)\s|issued\s+by|managing\s+director|"
    r"geschaftsfuhrer|for\s+the\s+certification\s+body|im\s+auftrag|\*\s*see\s+annex|"
    r"(?:this\s+is\s+)?as\s+per\s+(?:the\s+)?(?:latest\s+)?statement\s+of\s+applicability|"
    r"(?:exclusions?|excluded\s+clauses?|non-?applicab\w*(?:\s+clauses?)?)\s*:|"
    r"\(?\s*(?:iaf|ea|nace)\s*(?:codes?|sectors?|scope)\b|"
    r"(?:iaf|ea|nace)(?:\s*/\s*(?:iaf|ea))?\s*:\s*\d|"  # "EA: 31 - 39", "IAF: 28"
    # "Em atendimento aos requisitos da Norma", "en cumplimiento de los requisitos de"
    r"em\s+atendimento\s+(?:aos|a)\s+requisitos|en\s+cumplimiento\s+(?:de|con)\s+los\s+requisitos|"
    # "Mediante auditoría documentada en el informe de fecha ... se verificó el cumplimiento"
    r"mediante\s+(?:la\s+)?auditoria\b|"
    r"this\s+is\s+as\s+per|"
    # the conformity statement after the scope: "which fulfils the requirements of"
    r"(?:which|that)\s+(?:fulfils?|fulfills|complies|meets|conforms?|satisfies)\b|"
    r"(?:fulfils?|fulfills|meets)\s+the\s+requirements\b|"
    # Vietnamese: the conformity statement after the scope ("đã được đánh giá", "phù hợp với")
    r"da\s+duoc\s+(?:danh\s+gia|chung\s+nhan)|phu\s+hop\s+voi|"
    # Russian: the conformity statement after the scope ("соответствует требованиям")
    r"соответству[ею]т\s+требованиям)"
)
