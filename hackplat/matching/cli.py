"""``flask --app hackplat match ...``: rebuild the ranking, evaluate the matcher.
Names and output are stable: outside checks run them."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from hackplat.extensions import db
from hackplat.matching.core.evaluate import EVAL_SET_ENV, EvalFileError, evaluate_files, files_or_eval_set
from hackplat.matching.settings import word_vectors
from hackplat.models import Need, Seed

match = AppGroup("match", help="マッチング（課題とシーズの順位付け） / The matcher.")


@match.command("rebuild", help="すべての課題とシーズで順位付けを作り直し、一度に切り替えます。")
def rebuild_command() -> None:
    from hackplat.matching.store import rebuild

    total = sum(db.session.scalar(select(func.count()).select_from(model)) or 0 for model in (Need, Seed))
    done: dict[str, int] = {}
    with click.progressbar(length=max(total, 1), label="再構築", show_pos=True, width=30) as bar:

        def progress(stage: str, count: int) -> None:
            if stage.startswith("analyse"):
                bar.update(count - done.get(stage, 0))
                done[stage] = count
            else:
                bar.label = "ペアを書き込み中" if stage == "pairs" else "学習中"

        report = rebuild(progress)
        bar.update(total)
    db.session.remove()
    click.echo(
        f"完了: 課題 {report.needs:,} 件、シーズ {report.seeds:,} 件、ペア {report.pairs:,} 件、"
        f"内容語がなく除外 {report.skipped:,} 件、{report.seconds:.1f} 秒（版 {report.version_id}）"
    )


@match.command(
    "evaluate",
    help="評価用ファイルだけで索引を作り、nDCG@k と Recall@k を出力します（DBは使いません）。"
    f"省略したファイルは評価セット（環境変数 {EVAL_SET_ENV}、既定はリポジトリの隣の shared/matching/dev）から読みます。",
)
@click.option("--needs", "needs_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--seeds", "seeds_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--qrels", "qrels_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--k", default=10, show_default=True, type=click.IntRange(1, 1000))
def evaluate_command(needs_path: Path | None, seeds_path: Path | None, qrels_path: Path | None, k: int) -> None:
    try:
        files = files_or_eval_set(needs_path, seeds_path, qrels_path)
        result = evaluate_files(files.needs, files.seeds, files.qrels, k=k, vectors=word_vectors())
    except EvalFileError as error:
        raise click.ClickException(str(error)) from None
    click.echo(json.dumps(result, ensure_ascii=False))
