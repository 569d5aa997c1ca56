"""Sector modules: industry, buildings, transport and the rest of the economy.

Pure functions from the scenario's ``sectors`` and ``economy`` sections to energy demand by
carrier and direct CO2 per year (see :func:`lowcarbon_sim.sectors.compute`).
"""
