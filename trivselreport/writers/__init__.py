"""Writers: the composed memo turned into files (HTML, PDF, DOCX) and written safely.

Imports from `memo` and `reading`, never from `commands` or `cli`.
"""
