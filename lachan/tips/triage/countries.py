"""Destination countries as tips name them: Vietnamese names, diacritic-free spellings,
abbreviations ("TQ", "CPC"), folk names ("bên Tàu", "Nam Vang", "Mã Lai") and the
places across the border that stand for a country (Hà Khẩu, Đông Hưng, Bavet, Tam giác
vàng, Myawaddy).

Short names that are also ordinary words need a movement word before them or their
diacritics: "sang Lào" / "Lào" (but "lao động", "Lào Cai"), "qua Thái" (but "mang thai",
"Thái Bình"), "bên Tàu" (but "tàu cá"), "sang Nhật", "qua Hàn", "nước Nga" (Nga is also a
given name), "sang Đức", "qua Mỹ", "sang Úc"."""

from __future__ import annotations

import re

from lachan.people.countries import countries
from lachan.tips.triage.lexicon import Cue, Lexicon, compile_cues
from lachan.tips.triage.tokens import is_syllable, phrase_keys

_MOVE = "sang|qua|bên|đi|tới|đến|nước|đất|tận|từ|ở|tại|về"
# Words after "lao" that make it Lào Cai, lao động (labour), lao công, lao vào (rush in) …
_NOT_LAOS = "Cai|động|công|đao|xao|vào|xuống|ra|lực|tâm|khổ|đầu|phổi|tới|lý"

# ISO 3166-1 alpha-2 → (pattern, weight). Weight 3: the country is named; 2: a place in
# it or a weaker form; a movement word in front adds 1 through the "sang …" patterns.
COUNTRY_CUES: dict[str, list[tuple[str, float]]] = {
    "CN": [
        ("Trung Quốc", 3), ("TQ", 3), ("Trung Hoa", 3), ("Tàu khựa", 3),
        (f"{_MOVE} Tàu !hỏa|thủy|cá|bay|biển|xe|lửa|điện|ngầm", 3), ("người Tàu", 2),
        ("Quảng Tây", 2.5), ("Quảng Đông", 2.5), ("Vân Nam", 2.5), ("Hà Khẩu", 2.5),
        ("Đông Hưng", 2.5), ("Bằng Tường", 2.5), ("Phòng Thành", 2), ("Nam Ninh", 2.5),
        ("Thẩm Quyến", 2.5), ("Quảng Châu", 2.5), ("Phúc Kiến", 2.5), ("Hồ Nam", 2),
        ("Sơn Đông", 2), ("Giang Tô", 2.5), ("An Huy", 2), ("Tứ Xuyên", 2.5),
        ("Chiết Giang", 2.5), ("Thượng Hải", 2), ("Bắc Kinh", 2), ("Côn Minh", 2.5),
        ("Mông Tự", 2), ("Hà Bắc Trung Quốc", 1), ("Việt Trung", 1), ("nhân dân tệ", 1.5),
    ],
    "KH": [
        ("Campuchia", 3), ("Căm pu chia", 3), ("Cam pu chia", 3), ("CPC", 3),
        ("Cam Bốt", 3), ("Kampuchia", 3), (f"{_MOVE} Cam !ranh|lộ|đường|lâm|thủy|sành", 3),
        (f"{_MOVE} =Miên", 3), ("Phnom Penh", 2.5), ("Phnôm Pênh", 2.5), ("Nông Pênh", 2.5),
        ("Nam Vang", 2.5), ("Sihanoukville", 3), ("Sihanouk", 2.5), ("Xi ha núc", 2.5),
        ("Xihanuc", 2.5), ("Bavet", 2.5), ("Ba Vét", 2.5), ("Poipet", 2.5), ("Koh Kong", 2.5),
        ("Kampot", 2), ("Svay Rieng", 2), ("Kandal", 2), ("Takeo", 2), ("Kratie", 2),
    ],
    "LA": [
        (f"=Lào !{_NOT_LAOS}", 3), (f"{_MOVE} Lào !{_NOT_LAOS}", 3),
        ("nước Lào", 3), ("Viêng Chăn", 2.5), ("Vientiane", 2.5), ("Bokeo", 2.5),
        ("Bò Kẹo", 2.5), ("Tam giác vàng", 2.5), ("Kings Romans", 2.5), ("Luang Prabang", 2),
        ("Luông Pha Băng", 2), ("Savannakhet", 2), ("Xa van na khet", 2), ("Hủa Phăn", 2),
        ("Xiêng Khoảng", 2), ("Bolikhamxay", 2), ("Champasak", 2), ("Chăm pa sắc", 2),
    ],
    "MM": [
        ("Myanmar", 3), ("Mianma", 3), ("Miến Điện", 3), ("Myawaddy", 2.5), ("Mya wa đi", 2.5),
        ("Shwe Kokko", 2.5), ("KK Park", 2.5), ("Tachileik", 2.5), ("bang Shan", 2),
        ("Mong La", 2),
    ],
    "TH": [
        ("Thái Lan", 3), (f"{_MOVE} Thái !Bình|Nguyên|Hòa|Thụy|Lan|dân|tộc|Hà", 2.5),
        ("Bangkok", 2.5), ("Băng Cốc", 2.5), ("Mae Sot", 2.5), ("Pattaya", 2.5),
        ("Chiang Mai", 2), ("Chiang Rai", 2), ("baht", 0.5),
    ],
    "MY": [
        ("Malaysia", 3), ("Malaixia", 3), ("Ma lai xi a", 3), ("Mã Lai", 3), ("Malay", 2.5),
        ("Ma lai", 2.5), ("Kuala Lumpur", 2.5), ("Johor", 2.5), ("Penang", 2.5),
        ("Selangor", 2.5), ("Sabah", 2), ("Kelantan", 2), ("ringgit", 1),
    ],
    "KR": [
        ("Hàn Quốc", 3), ("Đại Hàn", 3), (f"{_MOVE} =Hàn !Quốc", 2.5), ("Seoul", 2.5),
        ("Xơ un", 2.5), ("Busan", 2), ("Incheon", 2),
    ],
    "JP": [
        ("Nhật Bản", 3), (f"{_MOVE} =Nhật !Bản", 2.5), ("Tokyo", 2.5), ("Osaka", 2),
        ("Nagoya", 2), ("Saitama", 2),
    ],
    "TW": [
        ("Đài Loan", 3), ("Đài Bắc", 2.5), ("Cao Hùng", 2.5), ("Đài Trung", 2.5),
        ("Đào Viên", 2.5), ("Taiwan", 3),
    ],
    "SG": [("Singapore", 3), ("Xin ga po", 3), ("Singapo", 3)],
    "PH": [("Philippines", 3), ("Philippin", 3), ("Phi líp pin", 3), ("Manila", 2)],
    "ID": [("Indonesia", 3), ("In đô nê xi a", 3), ("Inđônêxia", 3)],
    "AE": [("Dubai", 3), ("UAE", 3), ("Các Tiểu vương quốc", 3), ("A rập thống nhất", 3)],
    "SA": [("Ả Rập Xê Út", 3), ("Saudi", 3), ("A rập Saudi", 3)],
    "RU": [
        ("Liên bang Nga", 3), (f"{_MOVE} =Nga", 2.5), ("nước Nga", 3), ("Moscow", 2.5),
        ("Mát xcơ va", 2.5), ("Mat xco va", 2.5),
    ],
    "DE": [("CHLB Đức", 3), (f"{_MOVE} =Đức !Giang|Thọ|Trọng", 2.5), ("Berlin", 2.5)],
    "GB": [("nước Anh", 3), ("Vương quốc Anh", 3), ("Anh Quốc", 3), ("London", 2.5),
           ("Luân Đôn", 2.5)],
    "US": [("Hoa Kỳ", 3), (f"{_MOVE} =Mỹ !Tho|Đức|Hào|Lộc", 2.5), ("nước Mỹ", 3)],
    "AU": [("Australia", 3), (f"{_MOVE} =Úc", 2.5)],
    "AO": [("Angola", 3), ("Ăng gô la", 3)],
    "PL": [("Ba Lan", 3), ("Poland", 3)],
    "RO": [("Romania", 3), ("Ru ma ni", 3)],
}  # fmt: skip

# A Vietnamese type word in front makes a name Vietnamese: "huyện Đông Hưng" (Thái Bình)
# is not the Chinese border town.
_VN_TYPES = "xã|huyện|tỉnh|phường|quận|tp|thôn|bản|xóm|trấn|phố"
# Movement words in front of a country name make it the likely destination.
_TOWARDS = "sang|qua|bán|đưa|đi|tới|đến|trốn"


def _other_countries() -> dict[str, list[tuple[str, float]]]:
    """Every other country by its Vietnamese name (lachan.people's CLDR list): a
    foreign-spelled name ("Bangladesh", "Canada") as it is, a name made of Vietnamese
    syllables ("Ai Cập", "Pháp") only after a movement word ("sang Pháp")."""
    found: dict[str, list[tuple[str, float]]] = {}
    for country in countries():
        if country.code in COUNTRY_CUES or country.code in ("VN", "XX", "ZZ"):
            continue
        name = re.sub(r"\(.*?\)", "", country.name_vi).strip()
        words = phrase_keys(name)
        if not words or not re.fullmatch(r"[\w\s.’'-]+", name):
            continue
        if all(is_syllable(word) for word in words):
            found[country.code] = [(f"{_MOVE} {name}", 2.5)]
        else:
            found[country.code] = [(name, 3)]
    return found


def _build() -> Lexicon:
    cues: list[Cue] = []
    for code, entries in {**COUNTRY_CUES, **_other_countries()}.items():
        target = f"dest:{code}"
        for pattern, weight in entries:
            # A country named is named, even after "không" ("không liên lạc được từ Lào").
            cues += compile_cues(pattern, {target: weight}, negatable=False)
            if not pattern.startswith(_MOVE) and weight >= 2.5:
                cues += compile_cues(f"{_TOWARDS} {pattern}", {target: weight + 1}, negatable=False)
            if not pattern.startswith(_MOVE):
                cues += compile_cues(f"{_VN_TYPES} {pattern}", {target: -weight}, negatable=False)
    return Lexicon(cues)


COUNTRY_LEXICON = _build()
COUNTRY_CODES: tuple[str, ...] = tuple(COUNTRY_CUES) + tuple(_other_countries())
