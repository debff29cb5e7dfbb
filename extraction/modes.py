"""The default extractor's name, importable without loading any extractor (the batch runner's
workers start from a clean interpreter and import only what a file needs)."""

# Decided by measurement (reports/crossval.md, leave one layout group out over the 55 annotated
# filings, the value judge held out with each group): "values" (the rules, and the value judge for
# every value outside the tables and the listed sections) scores record F1 0.821 strict / 0.908
# relaxed against the rules' 0.822 / 0.905, and on the 17 filings of the second batch (mostly prose
# reports, which the rules' listed headings miss) 0.355 / 0.667 against 0.324 / 0.622.
DEFAULT_MODE = "values"
