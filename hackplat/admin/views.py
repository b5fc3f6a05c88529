"""The administrator's pages: city accounts, roles and departments."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from hackplat.accounts import recovery, throttle, totp
from hackplat.accounts.recovery_forms import TemporaryPasswordForm
from hackplat.admin import names, services
from hackplat.admin.forms import CityUserForm, DepartmentForm, RoleForm
from hackplat.errors import DomainError, InvalidInput
from hackplat.extensions import db
from hackplat.forms import BaseForm, SelectChoice, choices, text
from hackplat.models import Department, DepartmentKind, Role, User
from hackplat.permissions import can_change_role, can_manage_departments, can_manage_users, require
from hackplat.views import (
    get_or_404,
    paginate,
    refuse,
    render_form,
    render_refused,
    require_sign_in,
)

bp = Blueprint("admin", __name__, url_prefix="/admin")
#: The account list is long and scanned by eye: more rows than the other lists.
USERS_PER_PAGE = 30


@bp.before_request
def only_admins() -> None:
    require_sign_in()
    require(can_manage_users(current_user) and can_manage_departments(current_user))


def _department_choices(blank: str) -> list[SelectChoice]:
    departments = db.session.scalars(select(Department).order_by(Department.kind, Department.name))
    return choices([(0, blank), *((d.id, d.name) for d in departments)])


def _department(department_id: int | None) -> Department | None:
    return db.session.get(Department, department_id) if department_id else None


@bp.get("/users")
def users() -> str:
    query = select(User).order_by(User.role, User.name, User.id)
    pagination = paginate(query, per_page=USERS_PER_PAGE)
    return render_template("admin/users.html", pagination=pagination)


@bp.route("/users/new", methods=["GET", "POST"])
def new_user() -> Response | tuple[str, int]:
    form = CityUserForm()
    form.department_id.choices = _department_choices(_("（なし）"))
    if not form.validate_on_submit():
        return render_form("admin/user_new.html", form)
    account = services.CityAccount(
        email=text(form.email),
        name=text(form.name),
        role=Role(form.role.data),
        password=text(form.password),
        department=_department(form.department_id.data),
    )
    try:
        user = services.create_city_user(account, actor=current_user)
    except InvalidInput as refusal:
        return render_refused("admin/user_new.html", form, refusal)
    db.session.commit()
    flash(_("%(name)s さんのアカウントを作成しました。", name=user.name), "success")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id: int) -> Response | tuple[str, int]:
    user = get_or_404(User, user_id)
    form = RoleForm(role=user.role.value, department_id=user.department_id or 0, active=user.active)
    form.department_id.choices = _department_choices(_("（なし）"))
    if not form.validate_on_submit():
        return render_form("admin/user_edit.html", form, user=user, password_form=TemporaryPasswordForm(formdata=None))
    role, department = Role(form.role.data), _department(form.department_id.data)
    try:
        if role is not user.role or department is not user.department:
            services.change_role(user, role, department, actor=current_user)
        if form.active.data != user.active:
            services.set_active(user, form.active.data, actor=current_user)
    except InvalidInput as refusal:
        return render_refused(
            "admin/user_edit.html", form, refusal, user=user, password_form=TemporaryPasswordForm(formdata=None)
        )
    db.session.commit()
    flash(_("保存しました。"), "success")
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/password")
def set_temporary_password(user_id: int) -> Response | tuple[str, int]:
    """An administrator's reset: a temporary password, changed at the next sign-in."""
    user = get_or_404(User, user_id)
    form = RoleForm(formdata=None, role=user.role.value, department_id=user.department_id or 0, active=user.active)
    form.department_id.choices = _department_choices(_("（なし）"))
    password_form = TemporaryPasswordForm()
    if not password_form.validate_on_submit():
        return render_form("admin/user_edit.html", form, user=user, password_form=password_form)
    try:
        recovery.set_temporary_password(user, text(password_form.password), actor=current_user)
    except DomainError as refusal:
        refuse(password_form, refusal)
        return render_template(
            "admin/user_edit.html", form=form, user=user, password_form=password_form
        ), refusal.status
    db.session.commit()
    flash(_("%(name)s さんの仮のパスワードを設定しました。次のサインインで変更を求めます。", name=user.name), "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.post("/users/<int:user_id>/reset-mail")
def send_reset_mail(user_id: int) -> Response:
    """An administrator's reset by mail: the person sets a new password by the link."""
    user = get_or_404(User, user_id)
    recovery.send_reset_by_admin(user, actor=current_user)
    db.session.commit()
    flash(_("%(name)s さんにパスワード再設定のメールを送りました。", name=user.name), "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.context_processor
def account_state() -> dict[str, object]:
    return {"account_locked": throttle.is_locked}


@bp.post("/users/<int:user_id>/unlock")
def unlock_user(user_id: int) -> Response:
    """Lift a sign-in lock without touching the password (audited with the admin)."""
    user = get_or_404(User, user_id)
    require(can_change_role(current_user, user))
    throttle.unlock_account(user, actor=current_user)
    db.session.commit()
    flash(_("%(name)s さんのアカウントのロックを解除しました。", name=user.name), "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.post("/users/<int:user_id>/totp-reset")
def reset_totp(user_id: int) -> Response:
    """Clear someone's second factor (lost app and codes): every session ends, they enrol again."""
    user = get_or_404(User, user_id)
    require(can_change_role(current_user, user))
    totp.reset_by_admin(user, actor=current_user)
    db.session.commit()
    flash(_("%(name)s さんの二段階認証をリセットしました。", name=user.name), "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.route("/names", methods=["GET", "POST"])
def english_names() -> Response | tuple[str, int]:
    """Every department's and theme's English name, on one form (hackplat/admin/names.py)."""
    form, (departments, themes) = BaseForm(), names.rows()
    typed = {key: value for key, value in request.form.items() if key.startswith(("department-", "theme-"))}
    context = {"departments": departments, "themes": themes, "typed": typed, "refusal": None}
    if not form.validate_on_submit():
        return render_form("admin/names.html", form, **context)
    try:
        changed = names.set_english_names(typed, actor=current_user)
    except InvalidInput as refusal:
        db.session.rollback()
        return render_template("admin/names.html", form=form, **{**context, "refusal": refusal}), refusal.status
    db.session.commit()
    flash(_("英語名を保存しました（%(count)d件を変更）。", count=changed), "success")
    return redirect(url_for("admin.english_names"))


@bp.route("/departments", methods=["GET", "POST"])
def departments() -> Response | tuple[str, int]:
    form = DepartmentForm()
    form.parent_id.choices = _department_choices(_("（なし）"))
    listing = db.session.scalars(select(Department).order_by(Department.kind, Department.name)).all()
    if not form.validate_on_submit():
        return render_form("admin/departments.html", form, departments=listing)
    try:
        services.create_department(
            text(form.name), DepartmentKind(form.kind.data), _department(form.parent_id.data), actor=current_user
        )
    except InvalidInput as refusal:
        return render_refused("admin/departments.html", form, refusal, departments=listing)
    db.session.commit()
    flash(_("部署を追加しました。"), "success")
    return redirect(url_for("admin.departments"))
