"""Staff pages for questionnaire templates: list, inspect, import, clone and edit."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.assessments.templates import TemplateConflict, load_pinned
from portal.auth.access import EDITOR_ROLES, editor_required, staff_required
from portal.extensions import db
from portal.questionnaires import bank, services
from portal.questionnaires.forms import SyncForm, TemplateEditForm, TemplateImportForm

bp = Blueprint("questionnaires", __name__, url_prefix="/questionnaires")


def _directory() -> Path | None:
    configured = current_app.config.get("QUESTIONNAIRES_DIR")
    return Path(configured) if configured else None


@lru_cache(maxsize=4)
def _load_catalogue(path: str | None) -> bank.Catalogue:
    return bank.load_catalogue(path)


def _catalogue() -> bank.Catalogue:
    directory = _directory()
    return _load_catalogue(str(directory / "controls.yaml") if directory else None)


@bp.get("/")
@staff_required
def index():
    return render_template("questionnaires/index.html", summaries=services.template_summaries(),
                           import_form=TemplateImportForm(), sync_form=SyncForm(),
                           can_edit=current_user.role in EDITOR_ROLES)


@bp.get("/templates/<key>")
@staff_required
def detail(key: str):
    versions = services.template_versions(key)
    if not versions:
        abort(404)
    wanted = request.args.get("version", type=int)
    version = next((v for v in versions if v.version == wanted), versions[0])
    template = load_pinned(version)
    catalogue = _catalogue()
    return render_template(
        "questionnaires/detail.html", version=version, versions=versions, template=template,
        coverage=bank.coverage(template, catalogue)["controls"], catalogue=catalogue,
        clause_coverage=bank.clause_coverage(template, catalogue),
        pinned=services.assessment_counts([v.id for v in versions]),
        framework_titles={f.id: f.title for f in bank.load_frameworks().frameworks},
        can_edit=current_user.role in EDITOR_ROLES)


@bp.route("/import", methods=["GET", "POST"])
@editor_required
def import_template():
    form = TemplateImportForm()
    problems: list[bank.Problem] = []
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.stream.read(services.TEMPLATE_MAX_BYTES + 1)
        try:
            stored, created = services.import_template(
                data, upload.filename or "upload.yaml", catalogue=_catalogue(), actor=current_user)
        except bank.TemplateError as exc:
            db.session.rollback()
            problems = exc.problems
        except TemplateConflict as exc:
            db.session.rollback()
            flash(str(exc), "error")
        else:
            db.session.commit()
            if created:
                flash(f"Imported {stored.key} version {stored.version} "
                      f"({stored.question_count} questions).", "success")
            else:
                flash(f"{stored.key} version {stored.version} is already stored with exactly "
                      "this content; nothing changed.", "info")
            return redirect(url_for("questionnaires.detail", key=stored.key,
                                    version=stored.version))
    status = 422 if problems or form.errors or request.method == "POST" else 200
    return render_template("questionnaires/import.html", form=form, problems=problems), status


@bp.post("/sync")
@editor_required
def sync():
    if not SyncForm().validate_on_submit():
        abort(400)
    try:
        new = services.sync_shipped_templates(
            _directory() / "templates" if _directory() else None, actor=current_user)
    except (bank.TemplateError, TemplateConflict) as exc:
        db.session.rollback()
        flash(f"The shipped templates could not be loaded: {exc}", "error")
    else:
        db.session.commit()
        flash(f"Loaded {len(new)} new template version(s) from the shipped files."
              if new else "The shipped templates are already loaded.", "success")
    return redirect(url_for("questionnaires.index"))


def _condition_choices(template: bank.Template) -> list[SelectChoice]:
    return [SelectChoice("", "— always shown —")] + [
        SelectChoice(q.id, f"{q.id}: {q.text[:70]}") for q in template.questions()
        if q.type in bank.CHOICE_TYPES]


def _edit_data(template: bank.Template) -> dict:
    return {"title": template.title, "questions": [{
        "id": q.id, "text": q.text, "guidance": q.guidance, "weight": q.weight,
        "required": q.required, "critical": q.critical,
        "show_if_question": (q.show_if.question or "") if q.show_if else "",
        "show_if_values": ", ".join(q.show_if.any_of) if q.show_if else "",
    } for q in template.questions()]}


def _edit_from(form: TemplateEditForm) -> services.TemplateEdit:
    return services.TemplateEdit(title=form.title.data or "", questions=tuple(
        services.QuestionEdit(
            id=entry.form.id.data, text=entry.form.text.data or "",
            guidance=entry.form.guidance.data or "", weight=float(entry.form.weight.data),
            required=bool(entry.form.required.data), critical=bool(entry.form.critical.data),
            show_if_question=entry.form.show_if_question.data or None,
            show_if_values=entry.form.values())
        for entry in form.questions))


@bp.route("/templates/<key>/v<int:version>/edit", methods=["GET", "POST"])
@editor_required
def edit(key: str, version: int):
    base = next((v for v in services.template_versions(key) if v.version == version), None)
    if base is None:
        abort(404)
    template = load_pinned(base)
    form = TemplateEditForm() if request.method == "POST" else TemplateEditForm(
        data=_edit_data(template))
    choices = _condition_choices(template)
    for entry in form.questions:
        entry.form.show_if_question.choices = choices
    problems: list[bank.Problem] = []
    if form.validate_on_submit():
        try:
            stored = services.create_edited_version(base, _edit_from(form),
                                                    catalogue=_catalogue(), actor=current_user)
        except bank.TemplateError as exc:
            db.session.rollback()
            problems = exc.problems
        except TemplateConflict as exc:
            db.session.rollback()
            flash(str(exc), "error")
        else:
            db.session.commit()
            flash(f"Saved as {stored.key} version {stored.version}. Assessments already created "
                  "keep the version they were sent with.", "success")
            return redirect(url_for("questionnaires.detail", key=key, version=stored.version))
    by_question: dict[str, list[str]] = {}
    for problem in problems:
        by_question.setdefault(problem.question_id or "", []).append(problem.message)
    status = 422 if request.method == "POST" else 200
    return render_template("questionnaires/edit.html", form=form, base=base, template=template,
                           problems=problems, by_question=by_question), status
