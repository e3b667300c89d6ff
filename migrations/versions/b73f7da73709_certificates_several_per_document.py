"""certificates: several per document (a file holding three certificates gives three records)

Revision ID: b73f7da73709
Revises: e30df76b39e6
Create Date: 2026-12-04 23:56:47.052061

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b73f7da73709'
down_revision = 'e30df76b39e6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('part', sa.SmallInteger(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('pages', sa.JSON(), nullable=True))
        batch_op.drop_constraint(batch_op.f('uq_certificates_document_id'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_certificates_document_id'), ['document_id', 'part'])
        batch_op.create_index(batch_op.f('ix_certificates_document_id'), ['document_id'], unique=False)
    # Certificates read before this change covered their whole file: no page list known.
    op.execute("UPDATE certificates SET pages = '[]'")
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.alter_column('pages', existing_type=sa.JSON(), nullable=False)


def downgrade():
    # Extra certificates of a file cannot live under the one-per-document rule.
    op.execute("DELETE FROM certificates WHERE part > 1")
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificates_document_id'))
        batch_op.drop_constraint(batch_op.f('uq_certificates_document_id'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_certificates_document_id'), ['document_id'])
        batch_op.drop_column('pages')
        batch_op.drop_column('part')
