"""Protection register (bewaken en beveiligen): subjects, reports, threateners, products,
measures, re-evaluations, contact log, workflow moves and signals.

Revision ID: protect
Revises: 0001
Create Date: 2026-12-05 06:05:32
"""
import sqlalchemy as sa
from alembic import op

revision = 'protect'
down_revision = 'programme'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('protect_subjects',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('profession', sa.String(length=40), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('region', sa.String(length=60), nullable=False),
    sa.Column('domain', sa.String(length=16), nullable=False),
    sa.Column('authority', sa.String(length=16), nullable=False),
    sa.Column('authority_partner', sa.String(length=64), nullable=False),
    sa.Column('unit_partner', sa.String(length=64), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('threat_level', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('closure_reason', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_protect_subjects'))
    )
    with op.batch_alter_table('protect_subjects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_protect_subjects_authority_partner'), ['authority_partner'], unique=False)
        batch_op.create_index(batch_op.f('ix_protect_subjects_unit_partner'), ['unit_partner'], unique=False)

    op.create_table('protect_contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('channel', sa.String(length=40), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('by', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['subject_id'], ['protect_subjects.id'], name=op.f('fk_protect_contacts_subject_id_protect_subjects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_protect_contacts'))
    )
    with op.batch_alter_table('protect_contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_protect_contacts_subject_id'), ['subject_id'], unique=False)

    op.create_table('protect_measures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=16), nullable=False),
    sa.Column('start_on', sa.Date(), nullable=False),
    sa.Column('planned_end', sa.Date(), nullable=True),
    sa.Column('end_on', sa.Date(), nullable=True),
    sa.Column('end_reason', sa.Text(), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['subject_id'], ['protect_subjects.id'], name=op.f('fk_protect_measures_subject_id_protect_subjects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_protect_measures'))
    )
    with op.batch_alter_table('protect_measures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_protect_measures_subject_id'), ['subject_id'], unique=False)

    op.create_table('protect_moves',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('from_state', sa.String(length=16), nullable=False),
    sa.Column('to_state', sa.String(length=16), nullable=False),
    sa.Column('by', sa.String(length=64), nullable=False),
    sa.Column('side', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['subject_id'], ['protect_subjects.id'], name=op.f('fk_protect_moves_subject_id_protect_subjects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_protect_moves'))
    )
    with op.batch_alter_table('protect_moves', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_protect_moves_subject_id'), ['subject_id'], unique=False)

    op.create_table('protect_products',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('author_org', sa.String(length=64), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('conclusion', sa.String(length=16), nullable=False),
    sa.Column('threat_level', sa.Integer(), nullable=True),
    sa.Column('decision', sa.Text(), nullable=False),
    sa.Column('requests', sa.String(length=8), nullable=True),
    sa.Column('requested_due', sa.Date(), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['subject_id'], ['protect_subjects.id'], name=op.f('fk_protect_products_subject_id_protect_subjects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_protect_products'))
    )
    with op.batch_alter_table('protect_products', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_protect_products_subject_id'), ['subject_id'], unique=False)

    op.create_table('protect_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('reported_on', sa.Date(), nullable=False),
    sa.Column('classification', sa.String(length=40), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['subject_id'], ['protect_subjects.id'], name=op.f('fk_protect_reports_subject_id_protect_subjects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_protect_reports'))
    )
    with op.batch_alter_table('protect_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_protect_reports_subject_id'), ['subject_id'], unique=False)

    op.create_table('protect_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('outcome', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['subject_id'], ['protect_subjects.id'], name=op.f('fk_protect_reviews_subject_id_protect_subjects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_protect_reviews'))
    )
    with op.batch_alter_table('protect_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_protect_reviews_subject_id'), ['subject_id'], unique=False)

    op.create_table('protect_threateners',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('entity_id', sa.String(length=200), nullable=True),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('checked_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_protect_threateners_case_id_cases')),
    sa.ForeignKeyConstraint(['report_id'], ['protect_reports.id'], name=op.f('fk_protect_threateners_report_id_protect_reports')),
    sa.ForeignKeyConstraint(['subject_id'], ['protect_subjects.id'], name=op.f('fk_protect_threateners_subject_id_protect_subjects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_protect_threateners'))
    )
    with op.batch_alter_table('protect_threateners', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_protect_threateners_entity_id'), ['entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_protect_threateners_subject_id'), ['subject_id'], unique=False)

    op.create_table('protect_signals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('threatener_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('what', sa.JSON(), nullable=False),
    sa.Column('reference', sa.Integer(), nullable=True),
    sa.Column('seen_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['subject_id'], ['protect_subjects.id'], name=op.f('fk_protect_signals_subject_id_protect_subjects')),
    sa.ForeignKeyConstraint(['threatener_id'], ['protect_threateners.id'], name=op.f('fk_protect_signals_threatener_id_protect_threateners'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_protect_signals'))
    )
    with op.batch_alter_table('protect_signals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_protect_signals_subject_id'), ['subject_id'], unique=False)



def downgrade() -> None:

    with op.batch_alter_table('protect_signals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_protect_signals_subject_id'))

    op.drop_table('protect_signals')
    with op.batch_alter_table('protect_threateners', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_protect_threateners_subject_id'))
        batch_op.drop_index(batch_op.f('ix_protect_threateners_entity_id'))

    op.drop_table('protect_threateners')
    with op.batch_alter_table('protect_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_protect_reviews_subject_id'))

    op.drop_table('protect_reviews')
    with op.batch_alter_table('protect_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_protect_reports_subject_id'))

    op.drop_table('protect_reports')
    with op.batch_alter_table('protect_products', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_protect_products_subject_id'))

    op.drop_table('protect_products')
    with op.batch_alter_table('protect_moves', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_protect_moves_subject_id'))

    op.drop_table('protect_moves')
    with op.batch_alter_table('protect_measures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_protect_measures_subject_id'))

    op.drop_table('protect_measures')
    with op.batch_alter_table('protect_contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_protect_contacts_subject_id'))

    op.drop_table('protect_contacts')
    with op.batch_alter_table('protect_subjects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_protect_subjects_unit_partner'))
        batch_op.drop_index(batch_op.f('ix_protect_subjects_authority_partner'))

    op.drop_table('protect_subjects')
