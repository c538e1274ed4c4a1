"""The PDF: WeasyPrint started without waste and isolated from system fonts, the memo's fonts,
rendering, and the structure tree we write for screen readers.
"""
