"""Notes on nodes and links, and saved canvas views (issue 16: saved views and annotations).

Revision ID: workbench_notes
Revises: appl
"""
import sqlalchemy as sa
from alembic import op

revision = 'workbench_notes'
down_revision = 'appl'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('case_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.String(length=200), nullable=False),
    sa.Column('other_id', sa.String(length=200), nullable=False),
    sa.Column('relation', sa.String(length=60), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('inputs', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_case_notes_author_id_users')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_notes_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_notes'))
    )
    op.create_index(op.f('ix_case_notes_case_id'), 'case_notes', ['case_id'], unique=False)
    op.create_index(op.f('ix_case_notes_entity_id'), 'case_notes', ['entity_id'], unique=False)
    op.create_table('case_canvases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('state', sa.Text(), nullable=False),
    sa.Column('saved_by', sa.Integer(), nullable=False),
    sa.Column('saved_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_canvases_case_id_cases')),
    sa.ForeignKeyConstraint(['saved_by'], ['users.id'], name=op.f('fk_case_canvases_saved_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_canvases')),
    sa.UniqueConstraint('case_id', 'name', name=op.f('uq_case_canvases_case_id'))
    )
    op.create_index(op.f('ix_case_canvases_case_id'), 'case_canvases', ['case_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_case_canvases_case_id'), table_name='case_canvases')
    op.drop_table('case_canvases')
    op.drop_index(op.f('ix_case_notes_entity_id'), table_name='case_notes')
    op.drop_index(op.f('ix_case_notes_case_id'), table_name='case_notes')
    op.drop_table('case_notes')
