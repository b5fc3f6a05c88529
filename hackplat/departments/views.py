"""The public department page: its needs posted and solved per fiscal year."""

from __future__ import annotations

from flask import Blueprint, render_template

from hackplat.departments.services import department_record
from hackplat.models import Department
from hackplat.views import get_or_404, page_number

bp = Blueprint("departments", __name__, url_prefix="/departments")


@bp.get("/<int:department_id>")
def detail(department_id: int) -> str:
    """Public: every department's name is on its needs already, and only public needs count."""
    department = get_or_404(Department, department_id)
    record = department_record(department, page=page_number())
    return render_template("departments/detail.html", department=department, record=record)
