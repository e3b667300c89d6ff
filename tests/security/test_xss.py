"""Hostile strings in every user-writable text field never come out as markup, on any page.

A separate grep test keeps `|safe` (and Markup on request data) out of the templates and views.
"""
from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask import url_for

from portal.assessments import answering
from portal.assessments.models import CommentKind, ReviewComment
from portal.extensions import db
from portal.questionnaires.templates import load_pinned
from portal.settings.current import settings_for

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
JS_URL = "javascript:alert(1)"
TEMPLATE = "{{7*7}}zz"
PAYLOAD = f"{SCRIPT}{IMG}{TEMPLATE}'><svg onload=alert(1)>"
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "xlink:href")


class InjectionFinder(HTMLParser):
    """Collect elements and attributes that only an injection could have produced."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._in_script = True
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> event handler")
            if name in URL_ATTRIBUTES and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value!r}> javascript: URL")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.problems.append("<img src=x> injected")
        if tag == "svg" and any(n == "onload" for n, _ in attrs):
            self.problems.append("<svg onload> injected")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and "alert(1)" in data:
            self.problems.append("inline <script> with the payload")


def injection_problems(html: str) -> list[str]:
    """Return the injected markup found in an HTML page (empty when clean)."""
    finder = InjectionFinder()
    finder.feed(html)
    finder.close()
    if "49zz" in html:
        finder.problems.append("template expression {{7*7}} was evaluated")
    return finder.problems


def test_the_checker_catches_what_it_should():
    assert injection_problems(f"<p>{PAYLOAD}</p>")
    assert injection_problems(f'<a href="{JS_URL}">x</a>')
    from markupsafe import escape

    assert not injection_problems(f"<p>{escape(PAYLOAD)}</p><a href='/x'>ok</a>")


@pytest.fixture
def hostile_world(app, make_vendor, make_user, make_assessment):
    """Write the payload into every text field a user can reach, through services where any."""
    from portal.certificates.models import Certificate, CertificateStatus
    from portal.documents.services import store_upload
    from portal.findings.models import Finding, FindingSource, FindingStatus, Severity

    # website: the form and the API refuse javascript: URLs (test below).
    vendor = make_vendor(f"{PAYLOAD} Ltd", products=(f"{PAYLOAD} product",),
                         website=f"https://example.com/{PAYLOAD}", aliases=[PAYLOAD],
                         description=PAYLOAD)
    staff = make_user("procurement", name=PAYLOAD[:200], job_title=PAYLOAD[:200])
    admin = make_user("admin", name=f"Admin {PAYLOAD}"[:200])
    contact = make_user("vendor", vendor=vendor, name=PAYLOAD[:200], job_title=PAYLOAD[:200],
                        email="val@example.com")
    assessment = make_assessment(vendor, contacts=[contact], title=PAYLOAD[:200],
                                 message=PAYLOAD)
    template = load_pinned(assessment.template_version)
    answering.save_answers(assessment, template, [answering.AnswerChange(
        question_id="START-ORG-01", value=PAYLOAD, comment=PAYLOAD, base_version=0)],
        actor=contact)
    answer = answering.answers_by_question(assessment)["START-ORG-01"]
    answer.comments.append(ReviewComment(kind=CommentKind.CLARIFICATION_REQUEST, body=PAYLOAD,
                                         author_id=staff.id))
    document = store_upload(io.BytesIO(b"%PDF-1.4\n%%EOF\n"), f"{PAYLOAD}.pdf", vendor=vendor,
                            actor=contact, settings=settings_for(app), assessment=assessment)
    certificate = Certificate(
        document_id=document.id, vendor_id=vendor.id, status=CertificateStatus.NEEDS_REVIEW,
        organization=PAYLOAD, scope=PAYLOAD, certificate_number=PAYLOAD[:120],
        certification_body=PAYLOAD, standards=[PAYLOAD], sites=[PAYLOAD],
        checks=[{"code": "xss", "status": "fail", "message": PAYLOAD, "detail": PAYLOAD}],
        status_message=PAYLOAD, decision_comment=PAYLOAD)
    finding = Finding(vendor_id=vendor.id, assessment_id=assessment.id, key="manual:xss",
                      source=FindingSource.MANUAL, severity=Severity.HIGH,
                      status=FindingStatus.OPEN, title=PAYLOAD[:300], detail=PAYLOAD,
                      remediation=PAYLOAD, vendor_response=PAYLOAD)
    db.session.add_all([certificate, finding])
    db.session.commit()
    values = {"vendor_id": vendor.id, "assessment_id": assessment.id,
              "document_id": document.id, "certificate_id": certificate.id,
              "finding_id": finding.id, "user_id": contact.id, "product_id": vendor.products[0].id,
              "section_id": template.sections[0].id, "key": "ai-supplier-starter", "version": 1,
              "question_id": "START-ORG-01", "page": 1}
    return {"admin": admin, "procurement": staff, "vendor": contact}, values


def _get_pages(app) -> list[tuple[str, set[str]]]:
    rules = []
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and rule.endpoint != "static" and \
                not rule.endpoint.startswith("api.") and not rule.endpoint.endswith(".static"):
            rules.append((rule.endpoint, set(rule.arguments)))
    return sorted(rules)


def test_hostile_strings_are_escaped_on_every_page(app, staff_login, hostile_world):
    users, values = hostile_world
    checked, showing, broken = 0, set(), []
    for role, user in users.items():
        client = staff_login(app.test_client(), user)
        for endpoint, arguments in _get_pages(app):
            if not arguments <= set(values):
                continue
            with app.test_request_context():
                url = url_for(endpoint, **{k: values[k] for k in arguments})
            response = client.get(url)
            html = response.get_data(as_text=True) if response.mimetype == "text/html" else ""
            response.close()
            if response.status_code != 200 or not html:
                continue
            checked += 1
            if "&lt;script&gt;alert(1)" in html:
                showing.add(url)
            broken += [f"{role} {url}: {p}" for p in injection_problems(html)]
    assert not broken, "\n".join(broken)
    assert checked >= 60, checked
    # The test means something only if the payload is actually shown on many pages.
    assert len(showing) >= 30, sorted(showing)


TEMPLATES = Path(__file__).resolve().parents[2] / "portal" / "templates"
PORTAL = TEMPLATES.parent
# Markup() built from escaped parts: reviewed, with the reason.
MARKUP_ALLOWED = {
    "vendors/routes.py": "Markup(...).format() escapes the vendor name it inserts",
    "scorecards/routes.py": "charts.py escapes every label it writes (tests/unit/scoring)",
    "respond/page.py": "escapes every question and user value it writes (test_respond_perf.py)",
}


def test_no_template_marks_data_safe():
    offenders = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for pattern in (r"\|\s*safe\b", r"autoescape\s+false", r"\|\s*tojson\s*\|\s*safe"):
            for match in re.finditer(pattern, text):
                line = text.count("\n", 0, match.start()) + 1
                offenders.append(f"{path.relative_to(TEMPLATES)}:{line}: {match.group(0)}")
    assert not offenders, offenders


def test_markup_is_only_built_where_reviewed():
    offenders = []
    for path in sorted(PORTAL.rglob("*.py")):
        relative = str(path.relative_to(PORTAL))
        text = path.read_text(encoding="utf-8")
        if re.search(r"\bMarkup\(|render_template_string\(", text) and \
                relative not in MARKUP_ALLOWED:
            offenders.append(relative)
    assert not offenders, f"Markup()/render_template_string outside the allow-list: {offenders}"


def test_chart_labels_are_escaped():
    from portal.scoring.charts import Bar, bar_chart

    svg = bar_chart([Bar(PAYLOAD, 50.0, "/x", PAYLOAD)], title=PAYLOAD, desc=PAYLOAD)
    assert not injection_problems(svg)


def test_api_cannot_plant_a_javascript_link(app, client, make_user, staff_login):
    from portal.api.services import create_token

    user = make_user("procurement")
    _, raw = create_token(user, name="xss", scopes={"read", "write"}, days=1, actor=user)
    db.session.commit()
    response = client.post("/api/v1/vendors", json={"legal_name": "Evil Ltd", "website": JS_URL},
                           headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 422, response.get_json()  # only http(s) web addresses
    from portal.vendors.models import Vendor

    vendor = Vendor(legal_name="Old Evil Ltd", name_key="oldevil", website=JS_URL)
    db.session.add(vendor)  # a value stored before validation existed is shown, never linked
    db.session.commit()
    page = staff_login(app.test_client(), user).get(f"/vendors/{vendor.id}")
    assert not injection_problems(page.get_data(as_text=True))
