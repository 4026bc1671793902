"""``python -m benchmarks``: run every benchmark."""

from benchmarks import planner

planner.main([])
