"""How names and addresses are printed: legal forms, countries, street words and postcodes.

Used to tell an organisation's name from prose (a legal form at its end) and an address from
a name (a street word, a postcode, a country). Patterns are matched against folded text where
they say so (see `vocabulary`), else against the printed text.
"""

from __future__ import annotations

import re

from portal.certificates import regexes

LEGAL_FORMS = (
    r"co\.?,?\s*(?:ltd|limited|llc|inc)\.?|s\.\s?a\.\s?u\.|s\.\s?p\.\s?a\.|gmbh(?:\s*&\s*co\.?\s*kg)?|ag|kg|ohg|se|ug|e\.?\s?v\.?|ltd\.?|limited|plc|llp|llc|l\.l\.c\.|"
    r"inc\.?|incorporated|corp\.?|corporation|co\.?|company|b\.?\s?v\.?|n\.?\s?v\.?|"
    # the longer "S.A.S." and "S.A.B. de C.V." before "S.A.": the first alternative that fits wins
    r"s\.?\s?a\.?\s+de\s+c\.?\s?v\.?|s\.?\s+de\s+r\.?\s?l\.?(?:\s+de\s+c\.?\s?v\.?)?|"
    # Brazil: "LIMITADA", "EIRELI", "EPP" (a small company), often together ("LTDA - EPP")
    r"limitada|eireli|epp|"
    r"s\.?\s?a\.?\s?s\.?|s\.?\s?a\.?\s?b\.?\s?v\.?|s\.?\s?a\.?|sas|sarl|s\.?\s?r\.?\s?l\.?|s\.?\s?p\.?\s?a\.?|s\.?\s?l\.?|oy|oyj|ab|asa|as|a/s|"
    r"aps|a\.?\s?s\.?|a\.?\s?ş\.?|ltd\.?\s*şti\.?|ltd\.?\s*sti\.?|san\.?\s*(?:ve\s+)?tic\.?.*|"
    r"pty\.?\s*ltd\.?|pte\.?\s*ltd\.?|pvt\.?\s*ltd\.?|private\s+limited|k\.?\s?k\.?|sp\.?\s*z\s*o\.?\s*o\.?|"
    r"s\.?\s?r\.?\s?o\.?|kft\.?|zrt\.?|nyrt\.?|d\.?\s?o\.?\s?o\.?|gesmbh|mbh|sarl|sàrl|sagl|"
    r"oyj|aps|bv|nv|srl|pty\.?\s*limited|pvt\.?\s*limited|k\.k\.|"
    r"(?:anonim|limited)\s+(?:sirketi|şirketi)|sirketi|şirketi|ооо|оао|зао|пао|ао|тоо|ао|ип|"
    r"s\.?\s?a\.?\s?b\.?\s?v\.?|sp\.?\s*j\.?|sp\.?\s*k\.?|ltda\.?|s\.?\s?c\.?|"
    # Peru: "E.I.R.L." (a sole proprietor's limited company), "S.A.C." (a closed company)
    r"e\.?\s?i\.?\s?r\.?\s?l\.?|s\.\s?a\.\s?c\.|"
    # Portugal: "Lda." (limitada), "Unipessoal, Lda.", "Unip. Lda."
    r"(?:unip(?:essoal)?\.?,?\s*)?lda\.?|"
    r"сп\.?|llp|jsc|pjsc|ojsc|cjsc|"
    # Bulgaria: EOOD, OOD, EAD (and in Cyrillic); Ukraine: ТОВ, ПрАТ, ПАТ
    r"eood|ood|ead|еоод|оод|еад|тов|прат|пат|"
    # the Gulf states' sole proprietorship: "... Trading Establishment"
    r"establishment|"
    # Greek: Α.Ε. (ανώνυμη εταιρεία), Ε.Π.Ε., Ι.Κ.Ε., Ο.Ε., Ε.Ε.
    r"α\.\s?ε\.|ε\.\s?π\.\s?ε\.|ι\.\s?κ\.\s?ε\.|ο\.\s?ε\.|ε\.\s?ε\.|αε|επε|ικε|"
    r"ανωνυμη\s+εταιρεια|ανώνυμη\s+εταιρεία"
)
# Legal forms written without a space before them (Chinese, Japanese, Korean names).
CJK_LEGAL_FORMS = (
    r"(?:股份)?有限(?:责任|責任)?公司|有限公司|株式会社|有限会社|合同会社|주식회사|\(주\)|㈜"
)
LEGAL_FORM_END = regexes.compile(
    rf"(?:(?:^|[\s,])(?:{LEGAL_FORMS})|{CJK_LEGAL_FORMS})\s*$", re.IGNORECASE
)
LEGAL_FORM_ANY = regexes.compile(
    rf"(?:(?:^|[\s,])(?:{LEGAL_FORMS})|{CJK_LEGAL_FORMS})(?=$|[\s,.;)])", re.IGNORECASE
)

COUNTRIES = (
    "germany deutschland almanya united kingdom england scotland wales uk ireland usa u.s.a. "
    "united states turkey turkiye turkei netherlands nederland niederlande the netherlands "
    "france frankreich spain spanien espana italy italien italia switzerland schweiz suisse "
    "austria osterreich belgium belgien poland polen sweden schweden denmark danemark norway "
    "finland india singapore australia new zealand canada japan china portugal czech republic "
    "czechia luxembourg israel united arab emirates uae estonia romania hungary greece brazil "
    "mexico south africa hong kong malaysia philippines viet nam vietnam korea lithuania latvia "
    "polska belgique belgie sverige suomi danmark norge suisse svizzera espana prc nippon "
    "slovakia slovenia croatia bulgaria serbia ukraine taiwan thailand indonesia pakistan "
    "bangladesh sri lanka egypt nigeria kenya morocco saudi arabia qatar argentina chile colombia "
    "россия казахстан узбекистан беларусь украина кыргызстан қазақстан"
).split()
_COUNTRY_PHRASES = sorted(
    {
        "united kingdom",
        "united states",
        "the netherlands",
        "new zealand",
        "czech republic",
        "united arab emirates",
        "south africa",
        "hong kong",
        "viet nam",
        "sri lanka",
        "saudi arabia",
    }
    | {
        c
        for c in COUNTRIES
        if c
        not in {
            "united",
            "kingdom",
            "states",
            "the",
            "new",
            "zealand",
            "czech",
            "republic",
            "arab",
            "emirates",
            "south",
            "africa",
            "hong",
            "kong",
            "viet",
            "nam",
            "sri",
            "lanka",
            "saudi",
            "arabia",
        }
    },
    # longest first, then alphabetical: a set's order changes from one start to the next, and
    # so would the pattern's text, which the pattern cache (`regexes`) looks its program up by
    key=lambda phrase: (-len(phrase), phrase),
)
COUNTRY = regexes.compile(
    r"(?<![a-z])(?:" + "|".join(re.escape(c) for c in _COUNTRY_PHRASES) + r")(?![a-z])"
)
STREET = regexes.compile(
    r"(?<![a-z])(?:street|st\.|road|rd\.?|avenue|ave\.?|lane|drive|way|boulevard|blvd|square|"
    r"place|court|park|plaza|suite|floor|building|house|centre|center|campus|"
    r"strasse|straße|str\.|weg|platz|allee|gasse|ring|damm|ufer|chaussee|"
    r"cad(?:desi)?\.?|sok(?:ak|agi)?\.?|mah(?:alle|allesi)?\.?|bulvari|blv\.?|no\s*:\s*\d|kat\s*:?\s*\d|"
    r"rue|avenida|calle|carrera|carretera|via|viale|piazza|straat|laan|plein|gracht|parkway|pkwy|highway|hwy|"
    r"terrace|crescent|close|mews|quay|wharf|level|unit|plot|sector|tower|district|block|"
    r"estate|ul\.|aleje|rua|carrer|plads|torg|vej|gade|gata|katu|tie|vei|po\s*box|box|"
    r"av\.?|avda\.?|rodovia|travessa|alameda|praca|jl\.|jalan|gedung|ulitsa|prospekt|"
    # South Asian address words (a colony, a market, a road, a neighbourhood)
    r"nagar|marg|bazaa?r|chowk|colony|vihar|enclave|mohalla|taluka?|tehsil|"
    r"[a-z0-9]+-(?:ro|gil|gu|ku|shi|si|dong|do)|chome)(?![a-z])"
    r"|[a-z](?:strasse|straße|str\.|weg|platz|allee|gasse|ring|damm|straat|laan|gracht|"
    r"gatan|gata|vagen|vej|vei|veien|gade|katu|tie|plads|torget)(?![a-z])"
)
POSTCODE = regexes.compile(
    r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b|\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b|\b\d{4}\s?[A-Z]{2}\b|"
    r"\b(?:[A-Z]{1,2}-)?\d{4,5}\s+[A-ZÄÖÜÇŞİ][a-zäöüßçğışé]+|\b\d{5}\s+[A-ZÄÖÜÇŞİ]{3,}\b|"
    r"\b\d{2}-\d{3}\s+[A-ZŁŚŻ][a-ząćęłńóśźż]+|\b\d{3}\s\d{2}\s+[A-ZÅÄÖ][a-zåäö]+|"
    r"\b\d{5}-\d{3}\b|"
    r"〒\s?\d{3}-?\d{4}|"  # a Japanese postcode after its postal mark: "〒411-8540静岡県..."
    r"\b(?!(?:Version|Issue|Page|Report|Order|Number|Revision|Ref|Rev|Edition|No)\b)"
    # "Pune 411001", "Bengaluru - 560 068," (an Indian PIN code printed in two groups)
    r"[A-Z][a-z]+(?:-[a-z]+)?,?\s+(?:[-–]\s*)?(?:\d{6}|\d{3}\s\d{3}|\d{3}-\d{4}|\d{5})(?:,|\.?$)"
)
