"""rendered files stored in the database (PRESSROOM_STORAGE=database)

Revision ID: 5d0c7a3e9f12
Revises: 8a0047b2663e
Create Date: 2026-12-01 01:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

import pressroom.db

# revision identifiers, used by Alembic.
revision = '5d0c7a3e9f12'
down_revision = '8a0047b2663e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'stored_blobs',
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('kind', sa.String(length=8), nullable=False),
        sa.Column('size', sa.BigInteger(), nullable=False),
        sa.Column('chunks', sa.Integer(), nullable=False),
        sa.Column('created_at', pressroom.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('sha256', name=op.f('pk_stored_blobs')),
    )
    op.create_table(
        'stored_blob_chunks',
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(['sha256'], ['stored_blobs.sha256'],
                                name=op.f('fk_stored_blob_chunks_sha256_stored_blobs'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('sha256', 'seq', name=op.f('pk_stored_blob_chunks')),
    )


def downgrade():
    op.drop_table('stored_blob_chunks')
    op.drop_table('stored_blobs')
