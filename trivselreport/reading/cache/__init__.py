"""The entry cache: each entry file's validated result, kept between runs (see store.py)."""
