"""Findings released to partners (issue 14: the release of derived findings).

Revision ID: appl
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = 'appl'
down_revision = 'prevent'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('finding_releases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('recipient', sa.String(length=64), nullable=False),
    sa.Column('legal_ground', sa.String(length=40), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('finding', sa.Text(), nullable=False),
    sa.Column('inputs', sa.Text(), nullable=False),
    sa.Column('released_by', sa.Integer(), nullable=False),
    sa.Column('released_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_finding_releases_case_id_cases')),
    sa.ForeignKeyConstraint(['released_by'], ['users.id'], name=op.f('fk_finding_releases_released_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finding_releases'))
    )
    op.create_index(op.f('ix_finding_releases_case_id'), 'finding_releases', ['case_id'], unique=False)
    op.create_index(op.f('ix_finding_releases_recipient'), 'finding_releases', ['recipient'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_finding_releases_recipient'), table_name='finding_releases')
    op.drop_index(op.f('ix_finding_releases_case_id'), table_name='finding_releases')
    op.drop_table('finding_releases')
