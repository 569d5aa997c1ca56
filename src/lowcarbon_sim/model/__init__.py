"""The energy-system LP: Pyomo model built from component blocks, solved by HiGHS.

The modules import ``pyomo.core`` (the modelling components), not ``pyomo.environ``, which
also loads every Pyomo plugin (solver interfaces, writers, transformations, GDP, DAE:
0.14 CPU-s) that a run with HiGHS never uses; a solve with a Pyomo solver plugin imports
it there (:mod:`~lowcarbon_sim.model.solve`). Models are the same Pyomo models either way.
"""

from lowcarbon_sim.model.import_trim import trim_imports

trim_imports()  # before any stage imports SciPy or converts an array
