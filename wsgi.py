"""The WSGI entry point: ``gunicorn wsgi:app``."""

from hackplat import create_app
from hackplat.memory import settle_collector

app = create_app()
settle_collector()  # the collector's settings for serving pages (hackplat/memory.py)
