"""The administrator's page of English names (hackplat/admin/names.py)."""

from tests.permission_rows import ADMINS, Row

ROWS: dict[str, Row] = {
    "admin.english_names": ("GET", "/admin/names", {}, ADMINS),
}
