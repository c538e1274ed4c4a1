"""The project's files on disk: confined to the project, read as UTF-8 text, parsed as YAML with
line numbers; the entries' folder walked.
"""
