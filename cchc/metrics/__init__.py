"""Metrics computed from reported values: year-end projections, target status, province-level
aggregation of unit values, and task deadlines. Pure functions over plain values and frames."""
