"""Vendor assurance portal for AI suppliers."""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from portal import config as default_config

if TYPE_CHECKING:
    from flask import Flask

REPO_ROOT = Path(__file__).resolve().parent.parent
# The per-installation secret of development and demo runs, in the instance folder.
SECRET_FILE = "secret_key"


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application: configure, bind extensions, register blueprints and commands."""
    # Imported here so that `import portal.<pure module>` (the certificate reader's command)
    # does not load Flask.
    from portal.settings.current import PortalFlask, settings_for

    app = PortalFlask(__name__, instance_path=os.environ.get("PORTAL_INSTANCE_PATH") or None)
    app.config.from_object(default_config)
    if test_config is None:
        _load_environment(app)
    else:
        app.config.update(test_config)
    _finish_config(app)
    settings_for(app)  # typed once here (portal/settings/current.py); a bad value stops the start

    from portal import extensions, models  # noqa: F401  (models: register every table)

    extensions.db.init_app(app)
    extensions.migrate.init_app(
        app, extensions.db, directory=str(REPO_ROOT / "migrations"),
        render_as_batch=True, compare_type=True,
    )
    extensions.csrf.init_app(app)
    extensions.login_manager.init_app(app)

    from portal import database, errors, logs, proxy, security, templating

    proxy.init_app(app)  # client addresses from a trusted reverse proxy
    logs.init_app(app)
    database.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    templating.init_app(app)

    from portal.auth import login as auth_login
    from portal.auth import navigation as auth_navigation

    auth_login.init_app(app)
    auth_navigation.init_app(app)  # the menu of the signed-in user's role
    _register_blueprints(app)
    _register_commands(app)
    _configure_sandbox(app)
    _subscribe(app)
    _register_job_handlers(app)
    return app


def _load_environment(app: Flask) -> None:
    from portal import settings

    app.config.update(settings.read_environment(os.environ))


def _finish_config(app: Flask) -> None:
    instance = Path(app.instance_path)
    env = app.config["PORTAL_ENV"]
    if env not in ("production", "development", "demo"):
        raise RuntimeError(f"PORTAL_ENV must be production, development or demo, not {env!r}.")
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        instance.mkdir(parents=True, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'portal.db'}"
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("postgres://"):  # Heroku-style URLs
        uri = "postgresql+psycopg://" + uri.removeprefix("postgres://")
    elif uri.startswith("postgresql://"):
        uri = "postgresql+psycopg://" + uri.removeprefix("postgresql://")
    app.config["SQLALCHEMY_DATABASE_URI"] = uri
    if not app.config.get("UPLOAD_DIR"):
        app.config["UPLOAD_DIR"] = str(instance / "uploads")
    if env == "demo" and "REQUIRE_ADMIN_2FA" not in os.environ:
        # The demo's fictional administrator signs in with a password only.
        app.config["REQUIRE_ADMIN_2FA"] = False
    if not app.config.get("SECRET_KEY"):
        if app.testing or env in ("development", "demo"):
            # A local run's per-installation key: the `portal` command creates it (portal/cli.py).
            app.config["SECRET_KEY"] = _saved_secret(instance)
        else:
            raise RuntimeError(
                "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
                "value (python -c 'import secrets; print(secrets.token_hex(32))'), or set "
                "PORTAL_ENV=development for a local, non-production run."
            )
    if env == "production" and not app.testing:
        from portal import settings  # no short secrets, no debug mode

        problems = settings.production_problems(app.config, os.environ)
        if problems:
            raise settings.SettingError("Refusing to start in production: " + " ".join(problems))


def _saved_secret(instance: Path) -> str | None:
    """Return the per-installation secret an earlier local run saved, if any."""
    path = instance / SECRET_FILE
    return path.read_text().strip() if path.exists() else None


def _register_blueprints(app: Flask) -> None:
    from portal.admin.routes import bp as admin_bp
    from portal.api import wiring as api_wiring
    from portal.assessments.routes import bp as assessments_bp
    from portal.auth.routes import bp as auth_bp
    from portal.certificates.routes import bp as certificates_bp
    from portal.decisions.routes import bp as decisions_bp
    from portal.documents.routes import bp as documents_bp
    from portal.evidence.routes import bp as evidence_bp
    from portal.findings.routes import bp as findings_bp
    from portal.jobs.routes import bp as jobs_bp
    from portal.main.routes import bp as main_bp
    from portal.portfolio.routes import bp as portfolio_bp
    from portal.questionnaires.routes import bp as questionnaires_bp
    from portal.respond.offline.staff_routes import bp as staff_workbooks_bp
    from portal.respond.offline.vendor_routes import bp as vendor_workbooks_bp
    from portal.respond.routes import bp as respond_bp
    from portal.scorecards.routes import bp as scorecards_bp
    from portal.scoring.routes import method_bp
    from portal.vendors.routes import bp as vendors_bp

    for blueprint in (main_bp, auth_bp, admin_bp, vendors_bp, assessments_bp, respond_bp,
                      documents_bp, questionnaires_bp, vendor_workbooks_bp, staff_workbooks_bp,
                      certificates_bp, scorecards_bp, decisions_bp, method_bp, findings_bp,
                      portfolio_bp, evidence_bp):
        app.register_blueprint(blueprint)
    api_wiring.init_app(app)  # the REST API (CSRF-exempt), token and webhook pages
    app.register_blueprint(jobs_bp)


def _register_commands(app: Flask) -> None:
    from portal.api.cli import webhooks_cli
    from portal.assessments.cli import reminders_cli
    from portal.audit.cli import audit_cli
    from portal.auth.cli import users_cli
    from portal.auth.twofactor.cli import twofactor_cli
    from portal.backup.cli import backup_command, restore_command
    from portal.certificates.cli import certificates_cli
    from portal.demo.cli import demo_command
    from portal.documents.cli import documents_cli
    from portal.jobs.cli import jobs_cli, worker_command
    from portal.mail.cli import mail_cli
    from portal.questionnaires.cli import questionnaires_cli
    from portal.reassessment.cli import reassessments_cli
    from portal.scoring.cli import scoring_cli

    for command in (users_cli, reminders_cli, mail_cli, questionnaires_cli, documents_cli,
                    certificates_cli, demo_command, scoring_cli, reassessments_cli, webhooks_cli,
                    jobs_cli, worker_command, audit_cli, twofactor_cli, backup_command,
                    restore_command):
        app.cli.add_command(command)


def _configure_sandbox(app: Flask) -> None:
    """Tell the certificate readers' sandbox what it may see (uploads) and hide (instance)."""
    from portal.certificates import confinement
    from portal.settings.current import settings_for

    settings = settings_for(app)
    confinement.configure(hidden=[app.instance_path], readable=[str(settings.storage.upload_dir)],
                          bwrap=settings.reading.sandbox_bwrap)


def _register_job_handlers(app: Flask) -> None:
    """Tell the job registry which function runs each kind of background job."""
    from portal.assessments import bulk
    from portal.assessments import jobs as assessment_jobs
    from portal.certificates import jobs as certificate_jobs
    from portal.evidence_pack import jobs as evidence_pack_jobs
    from portal.jobs import registry
    from portal.mail import jobs as mail_jobs
    from portal.scoring import refresh
    from portal.vendors.imports import jobs as vendor_import_jobs

    for kind, function in (("mail.deliver", mail_jobs.deliver),
                           ("certificates.read", certificate_jobs.read),
                           ("exports.evidence_pack", evidence_pack_jobs.evidence_pack),
                           ("assessments.reminders", assessment_jobs.reminders),
                           ("assessments.bulk_send", bulk.bulk_send),
                           ("vendors.import", vendor_import_jobs.apply_import),
                           (refresh.KIND, refresh.run_rescore)):
        registry.register(kind, function)


def _subscribe(app: Flask) -> None:
    """Connect the receivers of the features' signals and the commit hooks."""
    from portal.assessments import listeners as assessment_listeners
    from portal.audit import addresses as audit_addresses
    from portal.audit import models as audit_models
    from portal.certificates import listeners as certificate_listeners
    from portal.jobs import queue as job_queue
    from portal.mail import delivery as mail_delivery
    from portal.scoring import refresh
    from portal.vendors import names as vendor_names

    audit_models.init_app(app)  # the audit log is append-only
    audit_addresses.init_app(app)  # ... and records the client address of each request
    job_queue.init_app(app)
    vendor_names.init_app(app)
    assessment_listeners.init_app(app)
    certificate_listeners.init_app(app)
    mail_delivery.init_app(app)
    refresh.init_app(app)
