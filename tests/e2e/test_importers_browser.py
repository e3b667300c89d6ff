"""In Chromium, on a laptop and a phone: a spreadsheet imported through the column-mapping
preview, and a vendor answering a template with nested sections and a section condition."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Assessment
from portal.auth.models import User
from portal.demo.seed import load_demo_data
from portal.extensions import db
from portal.questionnaires.bank import load_catalogue, parse_template
from portal.questionnaires.models import TemplateVersion
from portal.questionnaires.templates import store_template
from tests.e2e.browsing import look, sign_in
from tests.unit.questionnaires.test_import_spreadsheet import ROWS, _csv
from tests.unit.questionnaires.test_qbank_structure import nested

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("size", ["laptop", "phone"])
def test_spreadsheet_import_with_column_mapping(live_app, live_server, new_page, tmp_path,
                                                size):
    with live_app.app_context():
        load_demo_data()
        db.session.commit()
        db.session.remove()
    sheet = tmp_path / "supplier_sheet.csv"
    sheet.write_bytes(_csv(ROWS))
    page = new_page(size)
    sign_in(page, live_server, "admin@demo.example")
    page.goto(f"{live_server}/questionnaires/import")
    look(page, "import-upload")
    page.get_by_label("Questionnaire file").set_input_files(str(sheet))
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_load_state()
    assert "Read as: spreadsheet" in page.content()
    # Scored rows need an ISO/IEC 42001 control: the preview lists the problem.
    assert page.get_by_role("alert").first.is_visible()
    look(page, "import-preview-problems")
    page.get_by_label("Default ISO/IEC 42001 control").fill("A.10.3")
    page.get_by_label("Subsection").select_option("")  # keep operations in one section
    page.get_by_role("button", name="Update the preview").click()
    page.wait_for_load_state()
    look(page, "import-preview-valid")
    page.get_by_role("button", name="Import 6 questions").click()
    page.wait_for_load_state()
    assert "Imported supplier-sheet version 1 (6 questions)." in page.content()
    look(page, "import-imported-detail")
    with live_app.app_context():
        stored = db.session.scalar(sa.select(TemplateVersion).filter_by(key="supplier-sheet"))
        titles = [s["title"] for s in stored.content["sections"]]
    assert titles == ["Governance", "Operations"]


@pytest.mark.parametrize("size", ["laptop", "phone"])
def test_vendor_answers_nested_sections(live_app, live_server, new_page, size):
    with live_app.app_context():
        load_demo_data()
        vendor_user = db.session.scalar(sa.select(User).filter_by(email="alex@nimbus.example"))
        template = parse_template(nested(), source="nested.yaml", catalogue=load_catalogue())
        assessment = Assessment(vendor_id=vendor_user.vendor_id,
                                template_version=store_template(template, source="test"),
                                title="Nested sections", status=AssessmentStatus.SENT,
                                due_date=date.today() + timedelta(days=30))
        assessment.recipients.append(vendor_user)
        db.session.add(assessment)
        db.session.commit()
        assessment_id = assessment.id
        db.session.remove()
    page = new_page(size)
    sign_in(page, live_server, "alex@nimbus.example")
    page.goto(f"{live_server}/respond/{assessment_id}?section=profile")
    page.get_by_role("group", name="Do you train models?").get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    look(page, "nested-profile")
    page.goto(f"{live_server}/respond/{assessment_id}?section=governance")
    look(page, "nested-heading-only")
    page.get_by_role("link", name="2.1. Policies").last.click()
    page.wait_for_load_state()
    assert page.get_by_text("Question G-2?").is_visible()  # any: P-1 is No
    page.goto(f"{live_server}/respond/{assessment_id}?section=training")
    assert page.get_by_text("this section is not needed").is_visible()
    assert not page.get_by_text("Question T-2?").is_visible()
    look(page, "nested-skipped-section")


@pytest.mark.parametrize("size", ["laptop", "phone"])
def test_reviewer_sees_nested_sections(live_app, live_server, new_page, size):
    with live_app.app_context():
        load_demo_data()
        vendor_user = db.session.scalar(sa.select(User).filter_by(email="alex@nimbus.example"))
        template = parse_template(nested(), source="nested.yaml", catalogue=load_catalogue())
        assessment = Assessment(vendor_id=vendor_user.vendor_id,
                                template_version=store_template(template, source="test"),
                                title="Nested sections", status=AssessmentStatus.SUBMITTED,
                                due_date=date.today() + timedelta(days=30))
        assessment.recipients.append(vendor_user)
        db.session.add(assessment)
        db.session.commit()
        assessment_id = assessment.id
        db.session.remove()
    page = new_page(size)
    sign_in(page, live_server, "procurement@demo.example")
    page.goto(f"{live_server}/assessments/{assessment_id}/review?section=policy-reviews")
    assert page.get_by_role("link", name="2.1.1. Reviews").is_visible()
    look(page, "nested-review")
