"""Issue 13: sticky staff deactivation and vendor invitation domains

Revision ID: 2c070e91f929
Revises: d6308af65389
Create Date: 2026-12-05 02:48:35.807670

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2c070e91f929'
down_revision = 'd6308af65389'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_deactivated_by_staff', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('vendors', schema=None) as batch_op:
        batch_op.add_column(sa.Column('invite_domains', sa.String(length=500), nullable=True))


def downgrade():
    with op.batch_alter_table('vendors', schema=None) as batch_op:
        batch_op.drop_column('invite_domains')

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('is_deactivated_by_staff')
