"""The home pages: the public one (``/``) and the signed-in person's own (``/home``),
which lists what waits for them (hackplat/home/items.py); the navigation's count of it."""

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from hackplat.home import items, public

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> str:
    return public.render_public_home()  # hackplat/home/public.py


@bp.get("/home")
@login_required
def mine() -> str:
    return render_template("home/mine.html", sections=items.sections(current_user))


@bp.app_context_processor
def home_todo() -> dict[str, object]:
    """The navigation's count (templates never query): computed when a page uses it."""

    def count() -> int:
        return items.todo_count(current_user) if current_user.is_authenticated else 0

    return {"home_todo_count": count}
