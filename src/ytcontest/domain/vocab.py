"""The contest's fixed vocabularies: categories, author types, fields, entry statuses.

Ids are what scripts and JSON use; labels are the contest rules' own Vietnamese words. Input takes
either, with or without diacritics.
"""

from __future__ import annotations

from collections.abc import Mapping

from ytcontest.domain.i18n import _, get_language
from ytcontest.domain.text import fold

CATEGORIES: Mapping[str, tuple[str, str]] = {
    "du_an": ("Dự án", "Project"),
    "san_pham": ("Sản phẩm", "Product"),
    "cong_trinh": ("Công trình nghiên cứu, ứng dụng thành tựu", "Research or applied work"),
    "giai_phap_ky_thuat": ("Giải pháp kỹ thuật, công nghệ", "Technical or technological solution"),
    "giai_phap_quan_ly": ("Giải pháp quản lý", "Management solution"),
}
AUTHOR_TYPES: Mapping[str, tuple[str, str]] = {
    "to_chuc": ("Tổ chức", "Organisation"),
    "ca_nhan": ("Cá nhân", "Individual"),
    "tap_the": ("Tập thể", "Group of people"),
    "doanh_nghiep": ("Doanh nghiệp", "Business"),
}
FIELDS: Mapping[str, tuple[str, str]] = {
    "khcn": ("ứng dụng khoa học, công nghệ", "science and technology"),
    "dmst": ("đổi mới sáng tạo", "innovation"),
    "cds": ("chuyển đổi số", "digital transformation"),
    "cdx": ("chuyển đổi xanh", "green transformation"),
}
KINDS: Mapping[str, tuple[str, str]] = {
    "phong": ("phòng chuyên môn", "office"),
    "don_vi": ("đơn vị trực thuộc", "affiliated unit"),
}
STATUSES: Mapping[str, tuple[str, str]] = {
    "identified": ("đã phát hiện", "identified"),
    "preparing": ("đang hoàn thiện", "preparing"),
    "submitted": ("đã nộp", "submitted"),
    "withdrawn": ("đã rút", "withdrawn"),
}


def label(vocabulary: Mapping[str, tuple[str, str]], key: str | None) -> str:
    if key is None:
        return ""
    vi, en = vocabulary.get(key, (key, key))
    return en if get_language() == "en" else vi


# Other ways people write a kind, as the program's own texts have worded it (help, old lists).
KIND_ALIASES: Mapping[str, str] = {
    "phong chuyen mon thuoc so": "phong",
    "phong thuoc so": "phong",
    "don vi truc thuoc so": "don_vi",
    "don vi": "don_vi",
}


def resolve(vocabulary: Mapping[str, tuple[str, str]], text: str, what: str) -> str:
    """The id that ``text`` names (an id or a label, in either language, diacritics optional)."""
    wanted = fold(text)
    for key, (vi, en) in vocabulary.items():
        if wanted in (fold(key), fold(vi), fold(en)):
            return key
    if vocabulary is KINDS and wanted in KIND_ALIASES:
        return KIND_ALIASES[wanted]
    choices = ", ".join(f"{key} ({vi})" for key, (vi, _en) in vocabulary.items())
    raise ValueError(
        _("{what}: {value!r} is not one of {choices}", what=what, value=text, choices=choices)
    )
