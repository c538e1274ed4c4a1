"""The memo: the model of one status memo, built from what `reading` returns.

The period and the entries it selects, the composed memo, the overview and the
statistics, and the guard that scans every text the memo publishes. Imports only
from `reading` (and the shared `errors` and `danish`).
"""
