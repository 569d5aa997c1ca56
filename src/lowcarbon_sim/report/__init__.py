"""Reports of saved results: HTML and Markdown pages and comparisons of several runs.

Reports read results only (a :class:`~lowcarbon_sim.results.core.Results`, its Dataset or a
``results.nc``), so they rebuild from saved files. The key-figure tables they show are
:mod:`lowcarbon_sim.results.summary` (re-exported here).
"""

from __future__ import annotations

from lowcarbon_sim.report.html import (
    CAPTIONS,
    comparison_table,
    html_report,
    markdown_report,
    markdown_table,
    summary_frame,
    target_table,
    write_comparison,
    write_html_report,
    write_markdown_report,
)
from lowcarbon_sim.report.planner import (
    dataset_name,
    key_figures,
    keys_set,
    target_scorecard,
)
from lowcarbon_sim.results.summary import pick_years, summary_csv, summary_rows, summary_table

__all__ = [
    "CAPTIONS",
    "comparison_table",
    "dataset_name",
    "html_report",
    "key_figures",
    "keys_set",
    "markdown_report",
    "markdown_table",
    "pick_years",
    "summary_csv",
    "summary_frame",
    "summary_rows",
    "summary_table",
    "target_scorecard",
    "target_table",
    "write_comparison",
    "write_html_report",
    "write_markdown_report",
]
