"""Commands: one use case each (build, check, new, init). They return data and print nothing.

Imports from `writers`, `memo` and `reading`; the terminal belongs to `cli`.
"""
