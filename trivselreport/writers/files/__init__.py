"""The period's files replaced together or not at all."""
