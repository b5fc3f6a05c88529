"""``flask --app hackplat report targets --format json|csv``: the dashboard's figures for
outside checks (the formats: README.md, "Programme targets")."""

from __future__ import annotations

import json

import click

from hackplat.dashboard.export import report_as_csv, report_as_json
from hackplat.dashboard.report import build_report
from hackplat.dashboard.services import NoCycle, resolve_cycle


@click.group(help="目標と実績の報告 / Programme figures.")
def report() -> None:
    pass


@report.command("targets", help="指標ごと・年度ごとの目標と実績を出力します。")
@click.option("--format", "output_format", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@click.option("--cycle", type=int, default=None, help="期間に含まれる年度（西暦; 省略時は今年度を含む期間）")
def targets(output_format: str, cycle: int | None) -> None:
    try:
        first_year = resolve_cycle(cycle)
    except NoCycle as missing:
        hint = "管理者がダッシュボード（/dashboard/cycles/new）から新しい期間を定義できます。"
        raise click.ClickException(f"{missing.message} {hint}") from None
    figures = build_report(first_year)
    if output_format == "json":
        click.echo(json.dumps(report_as_json(figures), ensure_ascii=False, indent=2))
    else:
        click.echo(report_as_csv(figures).removeprefix("\ufeff"), nl=False)
