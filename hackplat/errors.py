"""Domain errors raised by services, and the handlers that turn every error into a
Japanese page with the right status (never a traceback, never a 500 for bad input)."""

from __future__ import annotations

from flask import Flask, current_app, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from hackplat.extensions import db


class DomainError(Exception):
    """A rule of the domain refused the action; ``status`` is the HTTP answer."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field  # the form field the message belongs next to, if any


class InvalidInput(DomainError):
    status = 400


class PermissionDenied(DomainError):
    status = 403


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    """The object's state does not allow the action (a life-cycle rule, a stale edit)."""

    status = 409


class TooManyAttempts(DomainError):
    status = 429


DEFAULT_MESSAGES = {
    400: _l("リクエストの内容が正しくありません。入力内容を確認してください。"),
    401: _l("このページを見るにはサインインしてください。"),
    403: _l("このページを表示する権限がありません。"),
    404: _l("お探しのページは見つかりませんでした。"),
    405: _l("この操作はこの方法では行えません。"),
    409: _l("現在の状態ではこの操作を行えません。画面を再読み込みしてください。"),
    413: _l("送信された内容が大きすぎます。"),
    429: _l("短時間に操作が集中しています。しばらく待ってからもう一度お試しください。"),
    500: _l("システムでエラーが発生しました。時間をおいてもう一度お試しください。"),
}

TITLES = {
    400: _l("入力エラー"),
    401: _l("サインインが必要です"),
    403: _l("アクセスできません"),
    404: _l("ページが見つかりません"),
    405: _l("許可されていない操作"),
    409: _l("操作できません"),
    413: _l("送信内容が大きすぎます"),
    429: _l("アクセスが集中しています"),
    500: _l("システムエラー"),
}


# Shown when even the error page cannot be rendered (a broken template, a lost database).
BARE_ERROR_PAGE = (
    '<!doctype html><html lang="ja"><meta charset="utf-8"><title>システムエラー</title>'
    "<h1>システムエラー</h1><p>時間をおいてもう一度お試しください。</p></html>"
)


def render_error(status: int, message: str | None = None) -> tuple[str, int]:
    db.session.rollback()
    known = status if status in TITLES else 500 if status >= 500 else 400
    try:
        page = render_template(
            "errors/error.html", status=status, title=TITLES[known], message=message or DEFAULT_MESSAGES[known]
        )
    except Exception:  # the last line of defence must not raise
        current_app.logger.exception("error page failed to render")
        return BARE_ERROR_PAGE, status
    return page, status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(error: DomainError) -> tuple[str, int]:
        return render_error(error.status, error.message)

    @app.errorhandler(CSRFError)
    def csrf_error(_error: CSRFError) -> tuple[str, int]:
        message = _l(
            "フォームの有効期限が切れたか、正しくない送信です。ページを再読み込みしてからもう一度送信してください。"
        )
        return render_error(400, str(message))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        return render_error(error.code or 500)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> tuple[str, int]:
        app.logger.exception("unhandled error", exc_info=error)
        return render_error(500)
