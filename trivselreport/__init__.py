"""trivselreport: compiles short YAML entries into the Danish status memo."""

__version__ = "0.1.0"
