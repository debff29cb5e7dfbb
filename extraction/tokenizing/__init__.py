"""Chinese tokenization for the sequence labeler.

Text is first cut into runs that must never fuse with words (numbers, operator symbols, LaTeX
commands, punctuation, white space); only the runs of Chinese characters go to jieba, with the
domain dictionary (``resources/jieba_user_dict.txt``). So "培训合格率≥90%" gives
培训合格率 / ≥ / 90 / %, and "5000人" gives 5000 / 人. White space is kept as tokens (a tab or a
line break is a cell or line boundary the model can see). jieba's cache goes to a temp folder;
nothing is downloaded.
"""
from __future__ import annotations

import logging
import re
import tempfile
from functools import lru_cache

from .. import resources

Token = tuple[int, int]


@lru_cache(maxsize=None)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.tmp_dir = tempfile.gettempdir()
    jieba.load_userdict(resources.resource_path("jieba_user_dict.txt"))
    for word in resources.word_list("qualitative.txt") + tuple(resources.operators()):
        if re.fullmatch(r"[\u4e00-\u9fff]+", word):
            jieba.add_word(word)
    return jieba


def _either_width(word: str) -> str:
    """A pattern for ``word`` written with ASCII or full-width characters (">=" or "＞＝")."""
    out = []
    for c in word:
        if 0x21 <= ord(c) <= 0x7E:
            out.append("[" + re.escape(c) + chr(ord(c) + 0xFEE0) + "]")
        else:
            out.append(re.escape(c))
    return "".join(out)


@lru_cache(maxsize=None)
def _runs() -> re.Pattern:
    symbols = sorted((w for w in resources.operators() if not re.search(r"[\u4e00-\u9fff]", w)),
                     key=len, reverse=True)
    # units written with a slash ("人/次", "天/月") stay one token
    slashed = sorted((u for u in resources.units() if "/" in u), key=len, reverse=True)
    sym = "|".join(_either_width(s) for s in symbols)
    return re.compile(
        r"(?P<ws>\s+)"
        r"|(?P<tag></?[A-Za-z][A-Za-z0-9]{0,8}(?:\s[^<>\n]{0,80})?/?>)"
        r"|(?P<num>[0-9０-９]+(?:[.,，．][0-9０-９]+)*)"
        rf"|(?P<sym>{sym})"
        + (rf"|(?P<unit>{'|'.join(re.escape(u) for u in slashed)})" if slashed else "")
        + r"|(?P<latin>[A-Za-zＡ-Ｚａ-ｚ]+)"
        r"|(?P<han>[\u3400-\u9fff\uf900-\ufaff]+)"
        r"|(?P<other>.)",
        re.S,
    )


_CN_NUMERAL = resources.marker("numeral_chars")


@lru_cache(maxsize=None)
def _after_number() -> re.Pattern:
    # what may stick to a number's right in a Chinese run: a magnitude, then an infix operator of
    # operators.tsv ("10万余个")
    mags = "".join(resources.magnitudes())
    infix = "".join(w for w, (_, pos) in resources.operators().items() if pos == "infix" and len(w) == 1)
    return re.compile(rf"[{mags}](?=[{infix}])|[{infix}](?=[\u4e00-\u9fff])")


@lru_cache(maxsize=None)
def _numeral_measure() -> re.Pattern:
    # a jieba word made of a Chinese numeral and a unit ("一次", "两次", "一期") is two tokens
    units = "|".join(re.escape(u) for u in resources.units() if re.fullmatch(r"[\u4e00-\u9fff]+", u))
    return re.compile(rf"([{_CN_NUMERAL}]+)({units})")


def _cut_han(run: str, pos: int, after_number: bool, out: list[Token]) -> None:
    jieba = _jieba()
    if after_number:
        while (m := _after_number().match(run)):
            out.append((pos, pos + 1))
            run, pos = run[1:], pos + 1
    for word in jieba.cut(run, HMM=False):
        m = _numeral_measure().fullmatch(word)
        if m:
            cut = len(m.group(1))
            out.append((pos, pos + cut))
            out.append((pos + cut, pos + len(word)))
        else:
            out.append((pos, pos + len(word)))
        pos += len(word)


def segment(text: str) -> list[Token]:
    """(start, end) of every token of ``text``; white-space runs are tokens too."""
    out: list[Token] = []
    prev = None
    for m in _runs().finditer(text):
        if m.lastgroup == "han":
            _cut_han(m.group(), m.start(), prev == "num", out)
        elif m.lastgroup == "ws":
            # one token per line break so that line structure is visible; other blanks as one run
            s = m.start()
            for part in re.finditer(r"\n|[^\n]+", m.group()):
                out.append((s + part.start(), s + part.end()))
        else:
            out.append(m.span())
        prev = m.lastgroup
    return out


def words(text: str) -> list[str]:
    """The token strings of ``text`` (for notebooks and quick looks)."""
    return [text[s:e] for s, e in segment(text)]


class DomainTokenizer:
    """A spaCy tokenizer over :func:`segment` (white space kept as tokens, never as ``spaces``)."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str):
        from spacy.tokens import Doc

        toks = segment(text)
        return Doc(self.vocab, words=[text[s:e] for s, e in toks], spaces=[False] * len(toks))

    # spaCy serialises the tokenizer with the pipeline; this one has no state of its own
    def to_bytes(self, **_):
        return b""

    def from_bytes(self, _data, **_):
        return self

    def to_disk(self, _path, **_):
        pass

    def from_disk(self, _path, **_):
        return self


@lru_cache(maxsize=None)
def make_nlp():
    """A blank spaCy ``zh`` pipeline whose tokenizer is :class:`DomainTokenizer` (jieba inside)."""
    import spacy

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    nlp.tokenizer = DomainTokenizer(nlp.vocab)
    return nlp


__all__ = ["segment", "words", "make_nlp", "DomainTokenizer"]
