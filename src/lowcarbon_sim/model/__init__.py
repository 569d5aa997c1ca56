"""The energy-system LP: Pyomo model built from component blocks, solved by HiGHS."""
