"""Migration 0006 seeds the strategy exactly as hackplat/dashboard/strategy.py describes it."""

from __future__ import annotations

from flask_migrate import upgrade

from hackplat import create_app
from hackplat.dashboard.report import build_report
from hackplat.dashboard.strategy import STRATEGY_FIRST_YEAR, seed_strategy
from hackplat.extensions import db
from hackplat.models import Indicator, IndicatorCycle


def _described() -> list[tuple]:
    cycles = list(db.session.scalars(db.select(IndicatorCycle.first_fiscal_year)))
    indicators = db.session.scalars(db.select(Indicator).order_by(Indicator.position)).all()
    return [cycles] + [
        (i.key, i.name, i.name_en, i.unit, i.source, i.counting, i.baseline, i.is_public, i.position,
         {v.fiscal_year: v.target for v in i.values})
        for i in indicators
    ]  # fmt: skip


def test_the_migration_seeds_the_strategy(empty_database_url: str) -> None:
    seed_strategy()
    db.session.commit()
    expected = _described()
    migrated = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url})
    with migrated.app_context():
        upgrade()
        assert _described() == expected
        assert len(build_report(STRATEGY_FIRST_YEAR)) == len(expected) - 1  # the counts run on it
        db.session.add(
            Indicator(
                key="extra",
                name="追加",
                name_en="Extra",
                unit="items",
                source="entered",
                counting="yearly",
                position=99,
            )
        )  # the id sequence moved past the seed
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
