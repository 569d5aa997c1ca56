"""Component blocks of the LP.

Each block is a plain object following :class:`lowcarbon_sim.model.blocks.base.Block`: it
adds its variables and constraints to a Pyomo sub-block of the model, and reports its
contributions to the electricity balance, the annual cost and the CO2 emissions; the
balance and the objective are assembled from those contributions in one place
(:mod:`lowcarbon_sim.model.build`).
"""
