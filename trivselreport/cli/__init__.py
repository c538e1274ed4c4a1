"""The command line: the only layer that knows typer, rich and the terminal (stdin).

Parses options, asks the commands, and prints their results in Danish.
"""
