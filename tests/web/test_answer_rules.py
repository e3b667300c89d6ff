"""Answers the question bank's rules allow or refuse (informational facts, exclusive options)."""
from __future__ import annotations

import pytest

from portal.assessments.models import Answer
from portal.extensions import db


@pytest.fixture
def core(make_assessment, login, client):
    assessment = make_assessment(template_key="ai-supplier-core")
    login(client, assessment.recipients[0])
    return assessment


def _autosave(client, assessment, qid, value, comment=None):
    data = {"question": qid, f"v-{qid}": "0", f"q-{qid}": value}
    if comment is not None:
        data[f"c-{qid}"] = comment
    return client.post(f"/respond/{assessment.id}/autosave", data=data)


@pytest.mark.parametrize("value", ["own-model", "third-party-model", "mixed", "resold"])
def test_profile_fact_saves_without_a_justification(client, core, value):
    # CORE-PRO-02 is informational: its options are facts, never "not applicable".
    response = _autosave(client, core, "CORE-PRO-02", value)
    assert response.status_code == 200, response.get_json()
    answer = db.session.scalar(db.select(Answer).filter_by(assessment_id=core.id,
                                                           question_id="CORE-PRO-02"))
    assert answer.value == value


def test_none_of_these_cannot_be_ticked_with_other_options(client, core):
    refused = _autosave(client, core, "CORE-TEST-02", ["performance", "none"])
    assert refused.status_code == 422
    assert "cannot be ticked together" in refused.get_json()["errors"]["CORE-TEST-02"]
    assert _autosave(client, core, "CORE-TEST-02", ["none"]).status_code == 200


def test_not_applicable_on_a_scored_question_still_needs_a_reason(client, core):
    assert _autosave(client, core, "CORE-RESP-01", "not_applicable").status_code == 422
    assert _autosave(client, core, "CORE-RESP-01", "not_applicable",
                     "We build no AI ourselves.").status_code == 200
