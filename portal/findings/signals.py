"""What the findings feature announces to the features built on it (blinker signals).

Higher layers subscribe in their `init_app`, inside the caller's transaction.
"""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# A finding was raised, re-graded, risk-accepted, closed or reopened: residual risk changes.
# Sender: the vendor id; keyword: reason (words for the score's history).
finding_changed = _signals.signal("finding-changed")
