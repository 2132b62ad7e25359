"""Interventions, seized items, afpakken amounts, effect measurements; programme budget and spending.

Revision ID: programme
Revises: 0001
Create Date: 2026-12-05 06:04:51.656067
"""
import sqlalchemy as sa
from alembic import op

revision = 'programme'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('budget_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('funding', sa.String(length=64), nullable=False),
    sa.Column('measure', sa.String(length=64), nullable=False),
    sa.Column('organisation', sa.String(length=64), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('cents', sa.BigInteger(), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('line', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_lines'))
    )
    with op.batch_alter_table('budget_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_lines_measure'), ['measure'], unique=False)

    op.create_table('programme_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('measure', sa.String(length=64), nullable=False),
    sa.Column('organisation', sa.String(length=64), nullable=False),
    sa.Column('dated', sa.Date(), nullable=False),
    sa.Column('cents', sa.BigInteger(), nullable=False),
    sa.Column('reference', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('line', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_entries'))
    )
    with op.batch_alter_table('programme_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_entries_measure'), ['measure'], unique=False)
        batch_op.create_index(batch_op.f('ix_programme_entries_source'), ['source'], unique=False)

    op.create_table('programme_loads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('loaded_by', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_loads'))
    )
    op.create_table('effect_measurements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('observed_on', sa.Date(), nullable=False),
    sa.Column('months_after', sa.Integer(), nullable=False),
    sa.Column('later_datasets', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('measured_by', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_effect_measurements_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_effect_measurements'))
    )
    with op.batch_alter_table('effect_measurements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_effect_measurements_case_id'), ['case_id'], unique=False)

    op.create_table('interventions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('instrument', sa.String(length=40), nullable=False),
    sa.Column('partner', sa.String(length=32), nullable=False),
    sa.Column('legal_basis', sa.Text(), nullable=False),
    sa.Column('region', sa.String(length=40), nullable=False),
    sa.Column('measure', sa.String(length=64), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('plan_rank', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=True),
    sa.Column('proposed_by', sa.String(length=64), nullable=False),
    sa.Column('proposed_on', sa.Date(), nullable=False),
    sa.Column('approved_by', sa.String(length=64), nullable=True),
    sa.Column('approved_on', sa.Date(), nullable=True),
    sa.Column('executed_on', sa.Date(), nullable=True),
    sa.Column('result_on', sa.Date(), nullable=True),
    sa.Column('cancelled_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_interventions_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interventions'))
    )
    with op.batch_alter_table('interventions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interventions_case_id'), ['case_id'], unique=False)

    op.create_table('intervention_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('intervention_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('partner', sa.String(length=64), nullable=False),
    sa.Column('rule', sa.Text(), nullable=False),
    sa.Column('dated', sa.Date(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['intervention_id'], ['interventions.id'], name=op.f('fk_intervention_events_intervention_id_interventions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intervention_events'))
    )
    with op.batch_alter_table('intervention_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intervention_events_intervention_id'), ['intervention_id'], unique=False)

    op.create_table('intervention_subjects',
    sa.Column('intervention_id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('role', sa.String(length=40), nullable=True),
    sa.Column('removed', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['intervention_id'], ['interventions.id'], name=op.f('fk_intervention_subjects_intervention_id_interventions')),
    sa.PrimaryKeyConstraint('intervention_id', 'entity_id', name=op.f('pk_intervention_subjects'))
    )
    op.create_table('recovery_amounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('intervention_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=20), nullable=False),
    sa.Column('cents', sa.BigInteger(), nullable=False),
    sa.Column('dated', sa.Date(), nullable=False),
    sa.Column('reference', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['intervention_id'], ['interventions.id'], name=op.f('fk_recovery_amounts_intervention_id_interventions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recovery_amounts'))
    )
    with op.batch_alter_table('recovery_amounts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recovery_amounts_intervention_id'), ['intervention_id'], unique=False)

    op.create_table('seized_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('intervention_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('identifier', sa.String(length=200), nullable=True),
    sa.Column('entity_id', sa.String(length=200), nullable=True),
    sa.Column('value_cents', sa.BigInteger(), nullable=False),
    sa.Column('seized_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['intervention_id'], ['interventions.id'], name=op.f('fk_seized_items_intervention_id_interventions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seized_items'))
    )
    with op.batch_alter_table('seized_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seized_items_identifier'), ['identifier'], unique=False)
        batch_op.create_index(batch_op.f('ix_seized_items_intervention_id'), ['intervention_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('seized_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seized_items_intervention_id'))
        batch_op.drop_index(batch_op.f('ix_seized_items_identifier'))

    op.drop_table('seized_items')
    with op.batch_alter_table('recovery_amounts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recovery_amounts_intervention_id'))

    op.drop_table('recovery_amounts')
    op.drop_table('intervention_subjects')
    with op.batch_alter_table('intervention_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intervention_events_intervention_id'))

    op.drop_table('intervention_events')
    with op.batch_alter_table('interventions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interventions_case_id'))

    op.drop_table('interventions')
    with op.batch_alter_table('effect_measurements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_effect_measurements_case_id'))

    op.drop_table('effect_measurements')
    op.drop_table('programme_loads')
    with op.batch_alter_table('programme_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_entries_source'))
        batch_op.drop_index(batch_op.f('ix_programme_entries_measure'))

    op.drop_table('programme_entries')
    with op.batch_alter_table('budget_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_lines_measure'))

    op.drop_table('budget_lines')
