"""Needs–seeds matcher: Japanese analyser, TF-IDF index, evaluation.

Plain Python + numpy/scipy/scikit-learn; imports nothing from the web app, so it can
be used (and benchmarked) on its own.
"""
