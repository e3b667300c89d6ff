"""CISO Assistant libraries, both question formats, on small libraries written for these tests
(the real ones are tried from their original files: docs/questionnaire-format.md)."""
from __future__ import annotations

import pytest
import yaml

from portal.questionnaires.bank import (
    TemplateError,
    is_visible,
    load_catalogue,
    parse_template,
)
from portal.questionnaires.ciso_assistant import from_library, looks_like_library, read_library
from portal.questionnaires.drafts import ImportFailed, summarise

URN = "urn:example:risk:req_node:supplier-check"

# The current format: a `questions` mapping per node, choices with urns, depends_on.
SUPPLIER_CHECK = f"""
urn: urn:example:risk:library:supplier-check
locale: en
ref_id: supplier-check
name: Supplier check
version: 3
provider: Example
copyright: Written for the portal's tests
objects:
  framework:
    urn: urn:example:risk:framework:supplier-check
    ref_id: supplier-check
    name: Supplier check (test library)
    requirement_nodes:
      - urn: {URN}:1
        assessable: false
        depth: 1
        ref_id: '1'
        name: Governance
        description: Who decides.
      - urn: {URN}:1.1
        assessable: false
        depth: 2
        parent_urn: {URN}:1
        name: Policies
      - urn: {URN}:1.1.1
        assessable: true
        depth: 3
        parent_urn: {URN}:1.1
        ref_id: 1.1.1
        description: A written supplier policy.
        typical_evidence: The policy document.
        implementation_groups: [basic]
        questions:
          {URN}:1.1.1:question:1:
            type: unique_choice
            text: Do you have a supplier policy?
            choices:
              - {{urn: "{URN}:1.1.1:question:1:choice:1", value: "Yes"}}
              - {{urn: "{URN}:1.1.1:question:1:choice:2", value: "No"}}
              - {{urn: "{URN}:1.1.1:question:1:choice:3", value: Alternate}}
              - {{urn: "{URN}:1.1.1:question:1:choice:4", value: N/A}}
          {URN}:1.1.1:question:2:
            type: text
            text: Who approves it?
            depends_on:
              question: {URN}:1.1.1:question:1
              answers: ["{URN}:1.1.1:question:1:choice:1", "{URN}:1.1.1:question:1:choice:3"]
              condition: any
      - urn: {URN}:1.1.1.1
        assessable: true
        depth: 4
        parent_urn: {URN}:1.1.1
        ref_id: 1.1.1.1
        questions:
          {URN}:1.1.1.1:question:1:
            type: date
            text: When was it last reviewed?
      - urn: {URN}:note
        assessable: false
        depth: 2
        parent_urn: {URN}:1
        description: Answer for the whole group.
      - urn: {URN}:2
        assessable: false
        depth: 1
        ref_id: '2'
        name: Operations
      - urn: {URN}:2.1
        assessable: true
        depth: 2
        parent_urn: {URN}:2
        ref_id: '2.1'
        questions:
          {URN}:2.1:question:1:
            type: unique_choice
            text: How mature is your monitoring?
            choices:
              - {{urn: "{URN}:2.1:question:1:choice:1", value: Full, add_score: 20,
                  compute_result: compliant}}
              - {{urn: "{URN}:2.1:question:1:choice:2", value: Some, add_score: 10,
                  compute_result: partially_compliant}}
              - {{urn: "{URN}:2.1:question:1:choice:3", value: None yet, add_score: 0,
                  compute_result: non_compliant}}
      - urn: {URN}:3
        assessable: false
        depth: 1
        name: Empty heading
"""

# The older format (as CISA's SCRM library was first published) and a score scale.
MATURITY = """
urn: urn:example:risk:library:iso42001-mini
ref_id: iso42001-mini
name: Mini ISO/IEC 42001 outline
version: 1
objects:
  framework:
    urn: urn:example:risk:framework:iso42001-mini
    ref_id: iso42001-mini
    name: Mini outline
    min_score: 0
    max_score: 3
    scores_definition:
      - {score: 0, name: Absent}
      - {score: 1, name: Started}
      - {score: 2, name: Working}
      - {score: 3, name: Proven}
    requirement_nodes:
      - {urn: "m:a10", assessable: false, depth: 1, ref_id: A.10, name: Third parties}
      - {urn: "m:a10.3", assessable: true, depth: 2, parent_urn: "m:a10", ref_id: A.10.3,
         name: Suppliers, description: Manage AI suppliers.}
      - {urn: "m:7", assessable: false, depth: 1, ref_id: '7', name: Support}
      - {urn: "m:7.5.1", assessable: true, depth: 2, parent_urn: "m:7", ref_id: 7.5.1,
         name: Documented information in general}
      - urn: "m:old"
        assessable: true
        depth: 2
        parent_urn: "m:7"
        ref_id: '7.4'
        question:
          question_type: unique_choice
          question_choices: ['Yes', 'No', 'N/A']
          questions:
            - {urn: "m:old:question:1", text: Is the old form read?}
"""


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def _import(text: str, catalogue, **kw):
    library = read_library(text.encode())
    draft = from_library(library, known_controls={c.id for c in catalogue.controls}, **kw)
    return draft, parse_template(draft.data, source="lib.yaml", catalogue=catalogue)


def test_unknown_answer_labels_leave_the_question_unscored(catalogue):
    draft, template = _import(SUPPLIER_CHECK, catalogue, default_controls=("A.10.3",))
    policy = template.question("1.1.1-1")
    assert (policy.type, policy.weight) == ("single_choice", 0)
    assert any("'Alternate'" in w for w in draft.warnings)


def test_a_library_imports_with_structure_conditions_and_scores(catalogue):
    draft, template = _import(SUPPLIER_CHECK, catalogue, choice_scores={"Alternate": 0.5},
                              default_controls=("A.10.3",), prefix="SC")
    assert (template.key, template.version) == ("supplier-check", 3)
    assert "provider: Example" in template.description
    assert [(s.id, s.parent_id, s.title) for s in template.sections] == [
        ("1", None, "1 Governance"), ("policies", "1", "Policies"),
        ("2", None, "2 Operations")]
    assert template.section("1").description == "Who decides. Answer for the whole group."
    assert [q.id for q in template.questions()] == ["SC-1.1.1-1", "SC-1.1.1-2", "SC-1.1.1.1",
                                                    "SC-2.1"]
    policy = template.question("SC-1.1.1-1")
    assert [(o.value, o.score) for o in policy.options] == [
        ("yes", 1.0), ("no", 0.0), ("alternate", 0.5), ("not_applicable", None)]
    assert (policy.weight, policy.controls) == (1.0, ("A.10.3",))
    assert policy.guidance == "A written supplier policy. Typical evidence: The policy document."
    follow_up = template.question("SC-1.1.1-2")
    assert (follow_up.type, follow_up.required, follow_up.weight) == ("text", False, 0.0)
    assert follow_up.show_if.expression == {"question": "SC-1.1.1-1",
                                            "any_of": ["yes", "alternate"]}
    assert is_visible(follow_up, {"SC-1.1.1-1": "alternate"})
    assert not is_visible(follow_up, {"SC-1.1.1-1": "no"})
    maturity = template.question("SC-2.1")
    assert [o.score for o in maturity.options] == [1.0, 0.5, 0.0]  # add_score 20/10/0
    summary = summarise(template, draft.warnings, draft.source_format)
    assert (summary.sections, summary.max_depth, summary.questions, summary.scored,
            summary.conditional) == (3, 2, 4, 2, 1)
    warnings = " | ".join(draft.warnings)
    assert "1 heading(s) without any question left out" in warnings
    assert "implementation groups (1 node(s)) are not imported" in warnings


def test_scored_questions_without_a_control_are_refused(catalogue):
    library = read_library(SUPPLIER_CHECK.encode())
    draft = from_library(library, choice_scores={"Alternate": 0.5})
    assert any("2 scored question(s) map to no ISO/IEC 42001 control" in w
               for w in draft.warnings)
    with pytest.raises(TemplateError) as info:
        parse_template(draft.data, source="lib.yaml", catalogue=catalogue)
    assert sorted(p.question_id for p in info.value.problems) == ["1.1.1-1", "2.1"]
    assert all("ISO/IEC 42001" in p.message for p in info.value.problems)


def test_a_score_scale_and_the_older_question_form(catalogue):
    draft, template = _import(MATURITY, catalogue)
    suppliers = template.question("A.10.3")
    assert suppliers.text == "How far is this in place: A.10.3 Suppliers?"
    assert [(o.label, round(o.score, 3)) for o in suppliers.options] == [
        ("0: Absent", 0.0), ("1: Started", 0.333), ("2: Working", 0.667), ("3: Proven", 1.0)]
    assert suppliers.controls == ("A.10.3",)  # an ISO/IEC 42001 library maps by reference
    assert template.question("7.5.1").controls == ("7.5",)  # the nearest catalogue clause
    old = template.question("7.4")
    assert [(o.value, o.score) for o in old.options] == [
        ("yes", 1.0), ("no", 0.0), ("not_applicable", None)]
    assert (old.text, old.controls) == ("Is the old form read?", ("7.4",))
    assert any("mapped to the nearest catalogue clause" in w for w in draft.warnings)


def test_not_a_library(catalogue):
    assert not looks_like_library({"id": "x", "sections": []})
    with pytest.raises(ImportFailed, match="not a CISO Assistant library"):
        read_library(b"id: x\nsections: []\n")
    with pytest.raises(ImportFailed, match="UTF-8 YAML"):
        read_library(b"urn: [unclosed")
    risk_matrix = yaml.safe_dump({"urn": "u", "objects": {"risk_matrix": [{}]}})
    with pytest.raises(ImportFailed, match="no framework"):
        from_library(read_library(risk_matrix.encode()))
