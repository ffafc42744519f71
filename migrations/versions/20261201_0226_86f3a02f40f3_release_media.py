"""photos and documents of releases: media_files, statement_media, release_media

Revision ID: 86f3a02f40f3
Revises: 3e1b9c7d5a24
Create Date: 2026-12-01 02:26:22.713713

"""

import sqlalchemy as sa
from alembic import op

import pressroom.db

# revision identifiers, used by Alembic.
revision = "86f3a02f40f3"
down_revision = "3e1b9c7d5a24"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "media_files",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("photo", "document", name="mediakind", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("ext", sa.String(length=8), nullable=False),
        sa.Column("mimetype", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("pages", sa.Integer(), nullable=True),
        sa.Column("web_sha256", sa.String(length=64), nullable=True),
        sa.Column("web_size", sa.BigInteger(), nullable=True),
        sa.Column("web_width", sa.Integer(), nullable=True),
        sa.Column("web_height", sa.Integer(), nullable=True),
        sa.Column("created_at", pressroom.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_media_files")),
    )
    with op.batch_alter_table("media_files", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_media_files_web_sha256"), ["web_sha256"], unique=False)

    op.create_table(
        "statement_media",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", pressroom.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("filename", sa.String(length=120), nullable=False),
        sa.Column("caption", sa.Text(), nullable=False),
        sa.Column("credit", sa.String(length=200), nullable=False),
        sa.Column("alt", sa.Text(), nullable=False),
        sa.Column("licence", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by_id"],
            ["users.id"],
            name=op.f("fk_statement_media_added_by_id_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["sha256"],
            ["media_files.sha256"],
            name=op.f("fk_statement_media_sha256_media_files"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["statements.id"],
            name=op.f("fk_statement_media_statement_id_statements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement_media")),
        sa.UniqueConstraint(
            "statement_id", "sha256", name=op.f("uq_statement_media_statement_id_sha256")
        ),
    )
    with op.batch_alter_table("statement_media", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_statement_media_statement_id"), ["statement_id"], unique=False
        )

    op.create_table(
        "release_media",
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=120), nullable=False),
        sa.Column("caption", sa.Text(), nullable=False),
        sa.Column("credit", sa.String(length=200), nullable=False),
        sa.Column("alt", sa.Text(), nullable=False),
        sa.Column("licence", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["releases.id"],
            name=op.f("fk_release_media_release_id_releases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sha256"],
            ["media_files.sha256"],
            name=op.f("fk_release_media_sha256_media_files"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("release_id", "position", name=op.f("pk_release_media")),
    )
    with op.batch_alter_table("release_media", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_release_media_sha256"), ["sha256"], unique=False)


def downgrade():
    with op.batch_alter_table("release_media", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_release_media_sha256"))

    op.drop_table("release_media")
    with op.batch_alter_table("statement_media", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statement_media_statement_id"))

    op.drop_table("statement_media")
    with op.batch_alter_table("media_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_media_files_web_sha256"))

    op.drop_table("media_files")
