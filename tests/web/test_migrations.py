"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from portal.extensions import db
from tests.conftest import wipe_schema


@pytest.fixture
def empty_db(app):
    """Drop everything the app fixture created so the migrations start from nothing."""
    wipe_schema()
    yield
    wipe_schema()  # the next test's fixture rebuilds the schema from the models


def test_upgrade_matches_models(app, empty_db):
    upgrade()
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "render_as_batch": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models and migrations drift: {diff}"


def test_downgrade_then_upgrade_again(app, empty_db):
    upgrade()
    downgrade(revision="base")
    inspector = sa.inspect(db.engine)
    assert set(inspector.get_table_names()) <= {"alembic_version"}
    upgrade()
    assert "assessments" in sa.inspect(db.engine).get_table_names()
