"""Question mappings shared by the scoring tests."""
from __future__ import annotations


def yes_no(qid: str, weight: float, controls: list[str], **extra) -> dict:
    """Return a yes/no question mapping asking for a document."""
    return {"id": qid, "text": f"Question {qid}?", "guidance": "g", "type": "yes_no",
            "weight": weight, "controls": controls, "evidence": ["other"], **extra}


TRAINING_OPTIONS = [
    {"value": "never", "label": "Never", "score": 1.0},
    {"value": "opt-in", "label": "Only with our opt-in", "score": 1.0},
    {"value": "opt-out", "label": "Yes, unless we opt out", "score": 0.2},
    {"value": "by-default", "label": "Yes, by default", "score": 0.0},
]
