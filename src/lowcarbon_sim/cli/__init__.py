"""The ``lowcarbon-sim`` command line: :func:`main` and the console-script :func:`entry`.

* :mod:`~lowcarbon_sim.cli.main`: the parser, ``run``, ``validate``, ``data``;
* :mod:`~lowcarbon_sim.cli.outputs`: ``plot``, ``compare``, ``report``, ``export``;
* the ensemble commands are :mod:`lowcarbon_sim.ensemble.cli`.
"""

from __future__ import annotations

from lowcarbon_sim.cli.main import build_parser, entry, main

__all__ = ["build_parser", "entry", "main"]
