"""Prevention by area: areas, indicator values, postcode keys, loads, tracks, campaigns.

Revision ID: prevent
Revises: 0001
Create Date: 2026-12-05 06:08:50.450638
"""
import sqlalchemy as sa
from alembic import op

revision = 'prevent'
down_revision = 'integrity'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('area_loads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('file', sa.String(length=500), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('loaded_by', sa.String(length=64), nullable=False),
    sa.Column('loaded_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_area_loads'))
    )
    with op.batch_alter_table('area_loads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_area_loads_sha256'), ['sha256'], unique=False)

    op.create_table('areas',
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('level', sa.String(length=12), nullable=False),
    sa.Column('outline', sa.Text(), nullable=True),
    sa.Column('outline_source', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_areas'))
    )
    with op.batch_alter_table('areas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_areas_level'), ['level'], unique=False)

    op.create_table('campaigns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('target_group', sa.String(length=200), nullable=False),
    sa.Column('channels', sa.JSON(), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('end', sa.Date(), nullable=False),
    sa.Column('reach', sa.Integer(), nullable=False),
    sa.Column('survey_before', sa.Float(), nullable=True),
    sa.Column('survey_after', sa.Float(), nullable=True),
    sa.Column('survey_question', sa.Text(), nullable=True),
    sa.Column('indicator', sa.String(length=40), nullable=False),
    sa.Column('areas', sa.JSON(), nullable=False),
    sa.Column('comparison', sa.JSON(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaigns')),
    sa.UniqueConstraint('name', name=op.f('uq_campaigns_name'))
    )
    op.create_table('area_postcodes',
    sa.Column('postcode', sa.String(length=4), nullable=False),
    sa.Column('area', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['area'], ['areas.code'], name=op.f('fk_area_postcodes_area_areas')),
    sa.PrimaryKeyConstraint('postcode', name=op.f('pk_area_postcodes'))
    )
    op.create_table('area_values',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('area', sa.String(length=12), nullable=False),
    sa.Column('indicator', sa.String(length=40), nullable=False),
    sa.Column('period', sa.String(length=10), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('base', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['area'], ['areas.code'], name=op.f('fk_area_values_area_areas')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_area_values')),
    sa.UniqueConstraint('area', 'indicator', 'period', name='uq_area_values_cell')
    )
    with op.batch_alter_table('area_values', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_area_values_area'), ['area'], unique=False)
        batch_op.create_index(batch_op.f('ix_area_values_indicator'), ['indicator'], unique=False)

    op.create_table('prevention_tracks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('area', sa.String(length=12), nullable=False),
    sa.Column('track', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('end', sa.Date(), nullable=True),
    sa.Column('budget', sa.Float(), nullable=False),
    sa.Column('participants', sa.Integer(), nullable=False),
    sa.Column('outputs', sa.JSON(), nullable=False),
    sa.Column('outcomes', sa.JSON(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['area'], ['areas.code'], name=op.f('fk_prevention_tracks_area_areas')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prevention_tracks'))
    )
    with op.batch_alter_table('prevention_tracks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prevention_tracks_area'), ['area'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('prevention_tracks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prevention_tracks_area'))

    op.drop_table('prevention_tracks')
    with op.batch_alter_table('area_values', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_area_values_indicator'))
        batch_op.drop_index(batch_op.f('ix_area_values_area'))

    op.drop_table('area_values')
    op.drop_table('area_postcodes')
    op.drop_table('campaigns')
    with op.batch_alter_table('areas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_areas_level'))

    op.drop_table('areas')
    with op.batch_alter_table('area_loads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_area_loads_sha256'))

    op.drop_table('area_loads')
