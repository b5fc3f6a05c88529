from flask import Blueprint

bp = Blueprint("seeds", __name__, url_prefix="/seeds")
