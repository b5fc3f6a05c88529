"""The matcher without the web app: analyser, weighting, index, persistence, evaluation.

Nothing here imports Flask, SQLAlchemy or another layer of hackplat; the only other
hackplat module it uses is the pure ``hackplat.fiscal`` (the Japanese era table).
"""
