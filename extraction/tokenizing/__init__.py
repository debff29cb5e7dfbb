"""Chinese tokenization: jieba with the domain dictionary (resources/jieba_user_dict.txt) inside
a spaCy ``zh`` pipeline. jieba's cache goes to a temp folder; nothing is downloaded."""
from __future__ import annotations

import logging
import tempfile
from functools import lru_cache

from ..resources import resource_path


@lru_cache(maxsize=None)
def make_nlp():
    """A blank spaCy ``zh`` pipeline segmenting with jieba and the domain dictionary."""
    import jieba
    import spacy

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.tmp_dir = tempfile.gettempdir()
    jieba.load_userdict(resource_path("jieba_user_dict.txt"))
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
