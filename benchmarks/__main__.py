"""``python -m benchmarks``: run every benchmark."""

from benchmarks import planner, ui_scale

planner.main([])
ui_scale.main()
