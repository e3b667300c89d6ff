"""Signals questionnaires sends, so packages above it answer without being imported.

Receivers are connected in the subscribing package's ``init_app`` (see docs/architecture.md).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from blinker import Namespace

_signals = Namespace()

pinned_counts = _signals.signal("template-versions-pinned")
"""Sent with a list of template version ids; each receiver returns {version id: count} of the
records pinned to those versions (assessments answer with theirs)."""


def count_pinned(version_ids: Sequence[int]) -> dict[int, int]:
    """Add up what every receiver of pinned_counts reports for these versions."""
    total: Counter[int] = Counter()
    if version_ids:
        for _receiver, counts in pinned_counts.send(list(version_ids)):
            total.update(counts)
    return dict(total)
