"""A decoded-size budget enforced while pdfminer decodes streams (issue 13). Pure.

The byte-level pre-check (pdfchecks.py) inflates every stream before parsing, but a filter
chain it cannot follow (ASCIIHex then Flate, say) still reaches the parser. pdfminer resolves
each stream's filters on the parsed object graph (indirect `/Filter 6 0 R`, escaped names such
as `/Fl#61teDecode`) and then calls zlib; the zlib it sees is this one, which stops a stream
at `max_stream_bytes` and a document at `max_total_stream_bytes` of decoded data, instead of
letting it expand until the memory or CPU limit ends the reader.
"""
from __future__ import annotations

import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from portal.certificates.results import Limits

_CHUNK = 1 << 20


class DecodeBudgetExceeded(Exception):
    """A stream, or the document's streams together, decoded to more than the limits allow."""


_state = threading.local()


def _spend(size: int) -> None:
    per_stream, left = getattr(_state, "budget", (Limits().max_stream_bytes,
                                                  Limits().max_total_stream_bytes))
    if size > per_stream:
        raise DecodeBudgetExceeded(f"A stream decodes to more than {per_stream // 1048576} MiB.")
    if size > left:
        raise DecodeBudgetExceeded("The streams together decode to more than the limit.")
    _state.budget = (per_stream, left - size)


class _Decompressor:
    """zlib.decompressobj() that counts what it produces against the budget."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._inner = zlib.decompressobj(*args, **kwargs)
        self._produced = 0

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        out = self._inner.decompress(data, max_length) if max_length else \
            self._bounded(data)
        self._produced += len(out)
        _spend(len(out))
        return out

    def _bounded(self, data: bytes) -> bytes:
        per_stream = getattr(_state, "budget", (Limits().max_stream_bytes, 0))[0]
        out = self._inner.decompress(data, per_stream + 1)
        if self._inner.unconsumed_tail:
            raise DecodeBudgetExceeded(
                f"A stream decodes to more than {per_stream // 1048576} MiB.")
        return out

    def flush(self, *args: Any) -> bytes:
        out = self._inner.flush(*args)
        _spend(len(out))
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class BudgetedZlib:
    """Stands in for the zlib module inside pdfminer.pdftypes."""

    error = zlib.error
    MAX_WBITS = zlib.MAX_WBITS

    @staticmethod
    def decompressobj(*args: Any, **kwargs: Any) -> _Decompressor:
        return _Decompressor(*args, **kwargs)

    @staticmethod
    def decompress(data: bytes, *args: Any) -> bytes:
        decompressor = _Decompressor(*args[:1])
        out = decompressor.decompress(data)
        if not decompressor.eof:
            raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


def install() -> None:
    """Make pdfminer decode through the budgeted zlib (idempotent)."""
    from pdfminer import pdftypes

    if not isinstance(pdftypes.zlib, BudgetedZlib):
        pdftypes.zlib = BudgetedZlib()  # type: ignore[assignment]


@contextmanager
def budget(limits: Limits) -> Iterator[None]:
    """Give this thread a fresh decoding budget for one document."""
    install()
    previous = getattr(_state, "budget", None)
    _state.budget = (limits.max_stream_bytes, limits.max_total_stream_bytes)
    try:
        yield
    finally:
        if previous is None:
            del _state.budget
        else:
            _state.budget = previous
