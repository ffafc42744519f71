"""a logo per organization and language

Revision ID: 7d2c4e9a1b35
Revises: b7d2e4c91a05
Create Date: 2026-12-01 00:10:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '7d2c4e9a1b35'
down_revision = 'b7d2e4c91a05'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organization_names', schema=None) as batch_op:
        batch_op.add_column(sa.Column('logo_type', sa.String(length=32), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('logo_data', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('logo_sha256', sa.String(length=64), server_default='',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('organization_names', schema=None) as batch_op:
        batch_op.drop_column('logo_sha256')
        batch_op.drop_column('logo_data')
        batch_op.drop_column('logo_type')
