"""What the vendors feature announces to the features built on it (blinker signals).

Higher layers subscribe in their `init_app`; the sender is the changed `Vendor`, already
flushed, inside the caller's transaction.
"""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# The vendor's legal name or aliases changed: what a certificate's organisation is compared to.
names_changed = _signals.signal("vendor-names-changed")
# A product was added, renamed or removed: what a certificate's scope is compared to.
products_changed = _signals.signal("vendor-products-changed")
