"""The annotation loop with Label Studio: push filings with the extractor's spans as predictions,
pull the submitted annotations back as gold, and measure what the annotator changed."""
