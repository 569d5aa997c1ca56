"""Results: the Dataset of a run, its NetCDF file, province totals, targets and tables.

Nothing here imports ``lowcarbon_sim.model``: figures and reports rebuild from a saved file.
"""
