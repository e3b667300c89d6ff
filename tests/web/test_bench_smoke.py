"""The benchmark helpers import and the seed generator works at tiny scale (nothing is timed)."""
from __future__ import annotations

import importlib

import pytest
import sqlalchemy as sa

from bench import common, seed


@pytest.mark.parametrize("name", ["common", "seed", "questionnaire_page", "autosave",
                                  "dashboard", "scoring", "loadtest", "scoring_scenario",
                                  "scoring_sensitivity"])
def test_bench_modules_import_and_document_themselves(name):
    module = importlib.import_module(f"bench.{name}")
    assert module.__doc__
    if name != "common":
        assert f"python bench/{name}.py" in module.__doc__


def test_seed_fills_a_fresh_sqlite_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'seed.db'}"
    result = seed.seed(url, vendors=6, assessments=15, answers=120, quiet=True)

    engine = sa.create_engine(url)
    with engine.connect() as conn:
        def count(table: str) -> int:
            return conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()

        assert count("vendors") == 6
        assert count("assessments") == 15
        assert count("answers") == result["answers"] > 0
        assert count("answer_revisions") == result["answers"]
        assert count("template_versions") >= 4  # synced from disk
        contacts = conn.execute(sa.text(
            "SELECT count(*) FROM users WHERE role = 'vendor'")).scalar_one()
        assert contacts == 6
        # Every answer belongs to a non-draft assessment and to a question of its template.
        drafts = conn.execute(sa.text(
            "SELECT count(*) FROM answers JOIN assessments ON assessments.id = "
            "answers.assessment_id WHERE assessments.status = 'draft'")).scalar_one()
        assert drafts == 0
    engine.dispose()
    with pytest.raises(RuntimeError, match="--reset"):
        seed.seed(url, vendors=1, assessments=1, answers=0, quiet=True)


def test_bench_accounts_and_acknowledged_saves_are_verified(tmp_path):
    url = f"sqlite:///{tmp_path / 'accounts.db'}"
    app = common.make_app(url)
    common.migrate(app)
    from portal.extensions import db
    from portal.questionnaires.templates import load_pinned, sync_templates_from_disk

    with app.app_context():
        version = sync_templates_from_disk()["ai-supplier-lite"]
        db.session.commit()
        version_id, template = version.id, load_pinned(version)
    accounts = seed.add_bench_vendors(app, 2, version_id, answered=3)
    assert len({a["email"] for a in accounts}) == 2

    questions = [q for q in template.questions() if q.type != "file"][:3]
    from portal.assessments.models import Answer

    with app.app_context():
        stored = db.session.scalars(sa.select(Answer).where(
            Answer.assessment_id == accounts[0]["assessment_id"])).all()
        acks = [common.Ack(a.assessment_id, a.question_id, a.version, a.value, a.comment)
                for a in stored]
    assert {a.question_id for a in acks} == {q.id for q in questions}
    report = common.verify_acks(app, acks)
    assert report["missing"] == report["mismatched"] == report["final_value_wrong"] == 0
    wrong = [common.Ack(acks[0].assessment_id, acks[0].question_id, 99, "x", None)]
    assert common.verify_acks(app, wrong)["missing"] == 1


def test_allocate_answers_respects_capacity_and_target():
    assert seed.allocate_answers([10, 0, 5], 9) == [6, 0, 3]
    assert seed.allocate_answers([10, 0, 5], 100) == [10, 0, 5]
    assert sum(seed.allocate_answers([7, 3, 9, 1], 13)) == 13


def test_answer_fields_match_what_the_portal_stores():
    from portal.questionnaires.bank import YES_NO_OPTIONS, Question

    question = Question(id="Q-1", section_id="s", text="?", guidance="", type="yes_no",
                        required=True, weight=1.0, critical=False, controls=(), evidence=(),
                        options=YES_NO_OPTIONS, show_if=None, critical_if=())
    fields = common.answer_fields(question, "not_applicable", "Does not apply", 3)
    assert fields == [("question", "Q-1"), ("v-Q-1", "3"), ("q-Q-1", "not_applicable"),
                      ("c-Q-1", "Does not apply")]
    assert common.stored_form(question, "not_applicable", " Does not apply ") == (
        "not_applicable", "Does not apply")


def test_bare_baseline_page_has_the_hundred_questions():
    from bench.questionnaire_page import bare_app

    response = bare_app().test_client().get("/bare")
    assert response.status_code == 200
    assert response.data.count(b'<article class="question"') == 100


def test_helpers_summarise_and_format():
    assert common.percentile([1, 2, 3, 4], 50) == 2.5
    assert common.percentile([], 95) is None
    summary = common.latency_summary([0.010, 0.020, 0.030])
    assert summary["count"] == 3 and summary["p50_ms"] == 20.0
    text = common.table(["a", "b"], [("x", 1.5), ("yy", 2)])
    assert text.splitlines()[0].startswith("a")
    assert common.CSRF_RE.search('<input type="hidden" name="csrf_token" value="abc">')
