"""Who speaks: attribute each sentence to a voice (quoted or paraphrased speech) or to the outlet.

No off-the-shelf tool attributes news quotes to *kinds* of speakers, so this is hand-written and kept
simple enough to audit. Per sentence:
1. find an attribution: a speech verb next to a quotation ("…," said X / "…," X said), a trailing
   attribution (", the report says."), a leading subject + speech verb ("OpenAI told…", "As Bloomberg
   points out, …"), or "according to X";
2. a sentence that opens with a quotation mark and has no attribution continues the previous
   sentence's quotation; a pronoun speaker ("He confirmed…") is the previous sentence's speaker, or the
   last one named in the article; the writer's own "I"/"we" outside quotation marks is the outlet;
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
         r"points? out|pointed out|suspects?|confirmed|confirms|believes?|"
         r"acknowledged|acknowledges|stressed|stresses|emphasi[sz]ed|emphasi[sz]es|cautioned|cautions|predicted|"
         r"predicts|conceded|concedes|questioned|questions|urged|urges|replied|replies|responded|responds|"
         r"recalled|recalls|admitted|admits|denied|denies|disputed|disputes|countered|counters|maintained|"
         r"maintains|estimated|estimates|objected|objects|testified|alleged|alleges|complained|complains|"
         r"declared|declares|asked|asks|recounted|recounts|told me|tells me)")
# verbs that come before their subject in news style ("…, said Jane Roe"); "believes Amazon is…" is not one
_INVERTED = (r"(?:said|says|wrote|writes|added|adds|reports|reported|explained|explains|noted|notes|recalled|recalls|asked|asks|"
             r"continued|continues|argued|argues|warned|warns|told me|tells me)")
# what a speaker after a verb may run to: a clause follows a qualifier ("said on Monday it will…")
_QUALIFIER = r"(?:\s+(?:in|on|at|last|this|during|via|to|through|with)\b(?:(?!\b(?:that|which|who)\b)[^,;:”“\"]){0,60})?"
_AFTER_QUOTE_VERB_FIRST = re.compile(r"[”\"]\s*,?\s*" + VERBS + r"\s+(?P<s>[^.;:”\"]+)")
_AFTER_QUOTE_SUBJ_FIRST = re.compile(r"[”\"]\s*,?\s*(?P<s>[^.;:”\"]{1,60}?)\s+" + VERBS + r"\b")
_TRAILING = re.compile(r",\s*(?P<s>[^,.;:”\"]{1,50}?)\s+" + VERBS + _QUALIFIER + r"\s*[.!?]?$")
# an attribution in the middle of a sentence: "Revenue rose, she said, because …"
_MIDDLE = re.compile(r",\s*(?P<s>(?:he|she|they|it|[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){0,3}|the [a-z]+))\s+"
                     r"(?:said|says|added|adds|wrote|writes|explained|explains|noted|notes)" + _QUALIFIER + r"\s*,")
_VERB_THEN_NAME = re.compile(r",\s*" + _INVERTED + r"\s+(?P<s>[A-Z][^,.;:]+)")
_LEADING = re.compile(r"^(?:[^,“\"]{0,30},\s*)?(?P<s>[A-Z][^,;:”“\"]{0,60}?)\s+(?:were quick to |also |already |certainly |reportedly |later |then |has since |have since )?" + VERBS + r"\b")
# a dateline opens wire copy: "MADRID (Meridian Newswire) - ", "LONDON — "
_DATELINE = re.compile(r"^[A-Z][A-Z .,'-]{2,40}(?:\([^)]{1,60}\))?\s*[-—–]+\s*")
# a phrase ending like this is a clause, not a speaker ("Imagine being told", "what you want to be able to say")
_NOT_SPEAKER = re.compile(r"(?:^(?:imagine|how|what|why|when|where|if|whether|whatever|once|unless|according)\b)|"
                          r"\b(?:being|been|be|to|and|or|not|never|was|were|is|are|have|has|had|that|who|which)$", re.I)
_FIRST_PERSON = re.compile(r"^(?:i|we)\b", re.I)
_ACCORDING = re.compile(r"\baccording to (?P<s>[^,.;:“\"]+)", re.I)
_WHEN = re.compile(
    r"\s+(in|on|at|last|this|over)\s+(\d|summer|spring|autumn|fall|winter|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|"
    r"november|december|week|year|month|the (weekend|statement|post|interview)).*$", re.I)
_PRONOUN = re.compile(r"^(?:as\s+)?(he|she|they|it|we|i)$", re.I)
# a name: two to five capitalised words, space-separated, joined by "of", "the", "for", "and" or "&"
# ("The Union of Dubbing Actors of Spain", "Calder & Wynn Group")
_NAME = r"[A-Z][\w’'.-]+(?:\s+(?:(?:of|the|for|and|&)\s+)*[A-Z][\w’'.-]+){1,4}"
_NAMED = re.compile(r"((?:[\w’'/-]+\s+){1,3})([A-Z][\w’'.-]+(?:\s+(?:&\s+)?[A-Z][\w’'.-]+){1,2})\b")
# a role naming an organisation rather than a person ("dubbing company Estudios Castellar")
_ORG_ROLE = re.compile(r"\b(?:compan|firm|group|platform|studio|agenc|publisher|label|service|network|union|guild|"
                       r"start-?up|maker|developer|house|press|imprint|chain|newspaper|broadcaster|alliance)", re.I)
# "Jane Roe, policy director at Acme AI, said …": a name, an appositive (the role), then the verb
_APPOSITIVE = re.compile(r"^(?P<s>(?:[\w’'-]+\s+){0,3}?" + _NAME + r",\s+[^,;:“”\"]{2,80}?),\s+(?:also |later |then )?"
                         + VERBS + r"\b")
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
    text = _DATELINE.sub("", text)
    quoted = any(quoted_token_mask(text))
    patterns = (_TRAILING, _AFTER_QUOTE_VERB_FIRST, _AFTER_QUOTE_SUBJ_FIRST) if quoted else (_TRAILING,)
    for rx in (*patterns, _MIDDLE, _VERB_THEN_NAME, _APPOSITIVE, _LEADING, _ACCORDING):
        m = rx.search(text)
        if m:
            speaker = _WHEN.sub("", _speaker_and_role(m.group("s"), text[m.end("s"):]))
            speaker = re.sub(r"^(as|but|and)\s+", "", speaker, flags=re.I)
            if speaker and not _NOT_SPEAKER.search(speaker):
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
    """Names introduced with a role ('director Paul Trillo', 'OpenAI CEO Sam Altman', 'dubbing company
    Estudios Castellar', 'Jane Roe, a voice actor') -> voice, keyed by the surname or, for an organisation,
    also by its first word ("Castellar said", "Calder & Wynn said")."""
    names: dict[str, str] = {}
    for t in texts:
        found = [(m.group(1), m.group(2)) for m in _NAMED.finditer(t)]
        found += [(m.group("role"), m.group("name")) for m in _NAME_ROLE.finditer(t)]
        for role, name in found:
            voice = voice_of(role)
            if voice == OTHER:
                continue
            words = re.sub(r"[’']s$", "", name.strip().rstrip(".,;:’'")).split()
            names.setdefault(words[-1], voice)
            if _ORG_ROLE.search(role):
                names.setdefault(words[0], voice)
    return names


def attribute_voices(sentences: pd.DataFrame) -> pd.DataFrame:
    """speaker, speech ('quote'|'paraphrase'|'none') and voice for every sentence, article by article."""
    out = []
    for _, art in sentences.groupby("article_id", sort=False):
        names = remembered_names(list(art.text))
        prev: tuple[str, str, str] | None = None  # speaker, voice, speech of the previous sentence
        last: tuple[str, str] | None = None  # the last speaker named in the article and their voice
        for row in art.itertuples():
            text = row.text.strip()
            found = find_speaker(text)
            if found and _FIRST_PERSON.match(found[0]) and found[1] == "paraphrase":
                rec = ("", "none", OUTLET)  # the writer's own "I/we": the outlet's voice
            elif found and _PRONOUN.match(found[0]) and (who := prev or last):
                rec = (who[0], found[1], who[1])
            elif found:
                rec = (found[0], found[1], voice_of(found[0], names))
            elif text[:1] in "“\"" and prev and prev[2] == "quote":
                rec = (prev[0], "quote", prev[1])  # a quotation runs on, in news style also into the next paragraph
            else:
                rec = ("", "none", OUTLET)
            out.append({"sentence_id": row.sentence_id, "speaker": rec[0], "speech": rec[1], "voice": rec[2]})
            prev = (rec[0], rec[2], rec[1]) if rec[1] != "none" else None
            if prev and not _PRONOUN.match(rec[0]):
                last = (rec[0], rec[2])
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


HELD_OUT_DIR = paths.VALIDATION / "voices"


def coder_kappa(held_out_dir: Path = HELD_OUT_DIR) -> dict[int, float]:
    """Cohen's κ between the two blind coders of each sample (``sample1/``, ``sample2/``)."""
    from sklearn.metrics import cohen_kappa_score

    out = {}
    for k, folder in enumerate(sorted(held_out_dir.glob("sample*")), start=1):
        a, b = (pd.read_csv(f, dtype=str, keep_default_na=False) for f in sorted(folder.glob("coder_*.csv")))
        out[k] = round(float(cohen_kappa_score(a.voice, a[["sentence_id"]].merge(b).voice)), 4)
    return out


def transfer_check(sentences: pd.DataFrame, held_out_dir: Path = HELD_OUT_DIR) -> pd.DataFrame:
    """How the voice rules do on articles they were not written from: training-corpus articles coded
    blind by two coders per sample (``voice_codes.csv``, adjudicated). ``part``: 'development' (half of
    sample 1) was read while the rules were revised in 2026-12; 'held_out' (its other half) was scored
    once, after; 'fresh' (sample 2, drawn after the revision) was never used to change the rules.
    One row per part, for the held-out parts together ('held_out_all') and for everything ('all').

    >>> from newsframing.measure.training import read_sentences  # doctest: +SKIP
    >>> transfer_check(read_sentences()).set_index("part").loc["held_out_all", "accuracy"]  # doctest: +SKIP
    """
    from sklearn.metrics import cohen_kappa_score, f1_score

    codes = pd.read_csv(held_out_dir / "voice_codes.csv", dtype={"sample": int}, keep_default_na=False)
    kappa = coder_kappa(held_out_dir)
    sents = sentences[sentences.article_id.isin(set(codes.article_id))]
    got = attribute_voices(sents.reset_index(drop=True))
    d = codes.merge(got[["sentence_id", "voice"]].rename(columns={"voice": "attributed"}), on="sentence_id",
                    validate="one_to_one")
    if len(d) != len(codes):
        raise ValueError(f"{held_out_dir / 'voice_codes.csv'}: {len(codes) - len(d)} coded sentence(s) not in the corpus")
    groups = [*d.groupby("part", sort=False), ("held_out_all", d[d.part != "development"]), ("all", d)]
    rows = []
    for part, g in groups:
        labels = sorted(set(g.voice) | set(g.attributed))
        spoken = g[g.voice != OUTLET]
        rows.append({
            "part": part, "articles": g.article_id.nunique(), "sentences": len(g),
            "accuracy": round(float((g.voice == g.attributed).mean()), 4),
            "cohen_kappa": round(float(cohen_kappa_score(g.voice, g.attributed)), 4),
            "macro_f1": round(float(f1_score(g.voice, g.attributed, labels=labels, average="macro", zero_division=0)), 4),
            "speech_found": round(float((spoken.attributed != OUTLET).mean()), 4),
            "speech_right_voice": round(float((spoken.attributed == spoken.voice).mean()), 4),
            "coder_kappa": min(kappa[k] for k in sorted(set(g["sample"]))),
        })
    return pd.DataFrame(rows)
