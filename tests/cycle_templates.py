"""Two versions of a small questionnaire: every kind of change issue 16 walks through.

v1 -> v2: Q-WORD reworded, Q-UNIT from hours to calendar days, Q-OPT loses the option
"A named executive", Q-MULTI loses "Legacy audit", Q-MAP mapped to one more control, Q-GONE
removed, Q-NEW added; Q-SAME unchanged.
"""
from __future__ import annotations

import copy

V1 = {
    "id": "cycles", "version": 1, "title": "Cycles",
    "sections": [{"id": "gov", "title": "Governance", "questions": [
        {"id": "Q-WORD", "text": "Do you have an AI policy?", "guidance": "Attach it.",
         "type": "yes_no", "weight": 2, "controls": ["A.2.2"]},
        {"id": "Q-UNIT", "text": "How fast do you notify incidents?", "guidance": "Contract value.",
         "type": "number", "unit": "hours"},
        {"id": "Q-OPT", "text": "Who owns AI risk?", "guidance": "g", "type": "single_choice",
         "controls": ["A.3.2"],
         "options": [{"value": "named-executive", "label": "A named executive", "score": 1.0},
                     {"value": "committee", "label": "A committee", "score": 0.8},
                     {"value": "nobody", "label": "Nobody yet", "score": 0.0}]},
        {"id": "Q-MULTI", "text": "Which reviews?", "guidance": "g", "type": "multiple_choice",
         "controls": ["A.6.2.4"],
         "options": [{"value": "bias", "label": "Bias testing", "score": 1.0},
                     {"value": "red-team", "label": "Red teaming", "score": 1.0},
                     {"value": "legacy", "label": "Legacy audit", "score": 0.5}]},
        {"id": "Q-GONE", "text": "Do you use model X?", "guidance": "g", "type": "text"},
        {"id": "Q-SAME", "text": "Name the AI lead.", "guidance": "g", "type": "text"},
        {"id": "Q-MAP", "text": "Do you log outputs?", "guidance": "g", "type": "yes_no",
         "controls": ["A.6.2.8"]},
    ]}],
}


def v2() -> dict:
    data = copy.deepcopy(V1)
    data["version"] = 2
    questions = {q["id"]: q for q in data["sections"][0]["questions"]}
    questions["Q-WORD"]["text"] = "Have you adopted a written AI policy approved by management?"
    questions["Q-UNIT"]["unit"] = "calendar days"
    questions["Q-OPT"]["options"] = questions["Q-OPT"]["options"][1:]
    questions["Q-OPT"]["options"][0]["score"] = 1.0
    questions["Q-MULTI"]["options"] = questions["Q-MULTI"]["options"][:2]
    questions["Q-MAP"]["controls"] = ["A.6.2.8", "A.6.2.6"]
    data["sections"][0]["questions"] = [q for q in data["sections"][0]["questions"]
                                        if q["id"] != "Q-GONE"]
    data["sections"][0]["questions"].append(
        {"id": "Q-NEW", "text": "Do you watermark outputs?", "guidance": "g", "type": "yes_no",
         "controls": ["A.6.2.8"]})
    return data
