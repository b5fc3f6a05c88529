"""``flask --app hackplat legal init``: the sample texts as version 1 (a new installation)."""

from __future__ import annotations

import click

from hackplat.extensions import db
from hackplat.legal.services import publish_samples


@click.group(help="利用規約・プライバシーポリシー / Terms of use and privacy policy.")
def legal() -> None:
    pass


@legal.command(
    "init",
    help="まだ版のない文書に、見本の文面（サンプル）を第1版として公開します。運用前に管理画面で市の正式な文面に差し替えてください。",
)
def init() -> None:
    published = publish_samples()
    db.session.commit()
    if published:
        click.echo(f"見本の文面を {published} 件公開しました。/admin/legal から市の正式な文面に差し替えてください。")
    else:
        click.echo("既に公開している版があるため、何もしませんでした。")
