"""``flask --app hackplat ...`` commands: accounts and demo data."""

from __future__ import annotations

import click
from flask import Flask
from sqlalchemy import select

from hackplat.admin.services import CITY_ROLES, CityAccount, create_city_user
from hackplat.errors import DomainError
from hackplat.extensions import db
from hackplat.models import Department, Role


def register_commands(app: Flask) -> None:
    from hackplat.dashboard.cli import report
    from hackplat.demo.cli import demo
    from hackplat.legal.cli import legal
    from hackplat.matching.cli import match
    from hackplat.matching.search_jobs import search

    app.cli.add_command(users)
    app.cli.add_command(match)
    app.cli.add_command(demo)
    app.cli.add_command(outbox)
    app.cli.add_command(report)
    app.cli.add_command(legal)
    app.cli.add_command(search)


@click.group(help="利用者アカウントの管理 / Manage user accounts.")
def users() -> None:
    pass


@users.command("create", help="市の職員・コーディネーター・管理者のアカウントを作成します。")
@click.option("--role", type=click.Choice([role.value for role in CITY_ROLES]), required=True)
@click.option("--email", required=True)
@click.option("--name", default="", help="氏名（省略時はメールアドレス）")
@click.option("--department", default=None, help="所属部署名（staff には必須）")
@click.password_option(help="パスワード（省略時は入力を求めます）")
def create_user(role: str, email: str, name: str, department: str | None, password: str) -> None:
    dept = None
    if department:
        dept = db.session.scalar(select(Department).where(Department.name == department))
        if dept is None:
            raise click.ClickException(f"部署「{department}」が見つかりません。")
    account = CityAccount(email=email, name=name or email, role=Role(role), password=password, department=dept)
    try:
        user = create_city_user(account, actor=None)
    except DomainError as refusal:
        db.session.rollback()
        raise click.ClickException(str(refusal.message)) from None
    db.session.commit()
    click.echo(f"作成しました: {user.email}（{user.role.value}）")


@click.group(help="通知の送信 / The notification outbox.")
def outbox() -> None:
    pass


@outbox.command(
    "send", help="送信予定の時刻になった通知メールを、この場で1通ずつ送ります（MAIL_SERVER 未設定ならログに記録）。"
)
def send_outbox() -> None:
    """The consumer's sweep, in the foreground: what is due now, each message on its own."""
    from hackplat.notifications.outbox import deliver_due

    total = 0
    while handled := deliver_due():
        total += handled
        click.echo(f"  {total} 件処理しました")
    click.echo(f"完了: {total} 件")
