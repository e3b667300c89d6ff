"""What the assessments feature announces to the features built on it (blinker signals).

Higher layers subscribe in their `init_app`; the sender is the `Assessment`, already changed,
inside the caller's transaction, so what a receiver adds commits or rolls back with it.
"""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# The vendor submitted or resubmitted it (status and submitted_at set): the API queues a webhook.
submitted = _signals.signal("assessment-submitted")
# A reviewer accepted it; keyword actor: scoring stores its score and syncs generated findings.
accepted = _signals.signal("assessment-accepted")
