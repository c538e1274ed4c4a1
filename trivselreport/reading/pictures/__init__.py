"""Pictures: the `billeder` field, each file checked and cleaned of hidden data, and the copy that
is published.
"""
