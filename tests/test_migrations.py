"""The migrations build exactly the schema the models describe, and undo it again,
on the backend of this run (SQLite, or PostgreSQL when TEST_DATABASE_URL is set)."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from hackplat import create_app
from hackplat.extensions import db


def test_upgrade_matches_the_models_and_downgrade_removes_everything(empty_database_url: str) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            differences = compare_metadata(MigrationContext.configure(conn), db.metadata)
            tables = set(inspect(conn).get_table_names())
        assert differences == [], differences
        assert {table.name for table in db.metadata.sorted_tables} <= tables
        downgrade(revision="base")
        with db.engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
        upgrade()  # and up again: the downgrade left nothing behind that blocks it
        db.engine.dispose()


def test_synonym_pruning_removes_the_seeded_rows_and_keeps_a_coordinators_edit(empty_database_url: str) -> None:
    """Migration 0031: 廃棄物 → ごみ and 交付 → 発行 go where they are as seeded; a row a
    coordinator changed stays, and the downgrade brings back only what is missing."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision="0030_page_rows")
        with db.engine.begin() as conn:
            conn.execute(text("DELETE FROM synonyms WHERE variant IN ('廃棄物', '交付')"))
            conn.execute(
                text("INSERT INTO synonyms (variant, canonical, created_at) VALUES (:v, :c, CURRENT_TIMESTAMP)"),
                [{"v": "廃棄物", "c": "ごみ"}, {"v": "交付", "c": "交付金"}],
            )
        upgrade(revision="0031_synonym_pruning")
        assert _synonyms() == {"交付": "交付金"}
        downgrade(revision="0030_page_rows")
        assert _synonyms() == {"交付": "交付金", "廃棄物": "ごみ"}
        db.engine.dispose()


def _synonyms() -> dict[str, str]:
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT variant, canonical FROM synonyms WHERE variant IN ('廃棄物', '交付')"))
        return dict(rows.all())


def test_postgresql_reads_a_searchs_weights_and_seeds_from_indexes(empty_database_url: str) -> None:
    """Migration 0032: the postings' key index carries the weight, the seeds' (id, version)
    index is_public and updated_at (SQLite has no INCLUDE: nothing to check there)."""
    if not empty_database_url.startswith("postgresql"):
        pytest.skip("INCLUDE: PostgreSQL only")
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision="0032_covering_reads")  # 0033 makes them key columns (below)
        with db.engine.connect() as conn:
            definitions = dict(conn.execute(text("SELECT indexname, indexdef FROM pg_indexes")).all())
        assert definitions["pk_search_terms"].endswith("(kind, term, item_id) INCLUDE (weight)")
        assert definitions["ix_seeds_id_version"].endswith("(id, version) INCLUDE (is_public, updated_at)")
        downgrade(revision="0031_synonym_pruning")
        with db.engine.connect() as conn:
            definitions = dict(conn.execute(text("SELECT indexname, indexdef FROM pg_indexes")).all())
        assert "INCLUDE" not in definitions["pk_search_terms"] + definitions["ix_seeds_id_version"]
        db.engine.dispose()


def test_the_seeds_listing_index_replaces_the_id_version_index(empty_database_url: str) -> None:
    """Migration 0033: (id, version, is_public, updated_at) as key columns on both databases;
    the downgrade gives 0032's index back."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade()
        columns = {ix["name"]: ix["column_names"] for ix in inspect(db.engine).get_indexes("seeds")}
        assert columns["ix_seeds_id_version_public_updated_at"] == ["id", "version", "is_public", "updated_at"]
        assert "ix_seeds_id_version" not in columns
        downgrade(revision="0032_covering_reads")
        columns = {ix["name"]: ix["column_names"] for ix in inspect(db.engine).get_indexes("seeds")}
        assert columns["ix_seeds_id_version"] == ["id", "version"]
        assert "ix_seeds_id_version_public_updated_at" not in columns
        db.engine.dispose()


def test_search_totals_are_filled_from_the_indexed_rows(empty_database_url: str) -> None:
    """Migration 0034: each kind's indexed items and summed lengths, from search_documents;
    noughts for a kind with none."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision="0033_seed_listing_index")
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO search_documents (kind, item_id, title_length, body_length, analyser_version) "
                    "VALUES (:kind, :item, :title, :body, 1)"
                ),
                [{"kind": "seed", "item": 1, "title": 3, "body": 10}, {"kind": "seed", "item": 2, "title": 5, "body": 20},
                 {"kind": "need", "item": 1, "title": 4, "body": 7}],
            )  # fmt: skip
        upgrade(revision="0034_search_totals")
        with db.engine.connect() as conn:
            totals = conn.execute(text("SELECT kind, documents, title_length, body_length FROM search_totals")).all()
        assert sorted(tuple(row) for row in totals) == [
            ("case", 0, 0, 0), ("lesson", 0, 0, 0), ("need", 1, 4, 7), ("seed", 2, 8, 30), ("support", 0, 0, 0)
        ]  # fmt: skip
        db.engine.dispose()


def test_search_term_counts_are_filled_from_the_postings(empty_database_url: str) -> None:
    """Migration 0035: each (kind, term)'s number of items, grouped from search_terms."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision="0034_search_totals")
        with db.engine.begin() as conn:
            conn.execute(
                text("INSERT INTO search_terms (kind, term, item_id, weight) VALUES (:kind, :term, :item, 0.5)"),
                [{"kind": "seed", "term": "防犯", "item": 1}, {"kind": "seed", "term": "防犯", "item": 2},
                 {"kind": "seed", "term": "カメラ", "item": 2}, {"kind": "need", "term": "防犯", "item": 1}],
            )  # fmt: skip
        upgrade(revision="0035_search_term_counts")
        with db.engine.connect() as conn:
            counts = conn.execute(text("SELECT kind, term, documents FROM search_term_counts")).all()
        assert sorted(tuple(row) for row in counts) == [("need", "防犯", 1), ("seed", "カメラ", 1), ("seed", "防犯", 2)]
        db.engine.dispose()
