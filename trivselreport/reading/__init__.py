"""Reading: the project's files on disk, read once, checked, and turned into values.

YAML with its lines, the fields and their Danish messages, the config, the entries,
the pictures, the project folder's boundary, and the guard's scans of each file.
Imports nothing from the layers above (memo, writers, commands, cli).
"""
