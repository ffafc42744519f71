"""comments anchored to a selection of the live text; a head's request for changes

A comment may point at a selection of one live field (field, lang: '' or NULL for the
source, a language code for a translation) by two encoded Yjs relative positions
(anchor_start, anchor_end: base64) and keeps the text quoted when it was made. kind tells
an ordinary comment ('comment') from a head's request for changes ('changes_requested').

Revision ID: a9c4e2f6b8d1
Revises: b5d1e9f3a7c2
Create Date: 2026-12-01 05:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a9c4e2f6b8d1'
down_revision = 'b5d1e9f3a7c2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=32), server_default='comment',
                                      nullable=False))
        batch_op.add_column(sa.Column('field', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('lang', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('anchor_start', sa.String(length=256), nullable=True))
        batch_op.add_column(sa.Column('anchor_end', sa.String(length=256), nullable=True))
        batch_op.add_column(sa.Column('quote', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_column('quote')
        batch_op.drop_column('anchor_end')
        batch_op.drop_column('anchor_start')
        batch_op.drop_column('lang')
        batch_op.drop_column('field')
        batch_op.drop_column('kind')
