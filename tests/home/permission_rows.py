"""The signed-in person's home page (hackplat/home/views.py)."""

from tests.permission_rows import SIGNED_IN, Row

ROWS: dict[str, Row] = {
    "home.mine": ("GET", "/home", {}, SIGNED_IN),
}
