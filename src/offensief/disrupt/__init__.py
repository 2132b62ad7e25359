"""Disruption: removal strategies, fast simulation, recovery, intervention plans.

Modules: :mod:`conventions` (what a run measures and how), :mod:`graphs` (preparing a
network), :mod:`strategies` (scores), :mod:`ordering` and :mod:`components` (incremental
removal orders and component tracking), :mod:`metrics`, :mod:`process` (business-process
capacity), :mod:`simulate`, :mod:`recovery`, :mod:`barrier` and :mod:`plan`,
:mod:`case` (the person network of a workspace or case), :mod:`report`.
See ``docs/disrupt.md``.
"""
