"""Pages in Chinese, Japanese and Korean: which script a page is read in, how Tesseract's
one-character words are put back together, labels OCR spaced out and date ranges (made-up
readings; Tesseract itself is replaced by fakes)."""

from datetime import date

from portal.certificates import ocr
from portal.certificates.parsing import extract_text_fields
from portal.certificates.results import Limits
from portal.certificates.wordlayout import words_to_layout

ALL = frozenset({"eng", "kor", "osd", "chi_sim", "jpn"})


def _words(texts, conf, *, top=10.0, height=12.0, gap=3.0):
    words, x = [], 10.0
    for n, text in enumerate(texts):
        width = 9.0 * len(text)
        words.append({"text": text, "x0": x, "x1": x + width, "top": top + 20 * (n // 6),
                      "bottom": top + 20 * (n // 6) + height, "conf": conf,
                      "line": (1, 1, n // 6)})
        x = x + width + gap if (n + 1) % 6 else 10.0
    return words


# What an English reading makes of a Korean page: unsure noise, no English word among it.
NOISE = _words(["Mol", "AS", "BAA", "LSM", "SAS", "PRHSATL", "oa", "FEF", "USAAN", "ATES",
                "ALAA", "BAAzdl", "SHS", "Leo", "quv", "MojA", "aE", "tora", "A=", "al"] * 2, 35)
KOREAN = _words(["엘", "에", "스", "일", "렉", "트", "인", "증", "번", "호", "유", "효"] * 3, 90)


def _fake_tesseract(monkeypatch, osd_script):
    calls = {"osd": [], "read": []}

    def recognise(image, languages, scale, timeout, **kw):
        calls["read"].append(languages)
        return list(KOREAN if "kor" in languages else NOISE)

    def detect_orientation(image, scale, *, unsure_script=False):
        calls["osd"].append(unsure_script)
        return 0, (osd_script if unsure_script else None)

    monkeypatch.setattr(ocr, "recognise", recognise)
    monkeypatch.setattr(ocr, "detect_orientation", detect_orientation)
    return calls


def test_a_page_an_english_reading_made_nothing_of_is_read_in_the_script_osd_guessed(
    monkeypatch,
):
    calls = _fake_tesseract(monkeypatch, "Korean")
    reading = ocr.read_image(object(), 1.0, Limits(), ALL, deadline=10**12)
    assert calls["osd"] == [True]  # OSD's guess was asked for although it was unsure
    assert calls["read"] == ["eng", "kor+eng"]
    assert reading.languages == "kor+eng" and reading.script == "Korean"


def test_a_reading_with_real_words_does_not_take_an_unsure_script(monkeypatch):
    calls = _fake_tesseract(monkeypatch, "Korean")
    english = _words(["This", "is", "to", "certify", "that", "the", "management", "system",
                      "of", "Example", "Ltd", "has", "been", "assessed", "and", "found"], 40)
    monkeypatch.setattr(ocr, "recognise",
                        lambda image, languages, scale, timeout, **kw: list(english))
    reading = ocr.read_image(object(), 1.0, Limits(), ALL, deadline=10**12)
    assert calls["osd"] == [False]
    assert reading.languages == "eng"


def test_the_characters_of_one_cjk_word_are_joined_and_words_stay_apart():
    # gaps of 0.1-0.4 of the height inside a word, 0.7 between words
    def word(text, x0, width=12.0):
        return {"text": text, "x0": x0, "x1": x0 + width, "top": 0.0, "bottom": 12.0,
                "conf": 90, "line": (1, 1, 1)}

    words = [word("경", 0), word("기", 13), word("도", 26.5), word("안", 47), word("양", 60),
             word("시", 74)]
    assert words_to_layout(words).strip() == "경기도 안양시"
    latin = [word("AB", 0), word("CD", 13)]
    assert words_to_layout(latin).strip() == "AB CD"  # Latin words keep their space
    text_layer = [{k: v for k, v in w.items() if k != "conf"} for w in words]
    assert words_to_layout(text_layer).strip() == "경 기 도 안 양 시"  # a text layer is as drawn


def test_cjk_labels_ocr_spaced_out_and_a_korean_date_range():
    text = """
                            인증서
                            엘에스일렉트릭(주)
                            인 증번호   QMS-0260
                            KS Q ISO 9001:2015/ISO 9001:2015
                            유 효기간   2023 년 06 월 25 일 부터 2026 년 06 월 24 일까지
                            최초 인 증일 : 1997 년 12 월 16 일
"""
    result = extract_text_fields([text], ocr=True)
    assert result.certificate_number.value == "QMS-0260"
    assert result.expiry_date.value == date(2026, 6, 24)
    assert result.initial_certification_date.value == date(1997, 12, 16)
