"""What one feature announces and another reacts to, so that lower layers never import higher ones.

A feature sends a signal inside the caller's transaction; the features that care connect a
receiver in their `init_app`, which the app factory calls. Receivers run at once, in the same
session, so whatever they add (a queued job, a webhook delivery) commits or rolls back with the
change that caused it. Each signal has one receiver today: none may rely on running before
another (blinker does not promise an order).
"""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

assessment_submitted = _signals.signal("assessment-submitted", doc="""\
A vendor submitted or resubmitted an assessment. Sender: the Assessment (its status and
submitted_at are already set). The API subscribes to queue the assessment.submitted webhook.""")

assessment_accepted = _signals.signal("assessment-accepted", doc="""\
A reviewer accepted an assessment. Sender: the Assessment; keyword: actor (the reviewer).
Scoring subscribes to store the assessment's score and keep generated findings in step.""")

score_inputs_changed = _signals.signal("score-inputs-changed", doc="""\
Something a vendor's score reads changed (a certificate decided or expired, evidence linked or
reviewed). Sender: the vendor id; keywords: reason (words for the score's history), actor (the
user, or None). Scoring subscribes to queue a re-score once the transaction commits.""")

finding_changed = _signals.signal("finding-changed", doc="""\
A finding was raised, re-rated, risk-accepted, closed or reopened. Sender: the vendor id;
keyword: reason. Scoring subscribes to update residual risk on the current score at once and
queue a re-score.""")
