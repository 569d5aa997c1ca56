"""``python -m lowcarbon_sim`` behaves as ``lowcarbon-sim``."""

from lowcarbon_sim.cli import entry

entry()
