"""What the support request's statuses and paths are called, and what the department
says that leads to each path (the strategy's four phrases)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from hackplat.models.support import SupportPath, SupportStatus

STATUS_LABELS: dict[SupportStatus, LazyString] = {
    SupportStatus.SUBMITTED: _l("受付（振り分け待ち）"),
    SupportStatus.TRIAGED: _l("振り分け済み"),
    SupportStatus.IN_PROGRESS: _l("対応中"),
    SupportStatus.DONE: _l("完了"),
    SupportStatus.WITHDRAWN: _l("取り下げ"),
    SupportStatus.DECLINED: _l("見送り"),
}

PATH_LABELS: dict[SupportPath, LazyString] = {
    SupportPath.ANALYSIS: _l("業務分析支援"),
    SupportPath.NEED: _l("課題の募集"),
    SupportPath.SEARCH: _l("事業者探し"),
    SupportPath.PROJECT: _l("プロジェクト管理支援"),
}

#: What a department says when this path fits (shown next to each choice in the triage form).
PATH_HINTS: dict[SupportPath, LazyString] = {
    SupportPath.ANALYSIS: _l("何が課題か分からない"),
    SupportPath.NEED: _l("課題は見えたけど解決策が分からない"),
    SupportPath.SEARCH: _l("事業者がみつからない"),
    SupportPath.PROJECT: _l("プロジェクトがうまく進まない"),
}

UNTRIAGED = _l("未振り分け")


def path_label(path: SupportPath | None) -> str:
    return str(PATH_LABELS[path]) if path is not None else str(UNTRIAGED)
