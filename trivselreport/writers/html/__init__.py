"""HTML: the templates (sandboxed), a body as markup, the overview's chart, the accessibility
check; for the PDF and for Word.
"""
