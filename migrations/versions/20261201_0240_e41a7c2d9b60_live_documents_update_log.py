"""live co-editing: live documents and their update log

Revision ID: e41a7c2d9b60
Revises: a1e7c3d5b902
Create Date: 2026-12-01 02:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

import pressroom.db

# revision identifiers, used by Alembic.
revision = 'e41a7c2d9b60'
down_revision = 'a1e7c3d5b902'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'live_documents',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('statement_id', sa.Integer(), nullable=False),
        sa.Column('lang', sa.String(length=16), server_default='', nullable=False),
        sa.Column('revision_number', sa.Integer(), server_default='0', nullable=False),
        sa.Column('synced_update_id', sa.Integer(), server_default='0', nullable=False),
        sa.Column('changed_at', pressroom.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('created_at', pressroom.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['statement_id'], ['statements.id'],
                                name=op.f('fk_live_documents_statement_id_statements'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_live_documents')),
        sa.UniqueConstraint('statement_id', 'lang',
                            name=op.f('uq_live_documents_statement_id_lang')),
    )
    op.create_table(
        'live_updates',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('snapshot', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('created_at', pressroom.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['live_documents.id'],
                                name=op.f('fk_live_updates_document_id_live_documents'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_live_updates_user_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_live_updates')),
    )
    op.create_index('ix_live_updates_document_id_id', 'live_updates', ['document_id', 'id'])


def downgrade():
    op.drop_index('ix_live_updates_document_id_id', table_name='live_updates')
    op.drop_table('live_updates')
    op.drop_table('live_documents')
