import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lamtheobac.lib.legacy import NAMES, TCVN3_TO_UNICODE, VNI_TO_UNICODE, detect, to_unicode
from lamtheobac.lib.text import title_name

pytestmark = pytest.mark.engine_neutral  # no database: runs in one stage of CI (conftest.py)

# Legacy strings as published by open-source converters and their documentation, with their Unicode text.
PUBLISHED_TCVN3 = {
    "Xin chµo c¸c b¹n": "Xin chào các bạn",
    "T«i ®i häc": "Tôi đi học",
    "B¶o Th¾ng": "Bảo Thắng",
    "M\u00adêng Kh\u00ad¬ng": "Mường Khương",
    "B¸t X¸t": "Bát Xát",
    "Ninh B×nh": "Ninh Bình",
}
PUBLISHED_VNI = {
    "Xin chaøo caùc baïn": "Xin chào các bạn",
    "Toâi ñi hoïc": "Tôi đi học",
}

# ---- An encoder of our own, built independently of the module's tables ------------------------------

GRAVE, ACUTE, HOOK, TILDE, DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
TONES = ["", GRAVE, ACUTE, HOOK, TILDE, DOT]
BREVE, CIRCUMFLEX, HORN = "\u0306", "\u0302", "\u031b"

# TCVN 5712 chart order: each vowel, then the same vowel with grave, hook, tilde, acute, dot below.
TCVN3_CHART = {
    "a": "aµ¶·¸¹",
    "ă": "¨»¼½¾Æ",
    "â": "©ÇÈÉÊË",
    "e": "eÌÎÏÐÑ",
    "ê": "ªÒÓÔÕÖ",
    "i": "i×ØÜÝÞ",
    "o": "oßáâãä",
    "ô": "«åæçèé",
    "ơ": "¬êëìíî",
    "u": "uïñòóô",
    "ư": "\u00adõö÷øù",
    "y": "yúûüýþ",
}
TCVN3_CHART_TONES = ["", GRAVE, HOOK, TILDE, ACUTE, DOT]
TCVN3_CAPITALS = {"Ă": "¡", "Â": "¢", "Đ": "§", "Ê": "£", "Ô": "¤", "Ơ": "¥", "Ư": "¦", "đ": "®"}

# VNI keyboard rules: one modifier after the base letter, combined modifiers for ^ and ( with a tone.
VNI_TONE = {"": "", GRAVE: "ø", ACUTE: "ù", HOOK: "û", TILDE: "õ", DOT: "ï"}
VNI_CIRCUMFLEX = {"": "â", GRAVE: "à", ACUTE: "á", HOOK: "å", TILDE: "ã", DOT: "ä"}
VNI_BREVE = {"": "ê", GRAVE: "è", ACUTE: "é", HOOK: "ú", TILDE: "ü", DOT: "ë"}
VNI_I = {"": "i", GRAVE: "ì", ACUTE: "í", HOOK: "æ", TILDE: "ó", DOT: "ò"}


def split_letter(letter):
    """(base letter, shape mark, tone mark) of one Vietnamese letter."""
    base, *marks = unicodedata.normalize("NFD", letter)
    shape = next((m for m in marks if m in (BREVE, CIRCUMFLEX, HORN)), "")
    tone = next((m for m in marks if m in TONES[1:]), "")
    return base, shape, tone


def tcvn3_letter(letter):
    if letter in TCVN3_CAPITALS:
        return TCVN3_CAPITALS[letter]
    base, shape, tone = split_letter(letter.lower())
    if base not in "aeiouy" or (letter.isupper() and not tone and not shape):
        return letter
    row = TCVN3_CHART[unicodedata.normalize("NFC", base + shape)]
    return row[TCVN3_CHART_TONES.index(tone)]


def vni_letter(letter):
    if letter in "đĐ":
        return "ñ" if letter == "đ" else "Ñ"
    base, shape, tone = split_letter(letter)
    upper = base.isupper()
    base = base.lower()
    if base not in "aeiouy":
        return letter
    if base == "i":
        encoded = VNI_I[tone]
    elif base == "y" and tone == DOT:
        encoded = "î"
    elif shape == HORN:
        encoded = {"o": "ô", "u": "ö"}[base] + VNI_TONE[tone]
    elif shape == CIRCUMFLEX:
        encoded = base + VNI_CIRCUMFLEX[tone]
    elif shape == BREVE:
        encoded = base + VNI_BREVE[tone]
    else:
        encoded = base + VNI_TONE[tone]
    return encoded.upper() if upper else encoded


def encode(text, encoding):
    letter = tcvn3_letter if encoding == "tcvn3" else vni_letter
    return "".join(letter(ch) for ch in unicodedata.normalize("NFC", text))


# ---- Samples ----------------------------------------------------------------------------------------

VOWELS = "a ă â e ê i o ô ơ u ư y".split()
LOWER_LETTERS = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES if v + t not in "aeiouy"]
LOWER_LETTERS.append("đ")
ALL_LETTERS = LOWER_LETTERS + [ch.upper() for ch in LOWER_LETTERS]
TCVN3_LETTERS = [*LOWER_LETTERS, "Ă", "Â", "Ê", "Ô", "Ơ", "Ư", "Đ"]

NAMES_COLUMN = [
    "Nguyễn Văn Bình",
    "Hoàng Thị Mai",
    "Lục Văn Đức",
    "Trần Thị Hồng Nhung",
    "Lê Minh Tuấn",
    "Phạm Quốc Việt",
    "Đặng Thu Hà",
    "Vũ Thị Hường",
    "Bế Văn Thắng",
    "Nông Thị Lụa",
]
PLACES_COLUMN = [
    "Đảng bộ xã Lục Bình",
    "Chi bộ thôn Nà Pài",
    "Bạch Thông",
    "Chi bộ Trường Tiểu học Phủ Thông",
    "Đảng bộ huyện Chợ Đồn",
]
# every tone on every vowel, as syllables
TONES_COLUMN = [" ".join("b" + unicodedata.normalize("NFC", v + t) for t in TONES) for v in VOWELS]
SENTENCES = [
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
    "Chi bộ đã tổ chức sinh hoạt chuyên đề, kiểm điểm việc thực hiện cam kết năm 2024.",
    "Ông ấy nghĩ rằng người dân ở đây rất hiếu khách; khuya rồi vẫn thấy quạt ngoài hiên.",
]
SAMPLES = [NAMES_COLUMN, PLACES_COLUMN, TONES_COLUMN, SENTENCES]

UNICODE_WORDS = (
    "có tôi là các chào bé bà mà và cô dì ông Hà Tô Lê Bình Kính Tín thò Hòa Mai Lan Hồ Chí Minh "
    "Nguyễn Văn Thị Đức Lục Đảng bộ xã thôn Nà Pài Bạch Thông người nước quốc khuya giữa gì thuở "
    "huỳnh uyên yêu xoong việt học tốt kỳ kiếm ghế nghĩ nghiêng Trường Tiểu Phủ Chợ Đồn Hường Thắng "
    "Lụa đã tổ chức sinh hoạt chuyên đề kiểm điểm thực hiện cam kết năm tư tưởng đạo phong cách "
    "ở đây rất hiếu khách rồi vẫn thấy quạt ngoài hiên ý úa ổ ưa ậm ừ ơi ấy én ai "
    "quạ quẹo khuỷu nguệch ngoằn ngoèo hoẵng xoành khuềnh quở huơ ọe oẳn uống ướt yểng ỉa ỉu uỷ "
    "gìn giặt gieo giường queo quăng quen quít quýt quỳnh huýt boong soóc gửi ghẻ kìa khỉ khuâng "
    "oải mướp xẻng"
).split()


def test_names_label_both_encodings():
    assert NAMES == {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}


@pytest.mark.parametrize(("legacy", "unicode"), PUBLISHED_TCVN3.items())
def test_it_converts_published_tcvn3_examples(legacy, unicode):
    assert to_unicode(legacy, "tcvn3") == unicode


@pytest.mark.parametrize(("legacy", "unicode"), PUBLISHED_VNI.items())
def test_it_converts_published_vni_examples(legacy, unicode):
    assert to_unicode(legacy, "vni") == unicode


def test_our_encoder_agrees_with_the_published_examples():
    for legacy, unicode in PUBLISHED_TCVN3.items():
        assert encode(unicode, "tcvn3") == legacy
    for legacy, unicode in PUBLISHED_VNI.items():
        assert encode(unicode, "vni") == legacy


def test_there_are_134_letters_and_the_tables_cover_them():
    assert len(set(ALL_LETTERS)) == 134
    assert set(VNI_TO_UNICODE.values()) | {"í", "ì", "Í", "Ì"} == set(ALL_LETTERS)
    assert set(TCVN3_TO_UNICODE.values()) == set(TCVN3_LETTERS)


@pytest.mark.parametrize("letter", ALL_LETTERS)
def test_it_round_trips_every_letter_in_vni(letter):
    assert to_unicode(encode(letter, "vni"), "vni") == letter
    word = f"b{letter}n"
    assert to_unicode(encode(word, "vni"), "vni") == word


@pytest.mark.parametrize("letter", TCVN3_LETTERS)
def test_it_round_trips_every_tcvn3_letter(letter):
    assert to_unicode(encode(letter, "tcvn3"), "tcvn3") == letter
    word = f"b{letter}n"
    assert to_unicode(encode(word, "tcvn3"), "tcvn3") == word


def test_tcvn3_capitals_with_a_tone_come_back_in_lower_case():
    legacy = encode("ĐẶNG THỊ ÁNH", "tcvn3")
    assert legacy == "§ÆNG THÞ ¸NH"
    assert to_unicode(legacy, "tcvn3") == "ĐặNG THị áNH"
    assert title_name(to_unicode(legacy, "tcvn3")) == "Đặng Thị Ánh"


def test_vni_takes_the_longest_sequence_first():
    assert to_unicode("Nguyeãn Vaên Vieät Möôøng Ñaûng", "vni") == "Nguyễn Văn Việt Mường Đảng"
    assert to_unicode("NGUYEÃN VAÊN BÌNH", "vni") == "NGUYỄN VĂN BÌNH"
    assert to_unicode("thuôû", "vni") == "thuở"


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
@pytest.mark.parametrize("sample", SAMPLES)
def test_it_detects_and_converts_whole_samples(encoding, sample):
    legacy = [encode(text, encoding) for text in sample]
    assert legacy != sample
    assert detect(legacy) == encoding
    assert [to_unicode(text, encoding) for text in legacy] == sample
    assert all(unicodedata.is_normalized("NFC", to_unicode(text, encoding)) for text in legacy)


def test_it_detects_published_examples():
    assert detect(PUBLISHED_TCVN3) == "tcvn3"
    assert detect(PUBLISHED_VNI) == "vni"


def test_it_detects_a_legacy_column_among_ascii_numbers_and_blanks():
    column = ["", "12", "NguyÔn V¨n A", "Tran Van B", "", "Hoµng ThÞ Mai", "0912345678"]
    assert detect(column) == "tcvn3"


def test_it_still_detects_a_legacy_column_with_a_few_unicode_rows_and_leaves_those_alone():
    column = [encode(name, "vni") for name in NAMES_COLUMN] + ["Nguyễn Thị Hằng"]
    assert detect(column) == "vni"
    assert to_unicode("Nguyễn Thị Hằng", "vni") == "Nguyễn Thị Hằng"
    assert to_unicode("Nguyễn Thị Hằng", "tcvn3") == "Nguyễn Thị Hằng"


@pytest.mark.parametrize("sample", SAMPLES)
@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_unicode_vietnamese_is_not_legacy(sample, form):
    assert detect([unicodedata.normalize(form, text) for text in sample]) is None


@pytest.mark.parametrize(
    "column",
    [
        [],
        ["", "", ""],
        ["1", "2.5", "2024-01-31", "0912 345 678"],
        ["John Smith", "Party branch", "member", "Chairman of the commune"],
        ["Nguyễn Văn Bình", "John Smith", "12", "", "Hà Nội", "café", "Tô Hà"],
        ["có", "tôi", "là", "các", "bé"],  # Unicode words that also read as TCVN3
        ["Bình", "Kính", "Tín", "thò"],  # Unicode words that also read as VNI
        ["Résumé", "naïve café", "Zürich", "São Paulo", "Müller"],
        ["Ninh B×nh"],  # a single legacy word is too little to decide a column
    ],
)
def test_other_columns_are_not_legacy(column):
    assert detect(column) is None


def test_it_ignores_cells_that_are_not_text():
    assert detect([None, 3, 2.5]) is None  # type: ignore[list-item]


def test_it_refuses_an_unknown_encoding():
    with pytest.raises(ValueError, match="unknown legacy encoding"):
        to_unicode("abc", "viscii")


def test_it_keeps_plain_text_and_empty_cells():
    assert to_unicode("", "tcvn3") == ""
    assert to_unicode("Chi bo 3", "vni") == "Chi bo 3"


CASES = [str, str.lower, str.upper, str.title]


@st.composite
def unicode_cells(draw):
    words = draw(st.lists(st.sampled_from(UNICODE_WORDS), min_size=1, max_size=8))
    case = draw(st.sampled_from(CASES))
    separator = draw(st.sampled_from([" ", ", ", " - ", "; "]))
    form = draw(st.sampled_from(["NFC", "NFD"]))
    return unicodedata.normalize(form, case(separator.join(words)))


@given(st.lists(unicode_cells(), max_size=30))
def test_unicode_vietnamese_words_are_never_legacy(cells):
    assert detect(cells) is None
