"""``flask --app hackplat demo load``."""

from __future__ import annotations

import click

from hackplat.extensions import db


@click.group(help="デモデータ / Demo data.")
def demo() -> None:
    pass


@demo.command("load", help="空のデータベースにデモデータを入れます（データがあれば何もしません）。")
def load() -> None:
    # Imported here: the demo's data modules are large, and every app start registers this command.
    from hackplat.demo.data import DEMO_TOTP_SECRET
    from hackplat.demo.loader import database_is_empty, load_demo
    from hackplat.matching.store import rebuild

    if not database_is_empty():
        click.echo("データベースに既にデータがあるため、何も変更しませんでした。")
        return
    click.echo("デモデータを読み込んでいます…")
    load_demo(lambda line: click.echo(f"  {line}"))
    db.session.commit()
    report = rebuild()
    click.echo(f"  マッチング: ペア {report.pairs:,} 件（{report.seconds:.1f} 秒）")
    click.echo("デモデータを読み込みました。")
    click.echo(
        f"  coordinator@ と admin@ の二段階認証（TOTP）の設定キー: {DEMO_TOTP_SECRET}"
        "（認証アプリに登録するか、README の方法でコードを表示してください）"
    )
