"""signing key in a PKCS#11 token; the root's published CRL

A signing certificate's private key is either in the database (private_key, PEM) or in
the configured PKCS#11 token, found by its label (key_label; empty: in the database). The
root's row points at the CRL last published (a stored blob) and when.

Revision ID: c41e8d2f7a90
Revises: e41a7c2d9b60
Create Date: 2026-12-01 03:00:00

"""
from alembic import op
import sqlalchemy as sa

import pressroom.db


# revision identifiers, used by Alembic.
revision = 'c41e8d2f7a90'
down_revision = 'e41a7c2d9b60'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('signing_certificates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('key_label', sa.String(length=100), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('crl_sha256', sa.String(length=64), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('crl_published_at', pressroom.db.UTCDateTime(timezone=True),
                                      nullable=True))


def downgrade():
    with op.batch_alter_table('signing_certificates', schema=None) as batch_op:
        batch_op.drop_column('crl_published_at')
        batch_op.drop_column('crl_sha256')
        batch_op.drop_column('key_label')
