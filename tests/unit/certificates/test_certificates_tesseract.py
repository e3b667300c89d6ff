"""Tesseract in the process: language data found, models loaded once, passes that stop in time."""

from __future__ import annotations

import os
from dataclasses import replace

import pytest

from portal.certificates import hybrid, ocr, tesseract
from portal.certificates.pdftext import extract_pdf
from portal.certificates.results import Limits
from tests.unit.certificates.builders import Cert, text_pdf

needs_ocr = pytest.mark.skipif(
    tesseract.languages() is None or "eng" not in tesseract.languages(),
    reason="Tesseract's English language data is not installed",
)


@pytest.fixture
def fresh_lookup(monkeypatch):
    """Forget what was found on disk, before and after the test."""
    tesseract.tessdata.cache_clear()
    tesseract.languages.cache_clear()
    yield monkeypatch
    tesseract.tessdata.cache_clear()
    tesseract.languages.cache_clear()


def test_the_language_data_is_found_where_tessdata_prefix_points(tmp_path, fresh_lookup):
    for name in ("eng", "deu", "osd"):
        (tmp_path / f"{name}.traineddata").write_bytes(b"model")
    (tmp_path / "notes.txt").write_text("not a model")
    fresh_lookup.setenv("TESSDATA_PREFIX", str(tmp_path))
    assert tesseract.tessdata() == tmp_path
    assert tesseract.languages() == {"eng", "deu", "osd"}


def test_without_language_data_ocr_is_reported_unavailable(tmp_path, fresh_lookup):
    fresh_lookup.setenv("TESSDATA_PREFIX", str(tmp_path))  # an empty folder
    fresh_lookup.setattr(tesseract, "TESSDATA_PLACES", ())
    fresh_lookup.setattr(tesseract, "VERSIONED_PLACE", tmp_path / "versions")
    assert tesseract.tessdata() is None
    assert tesseract.languages() is None
    assert ocr.available_languages() is None


class _Engine:
    """A stand-in for tesserocr's API: counts how often models are loaded and ended."""

    loaded: list[str] = []
    ended: list[str] = []

    def __init__(self, path, lang):
        self.lang = lang
        _Engine.loaded.append(lang)

    def End(self):  # noqa: N802 (tesserocr's names)
        _Engine.ended.append(self.lang)


def test_an_engine_is_loaded_once_per_language_set_and_the_oldest_is_ended(monkeypatch):
    import tesserocr

    monkeypatch.setattr(tesserocr, "PyTessBaseAPI", _Engine)
    monkeypatch.setattr(tesseract, "_engines", type(tesseract._engines)())
    _Engine.loaded, _Engine.ended = [], []
    for language_set in ("eng", "eng", "osd", "eng", "rus+kaz", "eng", "deu+eng"):
        assert tesseract.engine(language_set).lang == language_set
    # eng stayed loaded throughout (used most recently); osd was the oldest when deu came
    assert _Engine.loaded == ["eng", "osd", "rus+kaz", "deu+eng"]
    assert _Engine.ended == ["osd"]


class _StoppedEngine(_Engine):
    def SetPageSegMode(self, psm):  # noqa: N802 (tesserocr's names)
        pass

    def SetImage(self, image):  # noqa: N802 (tesserocr's names)
        pass

    def Recognize(self, timeout=0):  # noqa: N802 (tesserocr's names)
        self.timeout = timeout
        return False  # Tesseract's monitor stopped it

    def Clear(self):  # noqa: N802 (tesserocr's names)
        pass


def test_a_pass_that_runs_out_of_time_raises_ocr_timeout(monkeypatch):
    from PIL import Image

    engine = _StoppedEngine(None, "eng")
    monkeypatch.setattr(tesseract, "engine", lambda language_set: engine)
    with pytest.raises(tesseract.OcrTimeout):
        tesseract.read_words(Image.new("L", (10, 10), 255), "eng", psm=11, timeout=0.2)
    assert engine.timeout == 1000  # at least a second, in milliseconds


def test_what_tesseract_prints_on_standard_error_is_dropped(capfd):
    with tesseract._quiet():
        os.write(2, b"Error in boxClipToRectangle: box outside rectangle\n")
    os.write(2, b"the reader's own message\n")
    assert capfd.readouterr().err == "the reader's own message\n"


@needs_ocr
def test_a_blank_image_and_a_picture_without_words_give_no_words():
    from PIL import Image, ImageDraw

    blank = Image.new("L", (600, 300), 255)
    assert ocr.recognise(blank, "eng", 1.0, 10) == []
    assert blank.format == "BMP"  # handed over as a bitmap, not compressed to PNG
    picture = Image.new("L", (600, 300), 255)
    ImageDraw.Draw(picture).ellipse((50, 50, 250, 250), fill=0)  # a block Tesseract calls an image
    assert [w for w in ocr.recognise(picture, "eng", 1.0, 10) if len(w["text"]) > 2] == []


@needs_ocr
def test_words_come_in_page_points_with_their_line(tmp_path):
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1400, 300), 255)
    font = ImageFont.load_default(size=60)
    ImageDraw.Draw(image).text((100, 100), "Certificate Number 4821", fill=0, font=font)
    words = ocr.recognise(image, "eng", 2.0, 10, psm=6)
    assert [w["text"] for w in words] == ["Certificate", "Number", "4821"]
    assert len({w["line"] for w in words}) == 1
    assert all(45 <= w["x0"] and w["x1"] <= 650 and 45 <= w["top"] < w["bottom"] <= 90
               for w in words)
    assert all(w["conf"] > 60 for w in words)


@needs_ocr
def test_reading_the_pictures_of_two_certificates_loads_each_model_once(tmp_path, monkeypatch):
    """The models stay loaded between passes and between files (a worker serves many)."""
    import tesserocr

    real = tesserocr.PyTessBaseAPI
    loaded: list[str] = []

    def counting(*args, **kw):
        loaded.append(kw.get("lang", ""))
        return real(*args, **kw)

    monkeypatch.setattr(tesserocr, "PyTessBaseAPI", counting)
    monkeypatch.setattr(tesseract, "_engines", type(tesseract._engines)())
    passes: list[str] = []
    real_recognise = ocr.recognise

    def recording(image, languages, scale, timeout, **kw):
        passes.append(languages)
        return real_recognise(image, languages, scale, timeout, **kw)

    monkeypatch.setattr(hybrid, "recognise", recording)
    cert = replace(Cert(), mark=(), image_lines=("Accredited by UKAS", "Management Systems"))
    for name in ("one.pdf", "two.pdf"):
        extract_pdf(text_pdf(tmp_path / name, [cert]), limits=Limits())
    assert len(passes) >= 2  # each file's pictures were read
    assert loaded == ["eng"]
