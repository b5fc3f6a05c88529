"""Registers every provider of the home page, in the order their sections are shown:
the administrators' and the programme office's, the department's, the organisation's
(a module may place its providers after another's: ``register(..., after=key)``).
A new module of providers is one more import here."""

from hackplat.home import department, mentoring, office, organisation, questions, support  # noqa: F401
