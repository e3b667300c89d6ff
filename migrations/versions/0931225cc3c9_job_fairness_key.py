"""Issue 13: job fairness key (certificate reading takes turns by organisation)

Revision ID: 0931225cc3c9
Revises: 2c070e91f929
Create Date: 2026-12-05 03:28:28.316641

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0931225cc3c9'
down_revision = '2c070e91f929'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fair_key', sa.String(length=100), nullable=True))
        batch_op.create_index(batch_op.f('ix_jobs_fair_key'), ['fair_key'], unique=False)



def downgrade():
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jobs_fair_key'))
        batch_op.drop_column('fair_key')

