"""The WSGI entry point: ``gunicorn wsgi:app``."""

from hackplat import create_app

app = create_app()
