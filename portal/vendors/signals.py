"""What the vendors feature announces to, and asks of, the features built on it (blinker signals).

Higher layers subscribe in their `init_app` (see docs/architecture.md). For the announcements
the sender is the changed `Vendor`, already flushed, inside the caller's transaction; the
questions return each receiver's answer, added up by the helpers below.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from blinker import Namespace

if TYPE_CHECKING:
    from portal.vendors.models import Vendor

_signals = Namespace()

# The vendor's legal name or aliases changed: what a certificate's organisation is compared to.
names_changed = _signals.signal("vendor-names-changed")
# A product was added, renamed or removed: what a certificate's scope is compared to.
products_changed = _signals.signal("vendor-products-changed")

# Sent with a list of vendor ids; each receiver returns {vendor id: open assessments}.
open_assessment_counts = _signals.signal("vendor-open-assessment-counts")
# Sent with a Vendor; each receiver returns its assessments, newest first, with what the
# vendor's Assessments tab shows loaded.
assessments_of = _signals.signal("vendor-assessments")


def count_open_assessments(vendor_ids: Sequence[int]) -> dict[int, int]:
    """Add up the open assessments every receiver reports for these vendors."""
    total: Counter[int] = Counter()
    if vendor_ids:
        for _receiver, counts in open_assessment_counts.send(list(vendor_ids)):
            total.update(counts)
    return dict(total)


def vendor_assessments(vendor: Vendor) -> list[Any]:
    """Return the vendor's assessments as the receivers of assessments_of list them."""
    found: list[Any] = []
    for _receiver, assessments in assessments_of.send(vendor):
        found.extend(assessments)
    return found
