"""knowledge: routes come with the feature (see its services.py)."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("knowledge", __name__, url_prefix="/knowledge")
