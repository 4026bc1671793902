"""Speed measurements, run with ``python -m benchmarks.<name>`` (not part of ``make test``)."""
