"""Fields: each declared once, read into typed values with Danish messages; the README's field
tables.
"""
