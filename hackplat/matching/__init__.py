"""Needs–seeds matcher, in three layers that import only downwards:

- ``core/``: the analyser, weighting, index, persistence and evaluation; plain Python +
  numpy/scipy/fugashi, no Flask and no database (tests/matching/core/
  test_layering.py checks it), so it can be used and benchmarked on its own;
- ``store/``: the ranking in the database (tokens kept on the rows, rebuilds, versions,
  live updates in every worker);
- this package's own modules: the web layer (views, forms, suggestions on the pages,
  similar needs, the synonym table's services, the ``flask match`` commands).
"""
