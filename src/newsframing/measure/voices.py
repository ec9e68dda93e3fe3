"""Who speaks: attribute each sentence to a voice (quoted or paraphrased speech) or to the outlet.

No off-the-shelf tool attributes news quotes to *kinds* of speakers, so this is hand-written and kept
simple enough to audit. Per sentence:
1. find an attribution: a speech verb next to a quotation ("…," said X / "…," X said), a trailing
   attribution (", the report says."), a leading subject + speech verb ("OpenAI told…", "As Bloomberg
   points out, …"), or "according to X";
2. a sentence that opens with a quotation mark and has no attribution continues the previous
   sentence's quotation; a pronoun speaker ("He confirmed…") is the previous sentence's speaker;
3. map the speaker phrase (the speaker and, after a comma, their role: "Jane Roe, policy director at
   Acme AI") to a voice with ``data/lexicons/voices.csv`` (first matching pattern; names introduced in
   the article with a role, "director Paul Trillo" or "Jane Roe, a voice actor", are remembered);
4. otherwise the voice is the outlet's own.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from newsframing import paths
from newsframing.measure.lexicon import quoted_token_mask

VOICES_FILE = paths.LEXICONS / "voices.csv"
OUTLET = "outlet"
OTHER = "other sources"
VERBS = (r"(?:has |have |had )?(?:said|says|say|told|tells|wrote|writes|added|adds|argued|argues|noted|notes|"
         r"stated|states|commented|comments|explained|explains|claimed|claims|warned|warns|posted|tweeted|"
         r"announced|praised|criticized|criticised|insisted|suggested|reports?|reported|"
         r"points? out|pointed out|suspects?|confirmed|confirms|believes?)")
_AFTER_QUOTE_VERB_FIRST = re.compile(r"[”\"]\s*,?\s*" + VERBS + r"\s+(?P<s>[^.;:”\"]+)")
_AFTER_QUOTE_SUBJ_FIRST = re.compile(r"[”\"]\s*,?\s*(?P<s>[^.;:”\"]{1,60}?)\s+" + VERBS + r"\b")
_TRAILING = re.compile(r",\s*(?P<s>[^,.;:”\"]{1,50}?)\s+" + VERBS + r"\s*[.!?]?$")
_VERB_THEN_NAME = re.compile(r",\s*" + VERBS + r"\s+(?P<s>[A-Z][^,.;:]+)")
_LEADING = re.compile(r"^(?:[^,“\"]{0,30},\s*)?(?P<s>[A-Z][^,;:”“\"]{0,60}?)\s+(?:were quick to |also |already |certainly |reportedly )?" + VERBS + r"\b")
_ACCORDING = re.compile(r"\baccording to (?P<s>[^,.;:“\"]+)", re.I)
_WHEN = re.compile(
    r"\s+(in|on|at|last|this|over)\s+(\d|summer|spring|autumn|fall|winter|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|"
    r"november|december|week|year|month|the (weekend|statement|post|interview)).*$", re.I)
_PRONOUN = re.compile(r"^(?:as\s+)?(he|she|they|it|we|i)$", re.I)
_NAME = r"[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){1,3}"  # two to four capitalised words, space-separated
_NAMED = re.compile(r"((?:[\w’'/-]+\s+){1,3})([A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){1,2})\b")
# "Jane Roe, policy director at Acme AI, said …": a name, an appositive (the role), then the verb
_APPOSITIVE = re.compile(r"^(?P<s>" + _NAME + r",\s+[^,;:“”\"]{2,80}?),\s+(?:also |later |then )?" + VERBS + r"\b")
# a name followed by its role anywhere in the article ("… said Jane Roe, a director at Acme.")
_NAME_ROLE = re.compile(r"(?P<name>" + _NAME + r"),\s+(?P<role>(?:an?|the|its|their)\s+[^,.;:“”\"]{2,60}|"
                        r"[a-z][^,.;:“”\"]{2,60}?\s(?:at|of|for|with)\s[A-Z][^,.;:“”\"]{1,40})(?=[,.;:]|$)")
# what may follow a speaker's name after a comma without being their role
_NOT_ROLE = re.compile(r"(?:\w+ing|and|but|as|while|when|where|because|though|although|if|in|on|after|before|"
                       r"according|so|then|adding|noting|saying)\b", re.I)


@lru_cache(maxsize=2)
def load_voices(path: Path = VOICES_FILE) -> tuple[tuple[re.Pattern[str], str], ...]:
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    return tuple((re.compile(r.pattern, re.I), r.voice) for r in df.itertuples())


def voice_of(speaker: str, names: dict[str, str] | None = None) -> str:
    """Voice of a speaker phrase: remembered names first, then the voice patterns, else 'other sources'."""
    for name, voice in (names or {}).items():
        if re.search(rf"\b{re.escape(name)}\b", speaker):
            return voice
    for pat, voice in load_voices():
        if pat.search(speaker):
            return voice
    return OTHER


def find_speaker(text: str) -> tuple[str, str] | None:
    """(speaker phrase, kind) where kind is 'quote' or 'paraphrase'; None if no attribution."""
    quoted = any(quoted_token_mask(text))
    patterns = (_TRAILING, _AFTER_QUOTE_VERB_FIRST, _AFTER_QUOTE_SUBJ_FIRST) if quoted else (_TRAILING,)
    for rx in (*patterns, _VERB_THEN_NAME, _APPOSITIVE, _LEADING, _ACCORDING):
        m = rx.search(text)
        if m:
            speaker = _WHEN.sub("", _speaker_and_role(m.group("s"), text[m.end("s"):]))
            speaker = re.sub(r"^(as|but|and)\s+", "", speaker, flags=re.I)
            if speaker:
                return speaker, "quote" if quoted else "paraphrase"
    return None


def _speaker_and_role(found: str, rest: str) -> str:
    """The speaker phrase cut to the speaker and, when one follows the name, their role.

    "Jane Roe, a director at Acme, adding that…" -> "Jane Roe, a director at Acme"; a clause after the
    comma ("…, adding that studios…") is not the role and is dropped, so its words cannot pick the voice.
    """
    parts = [p.strip() for p in found.strip().rstrip(",").split(",")]
    if len(parts) == 1 and rest.startswith(","):  # the pattern stopped at a comma: is a role next?
        m = re.match(r",\s+([^,.;:“”\"]{2,80})", rest)
        if m and not _NOT_ROLE.match(m.group(1)) and re.fullmatch(_NAME, parts[0]):
            parts.append(m.group(1).strip())
    keep = parts[:1]
    if len(parts) > 1 and not _NOT_ROLE.match(parts[1]):
        keep.append(parts[1])
    return ", ".join(p for p in keep if p)


def remembered_names(texts: list[str]) -> dict[str, str]:
    """Surnames introduced with a role ('director Paul Trillo', 'OpenAI CEO Sam Altman') -> voice."""
    names: dict[str, str] = {}
    for t in texts:
        found = [(m.group(1), m.group(2)) for m in _NAMED.finditer(t)]
        found += [(m.group("role"), m.group("name")) for m in _NAME_ROLE.finditer(t)]
        for role, name in found:
            voice = voice_of(role)
            if voice != OTHER:
                names.setdefault(re.sub(r"[’']s$", "", name.strip().rstrip(".,;:’'")).split()[-1], voice)
    return names


def attribute_voices(sentences: pd.DataFrame) -> pd.DataFrame:
    """speaker, speech ('quote'|'paraphrase'|'none') and voice for every sentence, article by article."""
    out = []
    for _, art in sentences.groupby("article_id", sort=False):
        names = remembered_names(list(art.text))
        prev: tuple[str, str, str] | None = None  # speaker, voice, paragraph
        for row in art.itertuples():
            text = row.text.strip()
            found = find_speaker(text)
            if found and _PRONOUN.match(found[0]) and prev:
                rec = (prev[0], found[1], prev[1])
            elif found:
                rec = (found[0], found[1], voice_of(found[0], names))
            elif text[:1] in "“\"" and prev and prev[2] == row.paragraph:
                rec = (prev[0], "quote", prev[1])
            else:
                rec = ("", "none", OUTLET)
            out.append({"sentence_id": row.sentence_id, "speaker": rec[0], "speech": rec[1], "voice": rec[2]})
            prev = (rec[0], rec[2], row.paragraph) if rec[1] != "none" else None
    df = pd.DataFrame(out)
    assert len(df) == len(sentences)
    return df


VOICE_CODES_FILE = paths.ANNOTATIONS / "voice_codes.csv"


def validate_voices(frames: pd.DataFrame, codes_file: Path = VOICE_CODES_FILE) -> dict[str, pd.DataFrame] | None:
    """Agreement of the attributed voices with hand codes (None when the corpus is not hand-coded)."""
    from sklearn.metrics import cohen_kappa_score, f1_score

    if not codes_file.is_file():
        return None
    codes = pd.read_csv(codes_file, dtype=str, keep_default_na=False)
    if not set(frames.sentence_id) <= set(codes.sentence_id):
        return None
    d = frames[["sentence_id", "voice"]].merge(codes[["sentence_id", "voice"]].rename(columns={"voice": "code"}),
                                                on="sentence_id", validate="one_to_one")
    labels = sorted(set(d.code) | set(d.voice))
    scores = pd.DataFrame([
        {"measure": "sentences", "value": float(len(d))},
        {"measure": "accuracy", "value": round(float((d.voice == d.code).mean()), 4)},
        {"measure": "cohen_kappa", "value": round(float(cohen_kappa_score(d.code, d.voice, labels=labels)), 4)},
        {"measure": "macro_f1", "value": round(float(f1_score(d.code, d.voice, labels=labels, average="macro", zero_division=0)), 4)},
    ])
    confusion = d.groupby(["code", "voice"]).size().reset_index(name="n").rename(columns={"voice": "attributed"})
    return {"voice_validation": scores, "voice_confusion": confusion}
