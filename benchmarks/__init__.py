"""Speed measurements, run as ``python -m benchmarks.<name>`` (never part of ``make test``)."""
