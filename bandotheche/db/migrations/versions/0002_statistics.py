"""statistics: agencies, import batches, base measures and their history

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agency",
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("province_code", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_index("ix_agency_province", "agency", ["province_code"], unique=False)
    op.create_table(
        "stat_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("checksum", sa.String(length=64), nullable=False),
        sa.Column("table_type", sa.String(length=40), nullable=True),
        sa.Column("rows_read", sa.Integer(), nullable=False),
        sa.Column("rows_accepted", sa.Integer(), nullable=False),
        sa.Column("rows_rejected", sa.Integer(), nullable=False),
        sa.Column("rejections", sa.Text(), nullable=False),
        sa.Column("values_written", sa.Integer(), nullable=False),
        sa.Column("values_replaced", sa.Integer(), nullable=False),
        sa.Column("periods", sa.Text(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("CURRENT_TIMESTAMP"), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "stat_value",
        sa.Column("unit_code", sa.String(length=20), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("measure", sa.String(length=40), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("province_code", sa.String(length=10), nullable=False),
        sa.Column("district_code", sa.String(length=10), nullable=True),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["batch_id"], ["stat_batch.id"]),
        sa.PrimaryKeyConstraint("unit_code", "period", "measure"),
    )
    op.create_index("ix_stat_value_batch", "stat_value", ["batch_id"], unique=False)
    op.create_index("ix_stat_value_period", "stat_value", ["period", "measure"], unique=False)
    op.create_index("ix_stat_value_scope", "stat_value", ["province_code", "period", "measure"], unique=False)
    op.create_table(
        "stat_value_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_code", sa.String(length=20), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("measure", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("replaced_by", sa.Integer(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["batch_id"], ["stat_batch.id"]),
        sa.ForeignKeyConstraint(["replaced_by"], ["stat_batch.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_stat_value_history_unit", "stat_value_history", ["unit_code", "period", "measure"],
                    unique=False)


def downgrade() -> None:
    op.drop_index("ix_stat_value_history_unit", table_name="stat_value_history")
    op.drop_table("stat_value_history")
    op.drop_index("ix_stat_value_scope", table_name="stat_value")
    op.drop_index("ix_stat_value_period", table_name="stat_value")
    op.drop_index("ix_stat_value_batch", table_name="stat_value")
    op.drop_table("stat_value")
    op.drop_table("stat_batch")
    op.drop_index("ix_agency_province", table_name="agency")
    op.drop_table("agency")
