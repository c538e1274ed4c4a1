"""The PDF's fonts: Lato from its package, the symbols Lato lacks drawn by our own code into a font
of our own, and a fontconfig that sees only these.
"""
