"""The DOCX: python-docx's document with real headings, lists, links, pictures and the overview
table, reproducible byte for byte.
"""
