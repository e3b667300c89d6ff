"""What the certificates feature announces to the features built on it (blinker signals).

Higher layers subscribe in their `init_app`, inside the caller's transaction.
"""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# A vendor's certificate was checked, accepted, rejected or expired: what lifts its score may
# have changed. Sender: the vendor id; keywords: reason (words for the score's history), actor.
certificates_changed = _signals.signal("certificates-changed")
