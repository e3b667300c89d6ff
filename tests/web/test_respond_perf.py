"""The questionnaire page at benchmark size: a constant, small number of queries, and the
markup portal/respond/page.py writes (escaping, state). Speed itself is measured in bench/."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from bench.questionnaire_page import SECTION, bench_template_dict
from portal.assessments.models import Answer, CommentKind, ReviewComment
from portal.extensions import db
from portal.questionnaires.bank import template_from_dict
from portal.questionnaires.templates import load_pinned, store_template
from portal.respond import routes as respond_routes

PAYLOAD = "<script>alert(1)</script>\"'><img src=x onerror=alert(1)>{{7*7}}"
PAGE_QUERIES = 4  # the user with their vendor; the assessment with its version; the answers;
# the evidence panel (links and library in one query)


@pytest.fixture
def bench_assessment(make_assessment, make_vendor):
    """A sent assessment on the benchmark's 100-question template, and its vendor contact."""
    version = store_template(template_from_dict(bench_template_dict()), source="test")
    db.session.commit()
    assessment = make_assessment(make_vendor())
    assessment.template_version = version
    db.session.commit()
    return assessment, assessment.recipients[0]


def _answer(assessment, contact, count: int, *, comments: bool = False) -> None:
    template = load_pinned(assessment.template_version)
    for question in template.section(SECTION).questions[:count]:
        value = question.options[0].value if question.options else "An answer."
        if question.type == "multiple_choice":
            value = [value]
        elif question.type == "number":
            value = 7
        elif question.type == "date":
            value = "2027-01-31"
        answer = Answer(assessment_id=assessment.id, question_id=question.id, value=value,
                        comment="Why.", updated_by_id=contact.id)
        db.session.add(answer)
        if comments:
            db.session.flush()
            db.session.add(ReviewComment(answer_id=answer.id, author_id=contact.id,
                                         kind=CommentKind.ACCEPTANCE, body="Fine."))
    db.session.commit()


def test_question_page_queries_stay_constant_and_few(client, login, bench_assessment,
                                                     count_queries):
    assessment, contact = bench_assessment
    login(client, contact)
    url = f"/respond/{assessment.id}?section={SECTION}"
    assert client.get(url).status_code == 200  # warms the per-version caches
    counts = []
    for answered, comments in ((0, False), (50, False), (100, True)):
        db.session.execute(sa.delete(Answer))
        db.session.commit()
        _answer(assessment, contact, answered, comments=comments)
        with count_queries() as seen:
            response = client.get(url)
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert html.count('<article class="question') == 100
        assert html.count(" checked>") >= answered // 2
        counts.append(len(seen))
    assert counts == [PAGE_QUERIES] * 3, counts


def test_static_parts_are_built_once_per_template_version(client, login, bench_assessment,
                                                          monkeypatch):
    assessment, contact = bench_assessment
    login(client, contact)
    built = []
    original = respond_routes.page.question_parts

    def counting(*args, **kwargs):
        built.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(respond_routes, "_PARTS", {})
    monkeypatch.setattr(respond_routes.page, "question_parts", counting)
    for section in (SECTION, "other", SECTION):
        assert client.get(f"/respond/{assessment.id}?section={section}").status_code == 200
    assert len(built) == 1


def _hostile_template() -> dict:
    raw = bench_template_dict(questions=2)
    raw.update(id="hostile", title="Hostile")
    first, second = raw["sections"][0]["questions"]
    first.update(type="single_choice", weight=2.0, text=PAYLOAD, guidance=PAYLOAD,
                 options=[{"value": "a", "label": PAYLOAD, "score": 1.0},
                          {"value": "na", "label": "Not applicable", "score": None}])
    second.update(type="text", text="Say more", show_if={"question": first["id"],
                                                         "any_of": ["a"]})
    second.pop("options", None)
    return raw


def test_question_markup_escapes_and_keeps_state(client, login, make_assessment, make_vendor):
    version = store_template(template_from_dict(_hostile_template()), source="test")
    db.session.commit()
    assessment = make_assessment(make_vendor())
    assessment.template_version = version
    db.session.commit()
    contact = assessment.recipients[0]
    template = load_pinned(version)
    first, second = template.section(SECTION).questions
    db.session.add(Answer(assessment_id=assessment.id, question_id=second.id, value=PAYLOAD,
                          comment=PAYLOAD, updated_by_id=contact.id))
    db.session.commit()
    login(client, contact)

    html = client.get(f"/respond/{assessment.id}?section={SECTION}").get_data(as_text=True)

    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 6  # text, guidance, label,
    # the answer and its comment, and the question's title in the evidence panel
    # The follow-up is hidden until the first question is answered "a"; nothing is checked.
    assert re.search(
        rf'id="q-{second.id}"[^>]*data-visible-when="[^"]*&#34;any_of&#34;[^>]* hidden>', html)
    assert " checked>" not in html
    assert f'name="v-{second.id}" value="1" data-version>' in html
    assert f'name="v-{first.id}" value="0" data-version>' in html
    assert "(required if not applicable)" in html
