"""What the evidence feature announces to the features built on it (blinker signals).

Higher layers subscribe in their `init_app`, inside the caller's transaction.
"""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# Evidence was linked to an answer, unlinked or reviewed: the answer's evidence level may have
# changed. Sender: the vendor id; keywords: reason (words for the score's history), actor.
evidence_changed = _signals.signal("evidence-changed")
