"""evaluations: routes come with the feature (see its services.py)."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("evaluations", __name__, url_prefix="/evaluations")
