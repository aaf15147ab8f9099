"""Clean report text: pinyin glosses, traditional script, site chrome, whitespace.

Pure functions on strings; the clean pipeline, the CLI and the tests share them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN = "a-zü" + _TONED

# A gloss is a bracketed pinyin syllable right after a Han character, carrying a tone
# mark: 當(dāng) or 當（dāng）. A tone mark is required so that (a) or (以下简称…) survive.
_GLOSS_RE = re.compile(rf"(?<=[{_CJK}])[(（](?=[{_PINYIN}]*[{_TONED}])[{_PINYIN}]{{1,7}}[)）]")

_CJK_RE = re.compile(f"[{_CJK}]")

# Traditional text below these thresholds is treated as simplified text that happens to
# quote a few traditional characters (names, 乾 in 乾隆 …).
TRADITIONAL_MIN_RATIO = 0.05
TRADITIONAL_MIN_COUNT = 5

# Mirrors "localise" terms when they convert; map the ones we know back.
_MIRROR_TERM_FIXES = {"规范性档案": "规范性文件"}


def strip_pinyin_glosses(text: str) -> str:
    """Remove inline pinyin glosses: ``當(dāng)前`` → ``當前``."""
    return _GLOSS_RE.sub("", text)


def count_pinyin_glosses(text: str) -> int:
    return len(_GLOSS_RE.findall(text))


@lru_cache(maxsize=1)
def _traditional_only() -> frozenset[str]:
    """Characters that OpenCC's t2s table always changes (traditional-only forms)."""
    table = resources.files("opencc").joinpath("dictionary/TSCharacters.txt")
    chars = []
    for line in table.read_text(encoding="utf-8").splitlines():
        trad, _, simplified = line.partition("\t")
        if len(trad) == 1 and trad not in simplified.split(" "):
            chars.append(trad)
    return frozenset(chars)


def detect_script(text: str) -> str:
    """Return ``"traditional"`` or ``"simplified"`` from the share of traditional-only forms."""
    # A set lookup per character: a regex class of ~2,700 characters costs ~40× more.
    traditional = sum(map(_traditional_only().__contains__, text))
    if traditional < TRADITIONAL_MIN_COUNT:
        return "simplified"
    han = len(_CJK_RE.findall(text))
    return "traditional" if han and traditional / han >= TRADITIONAL_MIN_RATIO else "simplified"


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert traditional to simplified with OpenCC, undoing known mirror localisations."""
    converted = _t2s().convert(text)
    for wrong, right in _MIRROR_TERM_FIXES.items():
        converted = converted.replace(wrong, right)
    return converted


# --- site chrome -------------------------------------------------------------------------

# Whole lines that begin with navigation or belong to the footer.
_CHROME_LINE_RE = re.compile(
    r"^\s*(?:当前位置|您现在的位置|您的位置|所在位置|现在位置)"
    r"|版权所有|ICP备|公网安备|网站标识码|技术支持[:：]|主办单位[:：]|承办单位[:：]"
)
# Toolbar words; a short line made only of these, sizes, counts and punctuation is chrome.
_TOOLBAR_WORD_RE = re.compile(
    r"打印本页|打印正文|打印|关闭窗口|关闭本页|关闭|返回顶部|收藏本页|分享到|字号|字体"
    r"|浏览次数|访问量|扫一扫|在手机上打开|手机扫码|繁體|繁体|简体|无障碍|长者模式|下载Word|下载PDF"
)
_TOOLBAR_FILLER_RE = re.compile(r"[大中小]|默认|返回|收藏|分享|\d+")
_CHROME_RESIDUE_RE = re.compile(r"^[\s|:：\[\]【】()（）<>»·•/、,，.。-]*$")
_MAX_TOOLBAR_LINE = 40


def is_chrome_line(line: str) -> bool:
    """True for breadcrumb, toolbar (打印 关闭, 字号 大 中 小) and footer lines."""
    if _CHROME_LINE_RE.search(line) and len(line) < 200:
        return True
    if len(line) > _MAX_TOOLBAR_LINE or not _TOOLBAR_WORD_RE.search(line):
        return False
    residue = _TOOLBAR_FILLER_RE.sub("", _TOOLBAR_WORD_RE.sub("", line))
    return bool(_CHROME_RESIDUE_RE.match(residue))


# --- control characters -----------------------------------------------------------------------

# C0 and C1 controls but tab and newline: nothing a report needs, and a terminal obeys them
# (ESC[2J clears a screen; ESC]0; retitles a window).
_CONTROLS_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def without_controls(value):
    """``value`` (a string, or a list or dict of them, nested) with control characters removed."""
    if isinstance(value, str):
        return _CONTROLS_RE.sub("", value) if _CONTROLS_RE.search(value) else value
    if isinstance(value, list):
        return [without_controls(item) for item in value]
    if isinstance(value, dict):
        return {key: without_controls(item) for key, item in value.items()}
    return value


# --- whitespace --------------------------------------------------------------------------

# Cells of an HTML table row are joined with this in page lines, so empty cells stay exact;
# the report text shows it as " | ".
CELL_SEPARATOR = "\u241f"
_SPACES_RE = re.compile(r"[ \t\u3000\xa0\u2002\u2003\u200b\ufeff]+")
_EDGE_PIPES_RE = re.compile(r"^[\s|]+|[\s|]+$")
_PIPE_RUN_RE = re.compile(r"\s*\|(?:\s*\|)+\s*")


@lru_cache(maxsize=16)
def nfkc(text: str) -> str:
    """NFKC of a whole text, remembered: a report's structuring reads its text normalised from
    several places, and normalising costs ~0.1 ms per thousand characters."""
    return unicodedata.normalize("NFKC", text)


def normalise_line(line: str) -> str:
    """Collapse spaces and pipe runs left by flattened layout tables; trim the edges."""
    if "|" not in line and CELL_SEPARATOR not in line:  # most lines: only spaces to mend
        return _SPACES_RE.sub(" ", line).strip()
    line = _SPACES_RE.sub(" ", line.replace(CELL_SEPARATOR, " | "))
    line = _PIPE_RUN_RE.sub(" | ", line)
    return _EDGE_PIPES_RE.sub("", line)


def clean_lines(lines: list[str]) -> list[str]:
    """Normalise each line and drop empty and chrome lines; paragraph order is kept."""
    out = []
    for raw in lines:
        line = normalise_line(raw)
        if line and not is_chrome_line(line):
            out.append(line)
    return out


def clean_text(text: str) -> tuple[str, str, list[str]]:
    """Clean a whole text: glosses, script, chrome, whitespace.

    Returns ``(cleaned_text, source_script, warnings)``; paragraphs are separated by ``\\n``.
    """
    warnings = []
    if count_pinyin_glosses(text):
        text = strip_pinyin_glosses(text)
        warnings.append("pinyin_glosses_removed")
    script = detect_script(text)
    if script == "traditional":
        text = to_simplified(text)
    return "\n".join(clean_lines(text.splitlines())), script, warnings
