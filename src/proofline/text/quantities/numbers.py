"""Numbers written in digits or in words, under the separator rules of the package docstring."""

from __future__ import annotations

import re

from proofline.text.quantities.vocab import NO_LEAD_SCALES


def parse_digits(s: str, lang: str | None, money_prefix: bool = False) -> float:
    """Read a digit string under the separator rules of the package docstring."""
    s = "".join(s.split()).replace("'", "")
    if "," in s and "." in s:
        last_comma = s.rfind(",") > s.rfind(".")
        return float(s.replace(".", "").replace(",", ".") if last_comma else s.replace(",", ""))
    if "," in s:
        parts = s.split(",")
        if len(parts) > 2:
            return float(s.replace(",", ""))
        if len(parts[1]) == 3 and parts[0] != "0" and (lang != "fr" or money_prefix):
            return float(s.replace(",", ""))
        return float(s.replace(",", "."))
    if "." in s:
        parts = s.split(".")
        if len(parts) > 2:
            return float(s.replace(".", ""))
        if len(parts[1]) == 3 and parts[0] != "0" and lang == "fr" and not money_prefix:
            return float(s.replace(".", ""))
        return float(s)
    return float(s)


WORD_TOKEN = re.compile(r"[^\W\d_]+")
_TENS = frozenset({20, 30, 40, 50, 60, 70, 80, 90})


def parse_words(s: str, words: dict[str, float]) -> tuple[float, int] | None:
    """Value of a number-word phrase and how many characters of `s` it really covers.

    The regex joins any run of number words; this keeps only the prefix that reads as one
    number ("vingt-sept", "quatre-vingt-dix-neuf", "two hundred and five"), so "deux trois"
    is 2.
    """
    total = 0.0
    current = 0.0
    last: float | None = None  # value of the current group below 100, None at a group start
    end = 0
    used = 0
    toks = list(WORD_TOKEN.finditer(s))
    for i, m in enumerate(toks):
        t = m.group(0).lower()
        if t in ("et", "and"):
            continue
        if t == "a":
            if i + 1 < len(toks) and toks[i + 1].group(0).lower() in NO_LEAD_SCALES:
                current = 1
                last = 1
                end = m.end()
                continue
            break
        if t not in words:
            break
        v = words[t]
        if used == 0 and t in NO_LEAD_SCALES and current == 0:
            return None
        if v == 0:
            if used:
                break
        elif v < 100:
            if last is not None:
                if t in ("vingt", "vingts") and last == 4 and current % 100 == 4:
                    current += 76
                    last = 80
                    used += 1
                    end = m.end()
                    continue
                # "vingt-sept", "dix-huit", "soixante-douze", "quatre-vingt-onze"; anything else ends it
                if not ((last in _TENS and 1 <= v <= 9) or (last == 10 and 7 <= v <= 9)
                        or (last in (60, 80) and 10 <= v <= 19)):
                    break
            current += v
            last = current % 100
        elif v == 100:
            if current >= 100:
                break
            current = (current or 1) * 100
            last = None
        else:
            total += (current or 1) * v
            current = 0
            last = None
        used += 1
        end = m.end()
    if used == 0:
        return None
    return total + current, end


def year_of(s: str | None, words: dict[str, float]) -> int | None:
    """A year 1900-2100 written in digits or in words ("deux mille vingt-cinq"), else None."""
    if not s:
        return None
    s = s.strip()
    if s.isdigit():
        y = int(s)
    else:
        p = parse_words(s, words)
        if p is None or p[1] < len(s.rstrip()):
            return None
        y = int(p[0])
    return y if 1900 <= y <= 2100 else None


def day_of(s: str, words: dict[str, float]) -> int | None:
    """A day of the month 1-31 ("premier", "3", "vingt et un"), else None."""
    s = s.strip().lower()
    if s == "premier":
        return 1
    digits = re.match(r"\d+", s)
    if digits:
        d = int(digits.group(0))
    else:
        p = parse_words(s, words)
        if p is None or p[1] < len(s):
            return None
        d = int(p[0])
    return d if 1 <= d <= 31 else None



def num_value(s: str | None, lang: str | None, words: dict[str, float]) -> float | None:
    """A whole number in digits or in words, None when `s` is not all one number."""
    if s is None:
        return None
    if s[0].isdigit():
        try:
            return parse_digits(s, lang)
        except ValueError:
            return None
    p = parse_words(s, words)
    if p is None or p[1] < len(s.rstrip()):
        return None
    return p[0]
