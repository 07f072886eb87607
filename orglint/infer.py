"""Infer a unit's canonical functions from its name, and resolve KPI names.

Names come in 简体, 繁體 or English, with noise ("客服部（华东）", "Customer Service - Shanghai").
Text is normalized to one alphabet: NFKC, case-folded, 繁體 characters mapped to 简体, each English
word replaced by one private-use character (so "pr" never matches inside "product" and
"Customer  Service" equals "customer service"), and spaces and punctuation dropped. Matching then
segments the text into vocabulary entries, preferring cover of more characters and then fewer,
longer pieces: 售前客服 is one piece (cs_presale), not 售前 + 客服; 销售中心 is 销售 + 中心, not
售中. The vocabulary is data (rules/*.yaml, via orglint.vocabulary); this module only computes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from orglint import vocabulary
from orglint.vocabulary import AmbiguousTerm, Reading

_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
_NOISE = re.compile(r"[\W_]+")  # spaces, punctuation, symbols (private-use characters too)
_WORD = re.compile(rf"[^\W_{_CJK}]+")  # an English word, a number, "b2c": whatever is not CJK
_UNKNOWN_WORD = "\ue000"  # stands for any word the vocabulary does not use
_FIRST_WORD_CODE = 0xE001


def _stem(word: str) -> str:
    """Fold English plurals ('Campaigns' meets 'campaign'); keywords and input alike."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


class _Normalizer:
    """Text -> matching alphabet; knows the English words of the vocabulary."""

    def __init__(self, t2s: dict[str, str], vocabulary_words: Iterable[str]) -> None:
        self._t2s = str.maketrans(t2s)
        words = {_stem(w) for text in vocabulary_words for w in _WORD.findall(self._fold(text))}
        self._codes = {word: chr(_FIRST_WORD_CODE + i) for i, word in enumerate(sorted(words))}

    def _fold(self, text: str) -> str:
        folded = unicodedata.normalize("NFKC", text).casefold().translate(self._t2s)
        # Words are split before the noise goes, so that "customer service" stays two words.
        return _NOISE.sub(" ", folded)

    def _code(self, match: re.Match[str]) -> str:
        return self._codes.get(_stem(match.group()), _UNKNOWN_WORD)

    def __call__(self, text: str) -> str:
        return _WORD.sub(self._code, self._fold(text)).replace(" ", "")


@dataclass(frozen=True)
class _Meaning:
    """What a matched piece of text means: ids, an ambiguous term, or nothing (a generic word)."""

    ids: tuple[str, ...] = ()  # function ids; in the KPI table, the KPI id
    term: AmbiguousTerm | None = None

    @property
    def is_object(self) -> bool:
        return bool(self.ids) or self.term is not None


_GENERIC = _Meaning()


class _Table:
    """Keyword -> meaning, with the keyword lengths per first character for a fast scan."""

    def __init__(self, entries: dict[str, _Meaning]) -> None:
        self.entries = {key: value for key, value in entries.items() if key}
        lengths: dict[str, set[int]] = {}
        for key in self.entries:
            lengths.setdefault(key[0], set()).add(len(key))
        self.lengths = {char: tuple(sorted(ls, reverse=True)) for char, ls in lengths.items()}

    def segment(self, text: str) -> list[tuple[str, _Meaning | None]]:
        """(piece, meaning) of the best segmentation; None for a character no entry covers.

        Best = most characters covered, then fewest pieces (so longer keywords win). Dynamic
        programming from the right; on a tie a piece starting earlier, then a longer one, wins.
        """
        n, entries, lengths = len(text), self.entries, self.lengths
        weight = n + 1  # score = covered * weight - pieces: coverage first, then fewer pieces
        score, step = [0] * (n + 1), [0] * (n + 1)  # step[i]: piece length at i, 0 = uncovered
        for i in range(n - 1, -1, -1):
            best, choice = score[i + 1], 0
            for length in lengths.get(text[i], ()):
                end = i + length
                if end <= n and text[i:end] in entries:
                    candidate = score[end] + length * weight - 1
                    if candidate > best or (choice == 0 and candidate == best):
                        best, choice = candidate, length
            score[i], step[i] = best, choice
        return self._pieces(text, step)

    def _pieces(self, text: str, step: list[int]) -> list[tuple[str, _Meaning | None]]:
        pieces: list[tuple[str, _Meaning | None]] = []
        i = 0
        while i < len(text):
            piece = text[i : i + (step[i] or 1)]
            pieces.append((piece, self.entries[piece] if step[i] else None))
            i += len(piece)
        return pieces


@dataclass(frozen=True)
class _Tables:
    normalize: _Normalizer
    names: _Table  # function keywords, ambiguous terms, generic name words
    duties: _Table  # keywords naming an object (function, ambiguous term), vague and filler words
    kpis: _Table  # KPI names -> the KPI id


def _name_entries(normalize: _Normalizer) -> dict[str, _Meaning]:
    """Generic words first, so that a keyword spelled the same overrides them; keywords listed
    under several functions get the union; ambiguous terms override plain keywords."""
    entries = {normalize(w): _GENERIC for w in vocabulary.generic_name_words()}
    merged: dict[str, set[str]] = {}
    for word, ids in vocabulary.function_keywords():
        merged.setdefault(normalize(word), set()).update(ids)
    entries.update({key: _Meaning(ids=tuple(sorted(ids))) for key, ids in merged.items()})
    for term in vocabulary.ambiguous_terms():
        entries.update({normalize(w): _Meaning(term=term) for w in term.keywords})
    return entries


def _duty_entries(normalize: _Normalizer, names: dict[str, _Meaning]) -> dict[str, _Meaning]:
    """Vague phrases and filler words, overridden by every keyword that names an object.

    Generic name words stay out: in a duty, 负责销售 names an object even if 销售 is no function."""
    words = (*vocabulary.vague_phrases(), *vocabulary.filler_words())
    entries = {normalize(w): _GENERIC for w in words}
    entries.update({key: value for key, value in names.items() if value.is_object})
    return entries


def _kpi_entries(normalize: _Normalizer) -> dict[str, _Meaning]:
    return {
        normalize(name): _Meaning(ids=(kpi.id,))
        for kpi in vocabulary.kpis().values()
        for name in kpi.names
    }


@cache
def _tables() -> _Tables:
    normalize = _Normalizer(dict(vocabulary.traditional_to_simplified()), vocabulary.all_words())
    names = _name_entries(normalize)
    duties = _duty_entries(normalize, names)
    return _Tables(normalize, _Table(names), _Table(duties), _Table(_kpi_entries(normalize)))


@dataclass(frozen=True)
class _TextReading:
    """What a name or responsibility says before its context is known."""

    named: frozenset[str]  # functions its keywords name outright
    terms: tuple[AmbiguousTerm, ...]  # ambiguous terms, whose functions the context decides
    sorted_named: tuple[str, ...]  # `named` as infer_functions returns it


@lru_cache(maxsize=16384)
def _text_reading(text: str) -> _TextReading:
    """Cached: org files repeat names a lot (客服组 thousands of times), and the reading depends
    on the text and the vocabulary only (read once, never changed)."""
    tables = _tables()
    meanings = [m for _, m in tables.names.segment(tables.normalize(text)) if m is not None]
    named = frozenset(function for meaning in meanings for function in meaning.ids)
    terms = tuple(meaning.term for meaning in meanings if meaning.term is not None)
    return _TextReading(named, terms, tuple(sorted(named)))


def _reading_for(term: AmbiguousTerm, context: Collection[str]) -> Reading | None:
    return next((r for r in term.readings if not r.when.isdisjoint(context)), None)


def _default_reading(term: AmbiguousTerm) -> Reading | None:
    return next((r for r in term.readings if r.default), None)


def _resolve(
    term: AmbiguousTerm, parents: Collection[str], named: Collection[str], duties: Sequence[str]
) -> Iterable[str]:
    """Functions of an ambiguous term. Knowledge §7.1 lets the parent unit, the keywords beside the
    term and the responsibilities decide: the first of those a reading applies to wins, else the
    term's default reading, else nothing (质检 outside customer service)."""
    reading = _reading_for(term, parents) or _reading_for(term, named)
    if reading is None and duties:
        reading = _reading_for(term, _functions_in(duties, parents, ()))
    reading = reading or _default_reading(term)
    return reading.functions if reading else ()


def _functions_in(
    texts: Iterable[str], parents: Collection[str], duties: Sequence[str]
) -> set[str]:
    """Functions named in the texts; `duties` only helps to resolve ambiguous terms."""
    found: set[str] = set()
    for text in texts:
        reading = _text_reading(text)
        found |= reading.named
        for term in reading.terms:
            found.update(_resolve(term, parents, reading.named, duties))
    return found


def infer_functions(
    name: str, responsibilities: Sequence[str] = (), parent_functions: Collection[str] = ()
) -> tuple[str, ...]:
    """Canonical function ids (sorted, unique) a unit owns, judged by its name.

    Only when the name yields nothing do the responsibilities decide (all their matches).
    `parent_functions` (the parent unit's functions) resolves ambiguous names such as 质检 or SEO.
    """
    reading = _text_reading(name)
    if reading.named and not reading.terms:
        return reading.sorted_named  # the usual name: its keywords decide, whatever the context
    return _inferred_functions(name, tuple(responsibilities), _context(parent_functions))


# The answers below depend on their arguments and the vocabulary only (read once, never changed),
# so caching them is safe; it pays because a large org repeats the same name, duties and parent
# context many times.


@cache
def _deciding_functions() -> frozenset[str]:
    """Every function whose presence decides a reading of some ambiguous term (its `when`)."""
    readings = (r for term in vocabulary.ambiguous_terms() for r in term.readings)
    return frozenset().union(*(r.when for r in readings))


def _context(parent_functions: Collection[str]) -> frozenset[str]:
    """The parent's functions that can decide an ambiguous term. The inference only ever asks
    whether a reading's `when` meets the parent's functions, so these give the same answers as
    all of them; and far fewer distinct contexts share the cached answers below (a cold 10k-unit
    org: some 660 misses of 1050 before)."""
    return _deciding_functions().intersection(parent_functions)


@lru_cache(maxsize=16384)
def _inferred_functions(
    name: str, responsibilities: tuple[str, ...], parents: frozenset[str]
) -> tuple[str, ...]:
    found = _functions_in((name,), parents, responsibilities)
    if not found:
        found = _functions_in(responsibilities, parents, ())
    return tuple(sorted(found))


def is_ambiguous_name(
    name: str, responsibilities: Sequence[str] = (), parent_functions: Collection[str] = ()
) -> bool:
    """True when the name holds an ambiguous term (活动策划, 产品部, 质检, 运营, SEO ...) that its
    context does not settle: neither the parent's functions, nor the other words of the name, nor
    the responsibilities pick one of the term's readings, so only the default reading applies."""
    if not _text_reading(name).terms:
        return False  # the usual name: nothing to settle
    return _is_ambiguous_name(name, tuple(responsibilities), _context(parent_functions))


@lru_cache(maxsize=16384)
def _is_ambiguous_name(
    name: str, responsibilities: tuple[str, ...], parents: frozenset[str]
) -> bool:
    reading = _text_reading(name)
    duties = _functions_in(responsibilities, parents, ()) if responsibilities else set()
    return any(
        not any(_reading_for(term, context) for context in (parents, reading.named, duties))
        for term in reading.terms
    )


@lru_cache(maxsize=16384)  # org files repeat the same duties and KPI names across units
def is_vague_responsibility(text: str) -> bool:
    """True when the text is only generic phrases with no object (协助完成领导交办的其他工作).

    Any function keyword, ambiguous term or word outside the vague/filler lists is an object.
    """
    tables = _tables()
    pieces = tables.duties.segment(tables.normalize(text))
    return all(m is not None and not m.is_object for _, m in pieces)


@lru_cache(maxsize=16384)
def resolve_kpi(name: str) -> str | None:
    """The KPI id a written KPI name stands for, or None.

    The longest catalogued name inside the text decides (earliest on a tie), so
    'Inventory Turnover (days)' and '库存周转率（天）' both resolve to inventory_turnover.
    """
    tables = _tables()
    pieces = [(p, m) for p, m in tables.kpis.segment(tables.normalize(name)) if m is not None]
    if not pieces:
        return None
    longest = max(len(p) for p, _ in pieces)
    return next(m.ids[0] for p, m in pieces if len(p) == longest)
