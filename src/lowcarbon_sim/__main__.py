"""``python -m lowcarbon_sim`` behaves as ``lowcarbon-sim``."""

import sys

from lowcarbon_sim.cli import main

sys.exit(main())
