"""Caches of what visitors read, kept right by a version stamp in the database.

``stamp``: every committed transaction that wrote a table a page may show adds a row to
``content_changes``; the newest row's id is the content's version, read once per request,
so every worker on every host sees an edit at its next request. ``pages``: the public
pages as a signed-out visitor gets them, kept per process by that version.
"""
