"""evidence links, certificate overrides, score history

Every document already uploaded for an answer (documents.assessment_id and question_id) becomes
an unreviewed evidence link, so the evidence it gave under method v1 stays visible.

Revision ID: d6308af65389
Revises: b73f7da73709
Create Date: 2026-12-05 00:01:49.894314

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'd6308af65389'
down_revision = 'b73f7da73709'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('evidence_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.String(length=64), nullable=False),
    sa.Column('linked_by_id', sa.Integer(), nullable=True),
    sa.Column('linked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('review', sa.Enum('pending', 'relevant', 'not_relevant', name='linkreview', native_enum=False, length=32), nullable=False),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_evidence_links_assessment_id_assessments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_evidence_links_document_id_documents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['linked_by_id'], ['users.id'], name=op.f('fk_evidence_links_linked_by_id_users')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_evidence_links_reviewed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_links')),
    sa.UniqueConstraint('document_id', 'assessment_id', 'question_id', name=op.f('uq_evidence_links_document_id'))
    )
    with op.batch_alter_table('evidence_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_links_assessment_id'), ['assessment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_links_document_id'), ['document_id'], unique=False)

    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('override_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('overridden_checks', sa.JSON(), nullable=False,
                                      server_default='[]'))

    with op.batch_alter_table('score_records', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reason_detail', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('inputs', sa.JSON(), nullable=False, server_default='{}'))
        batch_op.add_column(sa.Column('checked_at', sa.DateTime(timezone=True), nullable=True))

    op.execute(
        "INSERT INTO evidence_links (document_id, assessment_id, question_id, linked_by_id, "
        "linked_at, review) SELECT d.id, d.assessment_id, d.question_id, d.uploaded_by_id, "
        "d.uploaded_at, 'pending' FROM documents d JOIN assessments a ON a.id = d.assessment_id "
        "WHERE d.question_id IS NOT NULL")


def downgrade():
    with op.batch_alter_table('score_records', schema=None) as batch_op:
        batch_op.drop_column('checked_at')
        batch_op.drop_column('inputs')
        batch_op.drop_column('reason_detail')

    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_column('overridden_checks')
        batch_op.drop_column('override_reason')

    with op.batch_alter_table('evidence_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_links_document_id'))
        batch_op.drop_index(batch_op.f('ix_evidence_links_assessment_id'))

    op.drop_table('evidence_links')
