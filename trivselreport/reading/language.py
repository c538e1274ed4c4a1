"""Words in another language, marked in a text: `[Compassionate Systems Awareness]{sprog=en}`.

The marking is square brackets around the words followed by `{sprog=KODE}` (or
`{lang=KODE}`), KODE a language code as BCP 47 writes it: a language (ISO 639-1,
"en", "de", "sv" …), maybe followed by a script ("sr-Latn") and a region (ISO 3166-1,
"en-GB", or a UN M.49 number, "es-419").
Brackets without it stay what they always were (text, or a link with `(…)` after them).

`foreign_rule` is the parser's inline rule (`reading.markdown` adds it): it makes
`foreign_open`/`foreign_close` tokens around the marked words, the language in the
attribute "lang" (normalised, "" when the code is not one) and the code as written
in `meta["written"]`. `language_problems` names every marking whose code is not a
language, and every `{sprog=…}` that marks nothing, as Danish problems.
"""

from __future__ import annotations

import re

from markdown_it.helpers import parseLinkLabel
from markdown_it.rules_inline import StateInline

# `{sprog=en}`, `{ lang = "en-GB" }`, `{sprog: de}`; a missing value is caught too.
_MARKING = re.compile(
    r"\{[ \t]*(?:sprog|lang)[ \t]*(?:[=:][ \t]*(\"[^\"\n}]*\"|'[^'\n}]*'|[^\s}\"']*))?[ \t]*\}",
    re.IGNORECASE,
)
# What is left of a marking that did not follow a bracketed text.
_STRAY = re.compile(r"\{[ \t]*(?:sprog|lang)\b", re.IGNORECASE)
_UNESCAPED_STRAY = re.compile(r"(?<!\\)\{[ \t]*(?:sprog|lang)\b", re.IGNORECASE)

# ISO 639-1: the two-letter codes of BCP 47's primary language subtags.
_ISO_639_1_CODES = """
    aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv
    cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho
    hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku
    kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn
    no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm
    sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi
    vo wa wo xh yi yo za zh zu
"""
_ISO_639_1 = frozenset(_ISO_639_1_CODES.split())
# Three-letter codes for languages ISO 639-1 has no code for, met in Nordic memos.
_THREE_LETTER = frozenset({"sma", "smj", "smn", "sms", "fil", "haw", "yue", "ckb", "prs"})
_LANGUAGES = _ISO_639_1 | _THREE_LETTER
# ISO 3166-1: the regions a tag may name after the language ("en-GB"), and Kosovo.
_REGION_CODES = """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO
    BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ
    DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP
    GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG
    KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML
    MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE
    PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL
    SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM
    US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW
"""
_REGIONS = frozenset(_REGION_CODES.split())
_TAG = re.compile(
    r"(?P<language>[a-z]{2,3})(?:-(?P<script>[a-z]{4}))?(?:-(?P<region>[a-z]{2}|\d{3}))?",
    re.IGNORECASE,
)

# The languages a hint names, and the Danish names someone may write instead of a code.
COMMON_LANGUAGES = (
    ("en", "engelsk"),
    ("de", "tysk"),
    ("sv", "svensk"),
    ("nb", "norsk bokmål"),
    ("nn", "nynorsk"),
    ("fr", "fransk"),
    ("es", "spansk"),
    ("it", "italiensk"),
    ("la", "latin"),
    ("kl", "grønlandsk"),
    ("fo", "færøsk"),
    ("se", "nordsamisk"),
    ("is", "islandsk"),
    ("fi", "finsk"),
    ("nl", "nederlandsk"),
    ("pl", "polsk"),
    ("uk", "ukrainsk"),
    ("ar", "arabisk"),
    ("tr", "tyrkisk"),
)
_BY_DANISH_NAME = {name: code for code, name in COMMON_LANGUAGES} | {
    "norsk": "nb",
    "hollandsk": "nl",
    "samisk": "se",
    "britisk": "en-GB",
    "amerikansk": "en-US",
}
# Three-letter codes (ISO 639-2) where BCP 47 wants the two-letter one, and regions
# written with their everyday names.
_LONG_CODES = {
    "eng": "en",
    "deu": "de",
    "ger": "de",
    "swe": "sv",
    "nor": "nb",
    "nob": "nb",
    "nno": "nn",
    "fra": "fr",
    "fre": "fr",
    "spa": "es",
    "ita": "it",
    "lat": "la",
    "kal": "kl",
    "fao": "fo",
    "sme": "se",
    "isl": "is",
    "ice": "is",
    "fin": "fi",
    "nld": "nl",
    "dut": "nl",
    "pol": "pl",
    "dan": "da",
    "dk": "da",
    "en-uk": "en-GB",
}
_HINT = (
    "Skriv en sprogkode efter »sprog=«, fx "
    + ", ".join(f"{code} ({name})" for code, name in COMMON_LANGUAGES[:12])
    + "; en egn kan følge efter en bindestreg (en-GB, en-US)."
)
SYNTAX_EXAMPLE = "[Compassionate Systems Awareness]{sprog=en}"


def normalised_language(code: str) -> str | None:
    """The language tag `code` names, written as BCP 47 writes it ("EN-gb" is
    "en-GB"), or None when it is not a language code."""
    match = _TAG.fullmatch(code.strip())
    if match is None or match["language"].lower() not in _LANGUAGES:
        return None
    region = match["region"]
    if region and not region.isdigit() and region.upper() not in _REGIONS:
        return None
    parts = [match["language"].lower()]
    if match["script"]:
        parts.append(match["script"].title())
    if match["region"]:
        parts.append(match["region"].upper())
    return "-".join(parts)


def primary_language(tag: str) -> str:
    """The language of a tag without its region or script ("en-GB" is "en")."""
    return tag.split("-", 1)[0].lower()


def foreign_rule(state: StateInline, silent: bool) -> bool:
    """markdown-it inline rule: `[words]{sprog=xx}` becomes foreign_open, the words'
    own tokens and foreign_close.

    In silent mode (the parser only measuring a link's text) the rule never matches,
    so that a link may hold a marking (`[[words]{sprog=en}](https://…)`): its brackets
    then count as the link text's own balanced brackets."""
    if silent or state.src[state.pos] != "[":
        return False
    label_end = parseLinkLabel(state, state.pos, False)
    if label_end < 0:
        return False
    marking = _MARKING.match(state.src, label_end + 1, state.posMax)
    if marking is None:
        return False
    written = (marking.group(1) or "").strip("\"' \t")
    language = normalised_language(written)
    opening = state.push("foreign_open", "span", 1)
    opening.attrs["lang"] = language or ""
    opening.meta = {"written": written}
    opening.markup = marking.group()
    old_max = state.posMax
    state.pos += 1
    state.posMax = label_end
    state.md.inline.tokenize(state)
    state.pos = marking.end()
    state.posMax = old_max
    closing = state.push("foreign_close", "span", -1)
    # The parser's own HTML leaves out the span of a code that is no language, as the
    # memo does (`check` reports it).
    opening.hidden = closing.hidden = language is None
    return True


def marking_problem(written: str) -> tuple[str, str]:
    """The message and hint for a marking whose code `written` is not a language."""
    if not written:
        return "Sprogmarkeringen mangler en sprogkode.", _HINT
    suggestion = _BY_DANISH_NAME.get(written.lower())
    if suggestion is not None:
        return (
            f"»{written}« er ikke en sprogkode.",
            f"Skriv sprog={suggestion} for {written.lower()}.",
        )
    code = _LONG_CODES.get(written.lower()) or _LONG_CODES.get(written.lower().replace("_", "-"))
    if code is None and "_" in written:
        code = normalised_language(written.replace("_", "-"))
    if code is not None:
        return (
            f"»{written}« er ikke en kendt sprogkode.",
            f"Skriv sprog={code}.",
        )
    return f"»{written}« er ikke en kendt sprogkode.", _HINT


STRAY_MESSAGE = "En sprogmarkering »{sprog=…}« står uden tekst i firkantede parenteser foran sig."
STRAY_HINT = (
    f"Sæt de fremmedsprogede ord i firkantede parenteser lige foran, uden mellemrum: "
    f"{SYNTAX_EXAMPLE}. Et link markeres udenom: [[ord](https://…)]{{sprog=en}}."
)


def may_have_stray_marking(source: str) -> bool:
    """Whether the Markdown `source` has a `{sprog` that is not escaped (`\\{sprog` is
    written to be shown as it is)."""
    return _UNESCAPED_STRAY.search(source) is not None


def has_stray_marking(text: str) -> bool:
    """Whether a piece of text as the parser left it shows a `{sprog…`."""
    return _STRAY.search(text) is not None
