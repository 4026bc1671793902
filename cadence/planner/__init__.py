"""The planner: the fewest, highest-value touchpoints within every stakeholder's budget.

:func:`cadence.planner.service.plan_workspace` is the entry point; the other modules hold one
concept each (the snapshot it plans on, candidate slots, the value function, the CP-SAT model,
the greedy construction, the hard-rule checker and the result types).
"""
