"""The energy-system LP: Pyomo model built from component blocks, solved by HiGHS."""

from lowcarbon_sim.model.import_trim import trim_imports

trim_imports()  # before any stage imports SciPy or converts an array
