"""pilots: routes come with the feature (see its services.py)."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("pilots", __name__, url_prefix="/pilots")
