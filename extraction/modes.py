"""The default extractor's name, importable without loading any extractor (the batch runner's
workers start from a clean interpreter and import only what a file needs)."""

DEFAULT_MODE = "combined"
