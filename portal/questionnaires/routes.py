"""Staff pages for questionnaire templates: list, inspect, import, clone and edit."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.auth.access import EDITOR_ROLES, editor_required, staff_required
from portal.extensions import db
from portal.questionnaires import (
    bank,
    importing,
    services,
    signals,
    spreadsheet,
    spreadsheet_columns,
)
from portal.questionnaires.drafts import ImportFailed
from portal.questionnaires.forms import (
    ImportPreviewForm,
    SyncForm,
    TemplateEditForm,
    TemplateImportForm,
)
from portal.questionnaires.templates import TemplateConflict, load_pinned
from portal.settings.current import current_settings

bp = Blueprint("questionnaires", __name__, url_prefix="/questionnaires")


def _directory() -> Path | None:
    configured = current_settings().storage.questionnaires_dir
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
        pinned=signals.count_pinned([v.id for v in versions]),
        framework_titles={f.id: f.title for f in bank.load_frameworks().frameworks},
        can_edit=current_user.role in EDITOR_ROLES)


@bp.route("/import", methods=["GET", "POST"])
@editor_required
def import_template():
    form = TemplateImportForm()
    problems: list[bank.Problem] = []
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.stream.read(spreadsheet.SPREADSHEET_LIMITS.max_bytes + 1)
        filename = upload.filename or "upload"
        try:
            options = form.import_options()
            fmt = (options.format if options.format != "auto"
                   else importing.detect_format(data, filename))
            if fmt == "yaml":  # a portal template imports at once, as it always did
                return _import_yaml(data, filename)
            options.format = fmt
            preview = importing.preview_file(data, filename, options, _catalogue())
            token = importing.pack_upload(data, filename, current_user.id,
                                          current_settings().secret_key)
        except ImportFailed as exc:
            flash(f"The file was not imported: {exc}.", "error")
        else:
            chosen = {name: form[name].data for name in ImportPreviewForm.option_names()}
            step = ImportPreviewForm(formdata=None, data={**chosen, "token": token,
                                                          "format": fmt})
            return _render_preview(step, preview, filename,
                                   200 if preview.is_valid else 422)
    status = 422 if problems or form.errors or request.method == "POST" else 200
    return render_template("questionnaires/import.html", form=form, problems=problems), status


def _import_yaml(data: bytes, filename: str):
    problems: list[bank.Problem] = []
    form = TemplateImportForm(formdata=None)
    try:
        stored, created = services.import_template(
            data, filename, catalogue=_catalogue(), actor=current_user)
    except bank.TemplateError as exc:
        db.session.rollback()
        problems = exc.problems
    except TemplateConflict as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        _flash_stored(stored, created)
        return redirect(url_for("questionnaires.detail", key=stored.key, version=stored.version))
    return render_template("questionnaires/import.html", form=form, problems=problems), 422


def _flash_stored(stored, created: bool) -> None:
    if created:
        flash(f"Imported {stored.key} version {stored.version} "
              f"({stored.question_count} questions).", "success")
    else:
        flash(f"{stored.key} version {stored.version} is already stored with exactly "
              "this content; nothing changed.", "info")


def _render_preview(form: ImportPreviewForm, preview: importing.Preview, filename: str,
                    status: int = 200):
    mapping = preview.mapping.as_dict() if preview.mapping else {}
    return render_template(
        "questionnaires/import_preview.html", form=form, preview=preview, filename=filename,
        mapping=mapping, fields=spreadsheet_columns.FIELD_LABELS,
        numbers=preview.template.section_numbers() if preview.template else {},
        sample=preview.table.rows[:5] if preview.table else ()), status


@bp.post("/import/preview")
@editor_required
def import_preview():
    form = ImportPreviewForm()
    if not form.validate_on_submit():
        flash("The preview could not be read: " + " ".join(
            f"{form[name].label.text}: {' '.join(errors)}" if name in form else " ".join(errors)
            for name, errors in form.errors.items()), "error")
        return redirect(url_for("questionnaires.import_template"))
    try:
        data, filename = importing.unpack_upload(form.token.data, current_user.id,
                                                 current_settings().secret_key)
        options = form.import_options()
        if options.format == "spreadsheet":
            options.sheet = request.form.get("sheet", "")[:100]
            table = spreadsheet.read_table(data, filename, options.sheet or None)
            if options.sheet == request.form.get("shown_sheet", ""):  # same sheet: keep columns
                options.mapping = spreadsheet_columns.mapping_from_form(
                    {name: request.form.get(f"col-{name}", "")
                     for name in spreadsheet_columns.FIELD_LABELS}, len(table.headers))
        preview = importing.preview_file(data, filename, options, _catalogue())
    except ImportFailed as exc:
        flash(f"The file was not imported: {exc}.", "error")
        return redirect(url_for("questionnaires.import_template"))
    if request.form.get("action") != "import" or not preview.is_valid:
        return _render_preview(form, preview, filename, 200 if preview.is_valid else 422)
    try:
        stored, created = importing.store_preview(preview, filename, actor=current_user)
    except TemplateConflict as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return _render_preview(form, preview, filename, 409)
    db.session.commit()
    _flash_stored(stored, created)
    return redirect(url_for("questionnaires.detail", key=stored.key, version=stored.version))


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
