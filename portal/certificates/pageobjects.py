"""A pdfplumber page that turns characters into objects faster, with the same result.

pdfplumber builds one dict per character (`Page.process_object`): it runs every attribute of
pdfminer's `LTChar` through a generic resolver and decodes the colour space's name again for each
character. On certificate PDFs that is about a quarter of reading a page. `LeanPage` builds the
same dict for characters directly: plain values (numbers, strings, booleans) are kept as they
are, anything else still goes through pdfplumber's resolver, and a colour space's decoded name is
remembered per page. Every other object (images, rectangles, curves, annotations) and a byte
font name are handed to pdfplumber unchanged. The tests
(`tests/unit/certificates/test_certificates_pageobjects.py`) check on PDFs of the kinds the
reader meets that the objects equal pdfplumber's own, as they did on the real corpus's files.
"""

from __future__ import annotations

from typing import Any

from pdfminer.layout import LTChar
from pdfplumber.page import ALL_ATTRS, Page, normalize_unicode
from pdfplumber.utils.pdfinternals import resolve_all, resolve_and_decode

__all__ = ["LeanPage", "lean"]

_PLAIN = frozenset({int, float, str, bool, type(None)})


class LeanPage(Page):
    """A pdfplumber `Page` whose characters become objects without the generic resolver."""

    _colour_spaces: dict[str, Any]

    def process_object(self, obj: Any) -> dict[str, Any]:
        if type(obj) is not LTChar or isinstance(obj.fontname, bytes):
            return super().process_object(obj)
        attr = {
            key: value if type(value) in _PLAIN else resolve_all(value)
            for key, value in obj.__dict__.items()
            if key in ALL_ATTRS
        }
        attr["object_type"] = "char"
        attr["page_number"] = self.page_number
        for space in ("ncs", "scs"):
            if hasattr(obj, space):
                attr[space] = self._colour_space(getattr(obj, space).name)
        text = obj.get_text()
        norm = self.pdf.unicode_norm
        attr["text"] = normalize_unicode(norm, text) if norm is not None else text
        state = obj.graphicstate
        attr["stroking_color"] = (
            state.scolor if isinstance(state.scolor, tuple) else (state.scolor,)
        )
        attr["non_stroking_color"] = (
            state.ncolor if isinstance(state.ncolor, tuple) else (state.ncolor,)
        )
        # pdfminer's coordinates are relative to the MediaBox (pdfplumber #1181)
        mb_x0, mb_top = self.mediabox[:2]
        attr["top"] = (self.height - attr["y1"]) + mb_top
        attr["bottom"] = (self.height - attr["y0"]) + mb_top
        attr["doctop"] = self.initial_doctop + attr["top"]
        if mb_x0 != 0:
            attr["x0"] = attr["x0"] + mb_x0
            attr["x1"] = attr["x1"] + mb_x0
        return attr

    def _colour_space(self, name: Any) -> Any:
        try:
            spaces = self._colour_spaces
        except AttributeError:
            spaces = self._colour_spaces = {}
        if not isinstance(name, str):  # an unusual name object: decode it each time
            return resolve_and_decode(name)
        if name not in spaces:
            spaces[name] = resolve_and_decode(name)
        return spaces[name]


def lean(page: Page) -> LeanPage:
    """Return the same page of the same PDF as a `LeanPage` (nothing read yet)."""
    return LeanPage(page.pdf, page.page_obj, page.page_number, page.initial_doctop)
