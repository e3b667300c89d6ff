"""Signals documents sends, so packages above it react or answer without being imported.

Receivers are connected in the subscribing package's ``init_app`` (see docs/architecture.md).
"""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

library_upload = _signals.signal("document-library-upload")
"""Sent by the document library page with the new, flushed Document and ``actor=``,
``settings=``; certificates reads and checks the ones uploaded as certificates."""

locked = _signals.signal("documents-locked")
"""Sent with a vendor id; each receiver returns the ids of that vendor's documents that can no
longer be removed (assessments: those its submitted or closed assessments use)."""


def locked_ids(vendor_id: int) -> set[int]:
    """Return the vendor's document ids that some receiver of ``locked`` holds on to."""
    ids: set[int] = set()
    for _receiver, held in locked.send(vendor_id):
        ids.update(held)
    return ids
