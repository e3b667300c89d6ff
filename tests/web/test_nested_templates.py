"""A template with nested sections and combined conditions, through the vendor form, the review
page, the API, the offline workbook and the scoring engine."""
from __future__ import annotations

import io
from datetime import date

import openpyxl

from portal.assessments.models import Answer
from portal.extensions import db
from portal.questionnaires.bank import load_catalogue, parse_template
from portal.questionnaires.templates import store_template
from portal.scoring import AnswerInput, load_method, score_assessment
from tests.unit.questionnaires.test_qbank_structure import nested


def _nested_assessment(make_assessment, make_vendor):
    template = parse_template(nested(), source="nested.yaml", catalogue=load_catalogue())
    version = store_template(template, source="test")
    db.session.commit()
    assessment = make_assessment(make_vendor())
    assessment.template_version = version
    db.session.commit()
    return assessment, template


def _answer(assessment, user, **values):
    for qid, value in values.items():
        db.session.add(Answer(assessment_id=assessment.id, question_id=qid.replace("_", "-"),
                              value=value, updated_by_id=user.id))
    db.session.commit()


def test_vendor_form_numbers_nested_sections_and_skips_a_section(
        client, login, make_assessment, make_vendor):
    assessment, _ = _nested_assessment(make_assessment, make_vendor)
    contact = assessment.recipients[0]
    _answer(assessment, contact, P_1="no")
    login(client, contact)
    html = client.get(f"/respond/{assessment.id}?section=governance").get_data(as_text=True)
    assert "2.1.1. Reviews" in html and 'class="depth-2"' in html
    assert 'class="subsection-list"' in html  # a heading-only section links to its children
    html = client.get(f"/respond/{assessment.id}?section=policy-reviews").get_data(as_text=True)
    assert "Governance / Policies" in html
    html = client.get(f"/respond/{assessment.id}?section=training").get_data(as_text=True)
    assert "this section is not needed (it applies when P-1 is Yes or Partially)" in html
    assert "(not needed)" in html


def test_api_lists_combined_and_section_conditions(client, make_assessment, make_vendor,
                                                   api_headers):
    assessment, _ = _nested_assessment(make_assessment, make_vendor)
    contact = assessment.recipients[0]
    _answer(assessment, contact, P_1="no", P_2="cloud", G_1="yes")
    reply = client.get(f"/api/v1/assessments/{assessment.id}/answers",
                       headers=api_headers(contact))
    assert reply.status_code == 200, reply.get_json()
    rows = {r["question_id"]: r for r in reply.get_json()["data"]}
    assert rows["T-1"]["show_if"] == {"all": [
        {"question_id": "P-1", "any_of": ["yes", "partial"]},
        {"all": [{"question_id": "P-2", "any_of": ["cloud"]},
                 {"question_id": "G-1", "any_of": ["yes"]}]}]}
    assert rows["G-3"]["show_if"] == {"not": {"question_id": "G-1", "any_of": ["no"]}}
    assert (rows["T-2"]["visible"], rows["T-2"]["required"]) == (False, False)
    assert rows["G-2"]["visible"] is True  # any: P-1 is no
    refused = client.put(f"/api/v1/assessments/{assessment.id}/answers/T-2",
                         json={"value": "We label in house.", "version": 0},
                         headers=api_headers(contact))
    assert refused.status_code == 409
    assert "shown only when P-1 is yes or partial" in refused.get_json()["detail"]


def test_review_page_and_workbook_carry_the_structure(client, login, make_assessment,
                                                      make_vendor, make_user):
    assessment, _ = _nested_assessment(make_assessment, make_vendor)
    staff = make_user("procurement")
    login(client, staff)
    reply = client.get(f"/assessments/{assessment.id}/review?section=policy-reviews")
    assert reply.status_code == 200
    html = reply.get_data(as_text=True)
    assert "2.1.1. Reviews" in html and 'class="depth-2"' in html
    assert '<p class="small muted section-path">Governance / Policies</p>' in html
    reply = client.get(f"/assessments/{assessment.id}/workbook")
    assert reply.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(reply.data))["Answers"]
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    assert ws.cell(rows["G-3"], 2).value == "Governance / Policies / Reviews"
    assert ws.cell(rows["T-1"], 4).value.endswith(
        "Answer only if P-1 is Yes or Partially, and (P-2 is Cloud, and G-1 is Yes).")


def test_scoring_leaves_out_a_skipped_section(app):
    catalogue = load_catalogue()
    template = parse_template(nested(), source="nested.yaml", catalogue=catalogue)
    method = load_method(version="v1", catalogue=catalogue)
    answers = {"P-1": "no", "P-2": "cloud", "G-1": "yes", "G-3": "yes", "T-1": "no"}
    result = score_assessment(
        template, {k: AnswerInput(k, v) for k, v in answers.items()}, inherent_tier="medium",
        method=method, catalogue=catalogue, as_of=date(2026, 1, 1))
    assert result.question("T-1").status == "hidden"
    assert "P-1 is yes or partial" in result.question("T-1").reason
    assert [q.question_id for q in result.control("A.10.3").questions] == ["G-1", "G-3"]
