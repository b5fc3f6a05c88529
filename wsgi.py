"""The WSGI entry point: ``gunicorn wsgi:app``."""

import gc

from hackplat import create_app

app = create_app()

# What the app holds from its start (mappers, templates' environment, catalogues, the
# analyser's tables: ~200,000 objects) lives as long as the worker. Frozen, the
# collector's full passes skip it: each took 150 ms, paid by whichever request set it off
# every few hundred requests (tests/bench/bench_pages.py freezes the same way).
gc.collect()
gc.freeze()
