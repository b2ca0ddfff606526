"""Benchmarks and the national-scale data generator (not part of the application).

Scripts: ``bench/generate.py`` (synthetic persons in bulk) and ``bench/bench_people.py``
(response times of the person pages). See docs/benchmarks.md."""
