"""Read page images with Tesseract: orientation and script per page, then the right languages.

Each page is drawn with pypdfium2 and read first with the first configured language
(English). When that reading is doubtful (few dictionary words, many low-confidence words),
Tesseract's orientation and script detection (`--psm 0`, the `osd` model) runs on a smaller
copy: the page is turned upright and read again with the languages of its script (Cyrillic:
Russian, Kazakh; Han: Chinese; Hangul: Korean; ...). A page mostly in another Latin-script
language is read again with that language, so its letters (ş, ß, ł) are kept. The better
reading wins. Every pass checks the time budget, so OCR time stays bounded.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any

from portal.certificates import regexes, tesseract
from portal.certificates.dates import MONTHS, fold
from portal.certificates.ocrlabels import repair_label_lines
from portal.certificates.results import Limits
from portal.certificates.textquality import assess_text, one_edit_apart
from portal.certificates.wordlayout import Word, words_to_layout

PSM = 11
OSD_DPI = 150
# The least confidence in a script OSD names that is tried on a page the first reading made
# nothing of (three Korean pages scored 0.16-0.85, their English readings were noise). The
# other reading is kept only when it holds more sure text, so a wrong guess costs time only.
UNSURE_SCRIPT_CONFIDENCE = 0.1
# A page whose picture is busy (a guilloche or security pattern behind the text: more than this
# share of its pixels, seen at BUSY_DPI, on an edge) takes Tesseract minutes instead of seconds,
# since every line of the pattern is a candidate glyph. Its light background is flattened first.
BUSY_DPI = 150
BUSY_EDGE_SHARE = 0.25
BUSY_EDGE_STEP = 32
# A busy page is read at this resolution at most: half the pixels of 300 dpi, same words.
BUSY_READ_DPI = 250
A4_LONG_SIDE_INCHES = 11.7
# A scan whose picture has fewer pixels than this share of the page drawn at the OCR
# resolution (under 120 ppi for 300 dpi: letters of ten pixels or so) is drawn at its own
# resolution and enlarged smoothly. Measured: at 150 ppi pdfium's own enlargement reads better.
LOW_RESOLUTION = 0.4
FULL_PAGE_PICTURE = 0.6  # the share of the page one picture covers on a scan
# A decorative band down one side of a scan (a guilloche or line pattern, a word printed down
# the side in outlined letters) can make Tesseract's layout analysis read the whole page as
# noise. Seen at BAND_DPI, a band is a run of columns from the left or right edge, at most
# BAND_MAX_SHARE of the page, with at least BAND_INK of its pixels' darkness on average; it
# ends at a near-white gap (at most BAND_GAP) and the page inside it is at most a third as
# dark. A page with such a band is read again with the band painted white (`read_image`).
BAND_DPI = 25
BAND_INK = 0.1
BAND_GAP = 0.03
BAND_MAX_SHARE = 0.3
BAND_MIN_SHARE = 0.03  # narrower: the dark edge of a scanner's lid, read as it is
# The languages to read a page in, by the script Tesseract's orientation detection reports.
SCRIPT_LANGUAGES = {
    "Latin": ("eng",),
    "Cyrillic": ("rus", "kaz", "eng"),
    "Han": ("chi_sim", "chi_tra", "eng"),
    "HanS": ("chi_sim", "eng"),
    "HanT": ("chi_tra", "eng"),
    "Japanese": ("jpn", "eng"),
    "Katakana": ("jpn", "eng"),
    "Hiragana": ("jpn", "eng"),
    "Hangul": ("kor", "eng"),
    "Korean": ("kor", "eng"),
    "Arabic": ("ara", "eng"),
    "Greek": ("ell", "eng"),
}
# Frequent words that tell Latin-script languages apart (folded, as fold() returns them).
_LATIN_HINTS = {
    "deu": "und der die das fur mit von des dem ist wird hiermit bescheinigt zertifikat gultig",
    "fra": "et les des pour par une est sont dans avec certificat certifie valable jusqu",
    "spa": "los las del con por para una que certificado sistema gestion empresa valido hasta",
    "ita": "il della delle dei per con una che certificato sistema gestione azienda valido",
    "nld": "het een van voor met dat certificaat geldig tot systeem",
    "por": "os da do dos das com uma certificado sistema gestao empresa valido ate",
    "tur": "ve bir ile icin bu belge belgesi sistemi yonetim kurulus sertifika tarihi kapsam",
    "pol": "i w na z do ze jest certyfikat systemu zarzadzania zakres wazny",
    # Danish, Swedish, Norwegian (folded: "æ" is "a", "ø" is "o")
    "dan": "og af til for med det den er at hos certifikat certifikatet ledelsessystemet "
    "ledelsessystem gyldig udstedt udstedelsesdato kravene overensstemmelse",
    "swe": "och av till for med det den ar att hos certifikat certifikatet ledningssystemet "
    "ledningssystem giltigt utfardat utfardandedatum kraven overensstammelse",
    "nor": "og av til for med det den er at hos sertifikat sertifikatet styringssystemet "
    "styringssystem gyldig utstedt utstedelsesdato kravene samsvar",
    # Vietnamese: syllables that survive a first reading with English data, which drops tones
    "vie": "cong ty tnhh va cua cho nhan chung chi he thong quan ly chat luong tieu chuan pham "
    "vi ngay cap lai nay khi theo trong khong duoc viet nam san xuat",
}
_HINTS = {lang: frozenset(words.split()) for lang, words in _LATIN_HINTS.items()}


@dataclass(frozen=True)
class OcrReading:
    """One page read with OCR: layout text, positioned words and how it was read."""

    text: str
    words: tuple[Word, ...]
    languages: str
    rotation: int = 0
    script: str | None = None
    seconds: float = 0.0
    passes: tuple[str, ...] = field(default=())

    @property
    def score(self) -> float:
        """Return how much confident text the reading holds (characters of sure words)."""
        return sum(len(str(w["text"])) for w in self.words if w.get("conf", 0) >= 60)


def available_languages() -> frozenset[str] | None:
    """Return the installed Tesseract languages, or None when OCR cannot run here."""
    return tesseract.languages()


def _pick(wanted: tuple[str, ...], available: frozenset[str]) -> str | None:
    chosen = [lang for lang in dict.fromkeys(wanted) if lang in available]
    return "+".join(chosen) if chosen else None


def first_languages(limits: Limits, available: frozenset[str]) -> str | None:
    """Return the languages of the first pass: the first configured one that is installed."""
    for lang in limits.ocr_languages:
        if lang in available:
            return lang
    return next(iter(sorted(available - {"osd"})), None)


def guess_latin_language(text: str) -> str | None:
    """Return the Latin-script language (not English) most of the text is written in, or None."""
    tokens = re.findall(r"[a-z]+", fold(text))
    if len(tokens) < 8:
        return None
    english = sum(1 for t in tokens if t in {"the", "and", "of", "to", "for", "is", "with", "that"})
    counts = {lang: sum(1 for t in tokens if t in hints) for lang, hints in _HINTS.items()}
    lang, hits = max(counts.items(), key=lambda item: item[1])
    return lang if hits >= 4 and hits >= 0.12 * len(tokens) and hits > english else None


# A date whose digits OCR read as letters: "12.O4.2023", "l2/03/2024", "2O24-03-11".
_DIGITISH = "0-9OoIl|"
_NUMERIC_DATE = regexes.compile(
    rf"(?<![\w.])(?:[{_DIGITISH}]{{1,2}}([./-])[{_DIGITISH}]{{1,2}}\1[{_DIGITISH}]{{4}}|"
    rf"[{_DIGITISH}]{{4}}([./-])[{_DIGITISH}]{{1,2}}\2[{_DIGITISH}]{{1,2}})(?![\w.])"
)
# A year after a month's name: "12 March 2O24".
_YEAR_AFTER_WORD = regexes.compile(r"(?<=[^\W\d_]{3} )(?:19|2[0O])[0-9OoIl]{2}(?![\w])")
_AS_DIGITS = str.maketrans("OoIl|", "00111")


def _digits(match: re.Match[str]) -> str:
    token = match.group(0)
    if token.isdigit() or sum(ch.isdigit() for ch in token) < 4:
        return token  # nothing to repair, or too few real digits to call it a date
    return token.translate(_AS_DIGITS)


def _year_after_month(match: re.Match[str]) -> str:
    word = fold(match.string[: match.start()].split()[-1]).strip(".,")
    return match.group(0).translate(_AS_DIGITS) if word in MONTHS else match.group(0)


# The words certificates are read through (headings, labels), as OCR misspells them by one
# letter: "Certiflcate", "CERTIFICAIE", "Reglstration", "Accredlted".
_KEY_WORDS = ("certificate", "certification", "registration", "organization", "organisation",
              "accredited", "accreditation")
_KEY_WORD_LIKE = regexes.compile(r"\b[A-Za-z]{9,14}\b")
# Right spellings one letter away from a key word: plurals, other languages' forms.
_KEY_FORMS = {"certificates", "certificated", "certificato", "certificati", "certificado",
              "certificat", "certificats", "certifications", "registrations", "organizations",
              "organisations", "accreditations", "registratie", "certificazione"}


def _key_word(match: re.Match[str]) -> str:
    word = match.group(0)
    lower = word.lower()
    if lower in _KEY_FORMS or lower in _KEY_WORDS:
        return word
    target = next((t for t in _KEY_WORDS if one_edit_apart(lower, t)), None)
    if target is None:
        return word
    if sum(ch.isupper() for ch in word) >= len(word) - 1:  # capitals, one misread as "l"
        return target.upper()
    return target.capitalize() if word[0].isupper() else target


_CAPS_WITH_SMALL_I = regexes.compile(
    r"\b(?=(?:[^\W\d_a-z]*[A-ZÇĞÖŞÜ]){2})[A-ZÇĞÖŞÜ]*i[A-ZÇĞÖŞÜi]*\b"
)


# A day whose raised ordinal ending OCR read as a sign, before a month and a year.
_RAISED_BEFORE_MONTH = regexes.compile(
    r"(?<![\w.])([0-3]?\d)(?:™|®|°|º|[\"”“]{1,2})(?=\s+([^\W\d_]{3,9})\.?,?\s+(?:19|20)\d\d\b)"
)


def _day_before_month(match: re.Match[str]) -> str:
    return match.group(1) if fold(match.group(2)) in MONTHS else match.group(0)


def fix_ocr_text(text: str) -> str:
    """Undo Tesseract's usual confusions in certificate wording: "Al" for "AI", "|" for "l",
    letters for the digits of a date, the key words of certificates misspelt by one letter,
    label words misread by one letter (`ocrlabels`)."""
    text = repair_label_lines(_KEY_WORD_LIKE.sub(_key_word, text))
    text = _NUMERIC_DATE.sub(_digits, text)
    text = _YEAR_AFTER_WORD.sub(_year_after_month, text)
    text = re.sub(r"(?<![\w'])Al(?![\w'])", "AI", text)
    text = re.sub(r"(?<=[a-z]ci)6(?=n\b)", "ó", text)  # "Certificaci6n": the accent read as 6
    # a year-first date OCR spaced apart ("2012   - 02-17"): the layout would split it in cells
    text = re.sub(r"(?<![\d.:])((?:19|20)\d\d) *([-/.]) *([01]?\d) *\2 *([0-3]?\d)(?!\d)",
                  r"\1\2\3\2\4", text)
    # "№" (the number sign) read as "Ne" before a number or code: "REG. Ne KK.RU.0001"
    text = re.sub(r"(?<![\w.])Ne(?= +[A-Z]{0,6}[\w.\-/]*\d)", "No", text)
    # no ß in the English model: read as "B", "f" or "8" ("Industriestra8e")
    text = re.sub(r"(?<=[a-zäöü])stra[Bf8]e\b", "straße", text)
    # the "l" of an Italian "S.r.l." read as "1" or "I": "ECOFLASH S.r.1"
    text = re.sub(r"\b([Ss])\.\s?([Rr])\.\s?[1I](?![\w])",
                  lambda m: f"{m[1]}.{m[2]}.{'L' if m[2] == 'R' else 'l'}", text)
    # a raised ordinal ending read as quote marks: "March 19", 2021" is "March 19, 2021"
    text = re.sub(r"(?<=[A-Za-z.] )([0-3]?\d)[\"”“]{1,2}(?=,?\s+(?:19|20)\d\d\b)", r"\1", text)
    # the same before the month: "14TH SEPT. 2022" with the raised "TH" read as "™" or "°"
    text = _RAISED_BEFORE_MONTH.sub(_day_before_month, text)
    # a capital dotted İ (Turkish) read as a small "i" inside a capitalised word: "ALKiL",
    # "SANAYi", "URETiMi" are "ALKIL", "SANAYI", "URETIMI"
    text = _CAPS_WITH_SMALL_I.sub(lambda m: m.group(0).replace("i", "I"), text)
    # a capital E drawn with a round back (a logo's lettering) read as the euro sign: "€SYD"
    text = re.sub(r"(?<!\w)€(?=[A-Z]{2,}\b)", "E", text)
    return re.sub(r"(?<![^\s(])\|(?=['’a-z])", "l", text)


def keep_ocr_word(text: str, confidence: float) -> bool:
    """Return False for empty boxes and the low-confidence specks scans produce."""
    if not text or confidence < 0:
        return False
    if not any(ch.isalnum() for ch in text):
        return confidence >= 60 and text in {":", "/", "-", "&", "–", "(", ")"}
    return confidence >= 30 or len(text) > 3


def recognise(
    image: Any, languages: str, scale: float, timeout: float, *, psm: int = PSM
) -> list[Word]:
    """Return Tesseract's words on an image, in page points (image pixels / scale).

    Raises `tesseract.OcrTimeout` when the pass runs out of `timeout` seconds."""
    words: list[Word] = []
    for raw, confidence, box, line in tesseract.read_words(
        image, languages, psm=psm, timeout=timeout
    ):
        text = raw.strip()
        if not keep_ocr_word(text, confidence):
            continue
        left, top, right, bottom = box
        words.append(
            {
                "text": text,
                "x0": left / scale,
                "top": top / scale,
                "x1": right / scale,
                "bottom": bottom / scale,
                "line": line,
                "conf": confidence,
            }
        )
    return words


def detect_orientation(
    image: Any, scale: float, *, unsure_script: bool = False
) -> tuple[int, str | None]:
    """Return (degrees to turn the page clockwise, script) from Tesseract's OSD, or (0, None).

    The script is given when OSD is sure of it; `unsure_script` asks for OSD's guess even when
    it is not (a page a first reading made nothing of: Hangul is often named at a confidence
    well under 1)."""
    factor = min(1.0, OSD_DPI / (72 * scale))
    small = image.resize((max(1, int(image.width * factor)), max(1, int(image.height * factor))))
    try:
        found = tesseract.orientation(small)
    except RuntimeError:  # the image could not be handed over: read the page as it is
        return 0, None
    if found is None:  # too little text to tell
        return 0, None
    floor = UNSURE_SCRIPT_CONFIDENCE if unsure_script else 1.0
    script = found["script"] if found["script_conf"] >= floor else None
    rotate = found["rotate"] if found["orientation_conf"] >= 1.5 else 0
    return rotate % 360, script


def _unread(words: list[Word], text: str) -> bool:
    """Return True when a reading made little of the page: most words unsure and few common
    words (a page in another script read with Latin letters; its English footer gives a few)."""
    if len(words) < 15:
        return False
    unsure = sum(1 for w in words if w["conf"] < 60) / len(words)
    quality = assess_text(text)
    return unsure > 0.5 and quality.latin_tokens >= 12 and quality.dictionary_rate < 0.12


def _doubtful(words: list[Word], text: str) -> bool:
    """Return True when a reading looks wrong: little text, unsure words or no real words."""
    if len(words) < 15:
        return True
    unsure = sum(1 for w in words if w["conf"] < 60) / len(words)
    quality = assess_text(text)
    return unsure > 0.35 or (quality.latin_tokens >= 12 and quality.dictionary_rate < 0.12)


def _darkness(values: bytes, count: int) -> float:
    return sum(255 - v for v in values) / (255 * max(1, count))


def _band(profile: list[float]) -> int:
    """Return how many entries from the start of a darkness profile make a band, or 0."""
    limit = int(len(profile) * BAND_MAX_SHARE)
    end = next((i for i, v in enumerate(profile[: limit + 1]) if v <= BAND_GAP), None)
    if end is None or end < BAND_MIN_SHARE * len(profile):
        return 0
    band = profile[:end]
    if sum(1 for v in band if v >= BAND_INK) < 0.6 * len(band):
        return 0
    inside = profile[end:]
    if not inside or 3 * (sum(inside) / len(inside)) > sum(band) / len(band):
        return 0
    # the band ends with its last dark column: the faint ones before the gap may be the
    # first letters of the text beside it
    return max(i for i, v in enumerate(band) if v >= BAND_INK) + 1


def edge_bands(image: Any, scale: float) -> list[tuple[int, int, int, int]]:
    """Return the boxes (in image pixels) of decorative bands down the page's left and right
    edges. A dark band across the top or bottom is most often a header or footer in colour,
    with the title, the standard or the body's address printed on it: it is read as it is."""
    factor = min(1.0, BAND_DPI / (72 * scale))
    small = image.resize((max(1, int(image.width * factor)), max(1, int(image.height * factor))))
    width, height = small.size
    pixels = small.convert("L").tobytes()
    columns = [_darkness(pixels[x::width], height) for x in range(width)]
    boxes = []
    fx = image.width / width
    if left := _band(columns):
        boxes.append((0, 0, int(left * fx), image.height))
    if right := _band(columns[::-1]):
        boxes.append((image.width - int(right * fx), 0, image.width, image.height))
    return boxes


def _in_boxes(word: Word, boxes: list[tuple[int, int, int, int]], scale: float) -> bool:
    x = (word["x0"] + word["x1"]) / 2 * scale
    y = (word["top"] + word["bottom"]) / 2 * scale
    return any(x0 <= x <= x1 and y0 <= y <= y1 for x0, y0, x1, y1 in boxes)


def without_bands(image: Any, boxes: list[tuple[int, int, int, int]]) -> Any:
    """Return a copy of the image with the given boxes painted white."""
    from PIL import ImageDraw

    canvas = image.copy()
    draw = ImageDraw.Draw(canvas)
    for box in boxes:
        draw.rectangle(box, fill=255)
    return canvas


def _reading(words: list[Word], languages: str, **kw: Any) -> OcrReading:
    text = fix_ocr_text(words_to_layout(words))
    return OcrReading(text=text, words=tuple(words), languages=languages, **kw)


def _again(image: Any, languages: str, scale: float, deadline: float) -> list[Word] | None:
    """Return a second reading, or None when it ran out of time (the first one stands)."""
    try:
        return recognise(image, languages, scale, deadline - time.monotonic())
    except tesseract.OcrTimeout:
        return None


def read_image(
    image: Any,
    scale: float,
    limits: Limits,
    available: frozenset[str],
    deadline: float,
    *,
    again_until: float | None = None,
    bands: list[tuple[int, int, int, int]] | None = None,
) -> OcrReading:
    """Return the best reading of one page image within the time left before the deadline.

    The first reading may take until `deadline`; further readings (turned, other languages)
    only start when they can end before `again_until` (the page's share of the budget).
    `bands` are decorative bands down the page's sides (`edge_bands`): the page is read again
    with them painted white, and the reading with more sure text kept.
    """
    started = time.monotonic()
    first = first_languages(limits, available) or "eng"
    words = recognise(image, first, scale, deadline - time.monotonic())
    deadline = min(deadline, again_until or deadline)
    best = _reading(words, first, passes=(first,))
    spent = time.monotonic() - started
    if time.monotonic() + 1.5 * spent > deadline:
        return best
    kept: list[Word] = []  # what the first reading found in the bands: it stays in every reading
    if bands:
        plain = without_bands(image, bands)
        again = _again(plain, first, scale, deadline)
        if again is not None:
            # the first reading's line numbers are another reading's: kept apart
            in_bands = [{**word, "line": ("band", *word["line"])} for word in words
                        if _in_boxes(word, bands, scale)]
            other = _reading(again + in_bands, first, passes=(first,))
            if other.score > best.score:
                image, words, best, kept = plain, again + in_bands, other, in_bands
        if time.monotonic() + 1.2 * spent > deadline:
            return best
    wanted = set(limits.ocr_languages)
    script = None
    if _doubtful(words, best.text) and "osd" in available:
        rotate, script = detect_orientation(
            image, scale, unsure_script=_unread(words, best.text)
        )
        languages = _pick(SCRIPT_LANGUAGES.get(script or "", ()), available & wanted) or first
        if (rotate or languages != first) and time.monotonic() + 1.2 * spent < deadline:
            turned = image.rotate(-rotate, expand=True) if rotate else image
            again = _again(turned, languages, scale, deadline)
            if again is not None:
                other = _reading(
                    again + ([] if rotate else kept), languages, rotation=rotate, script=script,
                    passes=(first, languages),
                )
                best = other if other.score > best.score else best
    if script in (None, "Latin") and time.monotonic() + 1.2 * spent < deadline:
        language = guess_latin_language(best.text)
        languages = _pick((language or "", best.languages), available & (wanted | {first}))
        if language and languages and languages != best.languages:
            turned = image.rotate(-best.rotation, expand=True) if best.rotation else image
            again = _again(turned, languages, scale, deadline)
            if again is not None:
                other = _reading(again + ([] if best.rotation else kept), languages,
                                 rotation=best.rotation, script="Latin",
                                 passes=(*best.passes, languages))
                best = other if other.score >= 0.9 * best.score else best
    return OcrReading(
        text=best.text,
        words=best.words,
        languages=best.languages,
        rotation=best.rotation,
        script=best.script,
        seconds=round(time.monotonic() - started, 3),
        passes=best.passes,
    )


def render_page(pdf: Any, index: int, dpi: int, *, despeckle: bool = True) -> tuple[Any, float]:
    """Return a page of an open pypdfium2 document as a grayscale PIL image, and its scale
    (pixels per point). `despeckle` says the page is a scan: it is despeckled (a drawn page has
    no speckles, and the filter blurs the small print of logos), and a scan of low resolution
    is enlarged smoothly (`_low_resolution`).

    The page is drawn at `dpi` but never larger than an A4 page at that resolution: a photo
    wrapped in a PDF at 72 ppi is a page of 30 x 45 inches, which at 300 dpi would be a
    100-megapixel image that takes Tesseract minutes.
    """
    from PIL import Image, ImageFilter

    page = pdf[index]
    try:
        width, height = page.get_size()
        scale = min(dpi / 72, dpi * A4_LONG_SIDE_INCHES / max(width, height, 1.0))
        share = _low_resolution(page, width, height, scale) if despeckle else None
        if share is None:
            image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
        else:
            # pdfium enlarges a picture with blocky edges that Tesseract misreads: draw the
            # page at the picture's own resolution and enlarge it with bicubic interpolation
            small = page.render(scale=scale * share, grayscale=True).to_pil().convert("L")
            size = (max(1, round(width * scale)), max(1, round(height * scale)))
            image = small.resize(size, Image.BICUBIC)
    finally:
        page.close()
    if not despeckle:
        return image, scale
    # Scans carry speckles that Tesseract reads as stray marks; a 3x3 median removes them.
    return image.filter(ImageFilter.MedianFilter(3)), scale


def _low_resolution(page: Any, width: float, height: float, scale: float) -> float | None:
    """Return the picture's pixels per pixel of the drawing when the page is nothing but one
    large picture (a scan) of less than LOW_RESOLUTION of the resolution it is drawn at, else
    None. A page with drawn text or lines beside the picture keeps the full resolution: they
    are sharp at any size."""
    import pypdfium2.raw as pdfium_c

    best: tuple[float, float] | None = None
    for item in page.get_objects(max_depth=3):
        if item.type == pdfium_c.FPDF_PAGEOBJ_PATH or (
            item.type == pdfium_c.FPDF_PAGEOBJ_TEXT
            and pdfium_c.FPDFTextObj_GetTextRenderMode(item.raw)
            != pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE  # an OCR layer is not drawn
        ):
            return None
        if item.type != pdfium_c.FPDF_PAGEOBJ_IMAGE:
            continue
        left, bottom, right, top = item.get_bounds()
        drawn = max(right - left, top - bottom) * scale
        area = max(0.0, right - left) * max(0.0, top - bottom)
        if drawn > 0 and (best is None or area > best[0]):
            best = (area, max(item.get_px_size()) / drawn)
    if best is None or best[0] < FULL_PAGE_PICTURE * width * height:
        return None
    return best[1] if best[1] < LOW_RESOLUTION else None


def is_busy(image: Any, scale: float) -> bool:
    """Return True when a page image is covered by a fine pattern (many edges everywhere)."""
    from PIL import ImageFilter

    factor = min(1.0, BUSY_DPI / (72 * scale))
    small = image.resize((max(1, int(image.width * factor)), max(1, int(image.height * factor))))
    histogram = small.filter(ImageFilter.FIND_EDGES).histogram()
    return sum(histogram[BUSY_EDGE_STEP:]) > BUSY_EDGE_SHARE * max(1, sum(histogram))


def flatten_background(image: Any, scale: float) -> tuple[Any, float]:
    """Return the image, at most BUSY_READ_DPI, with everything lighter than midway between
    ink and paper made white, and its scale.

    Ink is the darkest 0.5 % of the pixels, paper the lightest quarter: a pale pattern printed
    behind the text falls on the paper's side and goes, the text stays black.
    """
    factor = min(1.0, BUSY_READ_DPI / (72 * scale))
    if factor < 1.0:
        size = (max(1, int(image.width * factor)), max(1, int(image.height * factor)))
        image, scale = image.resize(size), scale * factor
    histogram = image.histogram()
    total, running, levels = sum(histogram), 0, {}
    for level, count in enumerate(histogram):
        running += count
        for share in (0.005, 0.75):
            if share not in levels and running >= share * total:
                levels[share] = level
    threshold = (levels[0.005] + levels[0.75]) // 2
    return image.point(lambda p: 0 if p < threshold else 255), scale


def ocr_pages(
    data: bytes, indices: list[int], limits: Limits, available: frozenset[str]
) -> dict[int, OcrReading]:
    """Return OCR readings of the given pages, stopping when the OCR time budget is spent.

    Every page is read once before any page is read again: a second reading (turned, in other
    languages) must fit in the page's equal share of the time left (what a quick page leaves
    goes to the next ones), so one doubtful page cannot leave the others unread.
    """
    import pypdfium2

    out: dict[int, OcrReading] = {}
    deadline = time.monotonic() + limits.ocr_seconds
    wanted = indices[: limits.ocr_max_pages]
    pdf = pypdfium2.PdfDocument(data)
    try:
        for position, index in enumerate(wanted):
            now = time.monotonic()
            if now >= deadline:
                break
            share = now + (deadline - now) / (len(wanted) - position)
            image, scale = render_page(pdf, index, limits.ocr_dpi)
            if is_busy(image, scale):
                image, scale = flatten_background(image, scale)
            try:
                out[index] = read_image(
                    image, scale, limits, available, deadline, again_until=share,
                    bands=edge_bands(image, scale),
                )
            except tesseract.OcrTimeout:  # the next page may be quicker
                pass
    finally:
        pdf.close()
    return out
