"""Amounts in Vietnamese words, as a receipt writes them ("Số tiền bằng chữ")."""

from __future__ import annotations

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
SCALES = ("", "nghìn", "triệu", "tỷ")


def _triple(number: int, *, full: bool) -> list[str]:
    """Words of 0-999; ``full`` spells the hundreds and "linh" even when they are zero (a
    group after a higher one: 1.005.000 is "một triệu không trăm linh năm nghìn")."""
    hundreds, tens, units = number // 100, number // 10 % 10, number % 10
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and (hundreds or full):
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens >= 2:
            words.append("mốt")
        elif units == 5 and tens >= 1:
            words.append("lăm")
        elif units == 4 and tens >= 2:
            words.append("tư")
        else:
            words.append(DIGITS[units])
    return words


def _below_billion_groups(number: int) -> list[int]:
    groups = []
    while number:
        groups.append(number % 1000)
        number //= 1000
    return groups


def number_words(number: int) -> str:
    """0 -> "không"; 1_250_000 -> "một triệu hai trăm năm mươi nghìn"."""
    if number < 0:
        return "âm " + number_words(-number)
    if number == 0:
        return DIGITS[0]
    if number >= 1_000_000_000:
        billions, rest = divmod(number, 1_000_000_000)
        head = number_words(billions) + " tỷ"
        return head if rest == 0 else f"{head} {_rest_words(rest, full=True)}"
    return _rest_words(number, full=False)


def _rest_words(number: int, *, full: bool) -> str:
    groups = _below_billion_groups(number)
    words: list[str] = []
    top = len(groups) - 1
    for index in range(top, -1, -1):
        value = groups[index]
        if value == 0:
            continue
        spell_full = full or index < top
        words += _triple(value, full=spell_full)
        if SCALES[index]:
            words.append(SCALES[index])
    return " ".join(words)


def amount_in_words(amount: int) -> str:
    """1_250_000 -> "Một triệu hai trăm năm mươi nghìn đồng"."""
    text = f"{number_words(amount)} đồng"
    return text[0].upper() + text[1:]
