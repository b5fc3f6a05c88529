"""The matcher's ranking in the database: tokens kept on the rows (``texts``), full
rebuilds and atomic version switches (``versions``), live updates in every worker
(``live``). The web layer calls the names below."""

from hackplat.matching.store.versions import RebuildReport, rebuild, synonym_table

__all__ = ["RebuildReport", "rebuild", "synonym_table"]
