"""Figures in French and English prose: what the claim checker sees, and how it compares them."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proofline.text.quantities import Quantity, find_quantities, number_words, same_value

NBSP = "\u00a0"
NNBSP = "\u202f"


def quantities(text: str, lang: str | None = None) -> list[Quantity]:
    found = find_quantities(text, lang)
    for q in found:
        assert text[q.start:q.end] == q.text
    return found


def one(text: str, lang: str | None = None, kind: str | None = None) -> Quantity:
    found = [q for q in quantities(text, lang) if kind is None or q.kind == kind]
    assert len(found) == 1, (text, found)
    return found[0]


def facets(q: Quantity) -> dict[str, str]:
    return dict(q.extra)


# --------------------------------------------------------------------------- percent


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("18 %", "fr"), ("18%", "en"), ("18 pour cent", "fr"), ("18 pour-cent", "fr"),
        ("eighteen percent", "en"), ("18 per cent", "en"), ("dix-huit pour cent", "fr"),
        (f"18{NBSP}%", "fr"), (f"18{NNBSP}%", "fr"), ("18 %", None), ("eighteen percent", None),
    ],
)
def test_percent_forms_are_the_same_figure(text: str, lang: str | None) -> None:
    q = one(text, lang)
    assert (q.kind, q.value, q.unit) == ("percent", 18.0, "%")
    assert q.text == text


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("vingt-sept pour cent", "fr", 27.0), ("twenty-seven percent", "en", 27.0),
        ("99,5 %", "fr", 99.5), ("99.5%", "en", 99.5), ("99,5 %", None, 99.5), ("0,5 %", "fr", 0.5),
    ],
)
def test_percent_values(text: str, lang: str | None, value: float) -> None:
    q = one(text, lang)
    assert q.kind == "percent"
    assert q.value == pytest.approx(value)


# --------------------------------------------------------------------------- money


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("1 150 €", "fr"), ("1150 €", "fr"), ("€1,150", "en"), ("1,150 euros", "en"), ("1 150 € HT", "fr"),
        (f"1{NBSP}150{NBSP}€", "fr"), (f"1{NNBSP}150 €", "fr"), ("€1,150", "fr"), ("1,150 euros", None),
        ("EUR 1,150", "en"),
    ],
)
def test_money_forms_are_the_same_amount(text: str, lang: str | None) -> None:
    q = one(text, lang)
    assert (q.kind, q.value, q.unit) == ("money", 1150.0, "EUR")


@pytest.mark.parametrize(
    ("text", "lang", "value", "currency"),
    [
        ("390 euros", "fr", 390.0, "EUR"), ("£49", "en", 49.0, "GBP"), ("$1.2 million", "en", 1.2e6, "USD"),
        ("1,2 M€", "fr", 1.2e6, "EUR"), ("15 k€", "fr", 15000.0, "EUR"), ("15k€", "fr", 15000.0, "EUR"),
        ("2 millions d'euros", "fr", 2e6, "EUR"), ("CHF 200", "en", 200.0, "CHF"),
        ("2,500 USD", "en", 2500.0, "USD"), ("$3.4M", "en", 3.4e6, "USD"),
        ("une centaine d'euros", "fr", 100.0, "EUR"),
    ],
)
def test_money_values_and_currencies(text: str, lang: str | None, value: float, currency: str) -> None:
    q = one(text, lang)
    assert q.kind == "money"
    assert q.value == pytest.approx(value)
    assert q.unit == currency


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("2 900 € HT", "fr", {"tax": "ht"}),
        ("€2,900 excl. VAT", "en", {"tax": "excl_vat"}),
        ("2 900 € TTC", "fr", {"tax": "ttc"}),
        ("€2,900 incl. VAT", "en", {"tax": "incl_vat"}),
        ("390 € HT par mois", "fr", {"tax": "ht", "per": "month"}),
        ("390 €/mois", "fr", {"per": "month"}),
        ("€1,150 per month excl. VAT", "en", {"tax": "excl_vat", "per": "month"}),
        ("€49 a month", "en", {"per": "month"}),
        ("1 200 € par an", "fr", {"per": "year"}),
        ("€1,200 per year", "en", {"per": "year"}),
        ("12 € par utilisateur", "fr", {"per": "user"}),
        ("$12 per seat", "en", {"per": "user"}),
    ],
)
def test_money_tax_and_period_facets(text: str, lang: str, expected: dict[str, str]) -> None:
    q = one(text, lang)
    assert q.kind == "money"
    assert q.text == text
    assert facets(q) == expected


def test_money_with_two_periods_keeps_both() -> None:
    q = one("$49 per user per month", "en")
    assert ("per", "user") in q.extra and ("per", "month") in q.extra


# --------------------------------------------------------------------------- duration


@pytest.mark.parametrize(
    ("text", "lang", "value", "unit", "original"),
    [
        ("trois semaines", "fr", 21.0, "day", "week"), ("three weeks", "en", 21.0, "day", "week"),
        ("21 jours", "fr", 21.0, "day", "day"), ("23 days", "en", 23.0, "day", "day"),
        ("six semaines", "fr", 42.0, "day", "week"), ("12 mois", "fr", 360.0, "day", "month"),
        ("twelve months", "en", 360.0, "day", "month"), ("en un an", "fr", 365.0, "day", "year"),
        ("in a year", "en", 365.0, "day", "year"), ("30 minutes", "fr", 0.5, "hour", "minute"),
        ("45-minute", "en", 0.75, "hour", "minute"), ("48 h", "fr", 48.0, "hour", "hour"),
        ("2 h", "fr", 2.0, "hour", "hour"), ("a 14-day free trial", "en", 14.0, "day", "day"),
        ("trois mois", "fr", 90.0, "day", "month"), ("a three-month pilot", "en", 90.0, "day", "month"),
        ("90 secondes", "fr", 90 / 3600, "hour", "second"), ("une semaine", "fr", 7.0, "day", "week"),
        (f"30{NBSP}jours", "fr", 30.0, "day", "day"),
    ],
)
def test_durations_are_normalised(text: str, lang: str, value: float, unit: str, original: str) -> None:
    q = one(text, lang)
    assert q.kind == "duration"
    assert q.value == pytest.approx(value)
    assert q.unit == unit
    assert facets(q)["unit"] == original


@pytest.mark.parametrize(
    ("text", "lang"),
    [("4 heures ouvrées", "fr"), ("four business hours", "en"), ("4 working hours", "en")],
)
def test_business_hours(text: str, lang: str) -> None:
    q = one(text, lang)
    assert (q.kind, q.value, q.unit) == ("duration", 4.0, "hour")
    assert facets(q)["business"] == "1"


def test_business_days() -> None:
    q = one("cinq jours ouvrés", "fr")
    assert (q.kind, q.value, facets(q)["business"]) == ("duration", 5.0, "1")


def test_three_weeks_is_not_twenty_three_days() -> None:
    assert same_value(one("three weeks", "en"), one("23 jours", "fr")) is False
    assert same_value(one("three weeks", "en"), one("21 jours", "fr")) is True


def test_a_non_claim_call_length_is_still_a_duration() -> None:
    q = one("Seriez-vous disponible mardi prochain pour un appel de 20 minutes ?", "fr")
    assert q.kind == "duration"
    assert q.value == pytest.approx(20 / 60)


# --------------------------------------------------------------------------- frequency


@pytest.mark.parametrize(
    ("text", "lang", "hours"),
    [
        ("toutes les 15 minutes", "fr", 0.25), ("every 15 minutes", "en", 0.25),
        ("chaque jour", "fr", 24), ("tous les jours", "fr", 24), ("quotidien", "fr", 24),
        ("quotidiennes", "fr", 24), ("daily", "en", 24), ("every day", "en", 24),
        ("chaque semaine", "fr", 168), ("weekly", "en", 168), ("hebdomadaire", "fr", 168),
        ("chaque mois", "fr", 720), ("tous les mois", "fr", 720), ("mensuelle", "fr", 720),
        ("monthly", "en", 720), ("every month", "en", 720),
        ("chaque trimestre", "fr", 2160), ("quarterly", "en", 2160), ("trimestriel", "fr", 2160),
        ("every quarter", "en", 2160), ("every three months", "en", 2160),
        ("chaque année", "fr", 8760), ("tous les ans", "fr", 8760), ("annuelle", "fr", 8760),
        ("annually", "en", 8760), ("every year", "en", 8760), ("yearly", "en", 8760),
        ("once a year", "en", 8760), ("une fois par an", "fr", 8760), ("deux fois par an", "fr", 4380),
        ("tous les deux ans", "fr", 17520), ("engagement annuel", "fr", 8760),
        ("an annual contract", "en", 8760),
    ],
)
def test_frequencies_are_periods_in_hours(text: str, lang: str, hours: float) -> None:
    q = one(text, lang, "frequency")
    assert q.unit == "period"
    assert q.value == pytest.approx(hours)


# --------------------------------------------------------------------------- counts and measures


@pytest.mark.parametrize(
    ("text", "lang", "value", "unit"),
    [
        ("85 salariés", "fr", 85, None), ("12 régies", "fr", 12, None), ("douze", "fr", 12, None),
        ("twelve", "en", 12, None), ("1 300 km", "fr", 1300, "km"), ("42 000 abonnés", "fr", 42000, None),
        ("60,000 connections", "en", 60000, None), ("1,9 million de m³", "fr", 1.9e6, "m3"),
        ("1.9 million cubic metres", "en", 1.9e6, "m3"), ("1,9 million de mètres cubes", "fr", 1.9e6, "m3"),
        ("2 140", "fr", 2140, None), ("12 000 m3", "fr", 12000, "m3"), ("1 300 kilomètres", "fr", 1300, "km"),
        ("1,300 kilometres", "en", 1300, "km"), ("250 MWh", "en", 250, "mwh"), ("3,5 t", "fr", 3.5, "t"),
        ("500 utilisateurs", "fr", 500, "users"), ("500 users", "en", 500, "users"),
        (f"42{NNBSP}000 abonnés", "fr", 42000, None), ("zéro fuite", "fr", 0, None),
    ],
)
def test_counts_and_measures(text: str, lang: str, value: float, unit: str | None) -> None:
    q = one(text, lang)
    assert q.kind == "count"
    assert q.value == pytest.approx(value)
    assert q.unit == unit


def test_eleven_of_the_twelve_is_two_counts() -> None:
    assert [(q.kind, q.value) for q in quantities("Eleven of the twelve utilities", "en")] == [
        ("count", 11.0), ("count", 12.0)]


def test_ten_out_of_twelve_is_two_counts() -> None:
    assert [(q.kind, q.value) for q in quantities("10 régies sur 12 ont atteint", "fr")] == [
        ("count", 10.0), ("count", 12.0)]


@pytest.mark.parametrize(
    ("words", "lang", "value"),
    [
        ("zéro", "fr", 0), ("sept", "fr", 7), ("seize", "fr", 16), ("dix-sept", "fr", 17),
        ("vingt et un", "fr", 21), ("vingt-sept", "fr", 27), ("trente-deux", "fr", 32),
        ("soixante-dix", "fr", 70), ("soixante et onze", "fr", 71), ("soixante-dix-neuf", "fr", 79),
        ("quatre-vingts", "fr", 80), ("quatre-vingt-un", "fr", 81), ("quatre-vingt-dix-neuf", "fr", 99),
        ("cent", "fr", 100), ("deux cents", "fr", 200), ("trois cent douze", "fr", 312), ("mille", "fr", 1000),
        ("deux mille", "fr", 2000), ("un million", "fr", 1e6), ("twenty-seven", "en", 27),
        ("ninety-nine", "en", 99), ("a hundred", "en", 100), ("one thousand", "en", 1000),
        ("two hundred and five", "en", 205), ("fifteen", "en", 15), ("one million", "en", 1e6),
    ],
)
def test_number_words(words: str, lang: str, value: float) -> None:
    q = one(f"{words} clients", lang)
    assert q.kind == "count"
    assert q.value == pytest.approx(value)
    assert q.text == words


def test_two_adjacent_number_words_are_not_summed() -> None:
    q = quantities("deux trois", "fr")[0]
    assert q.value == 2.0


@pytest.mark.parametrize(
    ("text", "lang", "value", "qualifier"),
    [
        ("une quarantaine d'ingénieurs", "fr", 40, "approx"), ("une dizaine", "fr", 10, "approx"),
        ("une vingtaine", "fr", 20, "approx"), ("une centaine", "fr", 100, "approx"),
        ("a dozen", "en", 12, "approx"), ("dozens of", "en", 12, "gte"), ("des dizaines", "fr", 10, "gte"),
        ("des centaines de fuites", "fr", 100, "gte"), ("un millier", "fr", 1000, "approx"),
    ],
)
def test_approximate_word_forms(text: str, lang: str, value: float, qualifier: str) -> None:
    q = one(text, lang)
    assert q.approximate is True
    assert q.value == value
    assert q.qualifier == qualifier


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("un pilote", "fr"), ("une démonstration", "fr"), ("a platform", "en"), ("one platform", "en"),
        ("one of the leaders", "en"), ("l'un des leaders", "fr"), ("une fois le contrat signé", "fr"),
        ("un jour, nous", "fr"), ("la première année", "fr"), ("the first year", "en"),
        ("Une fois le contrat signé, comptez", "fr"), ("an opportunity", "en"), ("Nos régies", "fr"),
    ],
)
def test_determiners_and_ordinal_words_are_not_figures(text: str, lang: str) -> None:
    assert quantities(text, lang) == []


def test_digit_ordinals_are_not_counts() -> None:
    assert [q.kind for q in quantities("le 3e trimestre et la 2nd place", None)] != ["count", "count"]
    assert all(q.kind != "count" for q in quantities("la 2e édition", "fr"))


# --------------------------------------------------------------------------- decimal separators


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("1,150 clients", "en", 1150), ("1,150 clients", None, 1150), ("1,150 clients", "fr", 1.15),
        ("1,9 million", "fr", 1.9e6), ("1,9 million", None, 1.9e6), ("1.9 million", "en", 1.9e6),
        ("1,150,000 clients", "fr", 1150000), ("1.150,5 clients", "fr", 1150.5), ("1,150.5 clients", "en", 1150.5),
        ("2.500 clients", "fr", 2500), ("2.500 clients", "en", 2.5), ("10 000 clients", "en", 10000),
        ("0,150 clients", "en", 0.15),
    ],
)
def test_decimal_and_thousands_separators(text: str, lang: str | None, value: float) -> None:
    q = quantities(text, lang)[0]
    assert q.value == pytest.approx(value)


# --------------------------------------------------------------------------- factor


@pytest.mark.parametrize(
    ("text", "lang", "value", "direction"),
    [
        ("deux fois plus vite", "fr", 2, "up"), ("2x faster", "en", 2, None), ("twice as fast", "en", 2, None),
        ("x3", "en", 3, None), ("3 fois", "fr", 3, None), ("divided by two", "en", 2, "down"),
        ("divisé par deux", "fr", 2, "down"), ("trois fois moins", "fr", 3, "down"),
        ("three times faster", "en", 3, "up"), ("réduit de moitié", "fr", 2, "down"),
        ("multiplié par 4", "fr", 4, "up"), ("doubled", "en", 2, "up"),
    ],
)
def test_factors(text: str, lang: str, value: float, direction: str | None) -> None:
    q = one(text, lang, "factor")
    assert q.value == value
    assert facets(q).get("direction") == direction


# --------------------------------------------------------------------------- years and dates


@pytest.mark.parametrize(
    ("text", "lang"),
    [("en 2017", "fr"), ("since 2017", "en"), ("Founded in 2017, we", "en"), ("fondée en 2017.", "fr")],
)
def test_years(text: str, lang: str) -> None:
    q = one(text, lang)
    assert (q.kind, q.value, q.text) == ("year", 2017.0, "2017")


@pytest.mark.parametrize(
    ("text", "lang", "kind", "value"),
    [("2 140 fuites", "fr", "count", 2140), ("2024 €", "fr", "money", 2024), ("plus de 2000 clients", "fr", "count", 2000)],
)
def test_four_digit_numbers_that_are_not_years(text: str, lang: str, kind: str, value: float) -> None:
    q = one(text, lang)
    assert (q.kind, q.value) == (kind, value)


def _ordinal(y: int, m: int, d: int) -> float:
    from datetime import date

    return float(date(y, m, d).toordinal())


@pytest.mark.parametrize(
    ("text", "lang", "unit", "value"),
    [
        ("le 19 novembre 2025", "fr", "day", _ordinal(2025, 11, 19)),
        ("19 November 2025", "en", "day", _ordinal(2025, 11, 19)),
        ("November 19, 2025", "en", "day", _ordinal(2025, 11, 19)),
        ("1er janvier 2026", "fr", "day", _ordinal(2026, 1, 1)),
        ("1st January 2026", "en", "day", _ordinal(2026, 1, 1)),
        ("le douze mars deux mille vingt-quatre", "fr", "day", _ordinal(2024, 3, 12)),
        ("2026-01-15", None, "day", _ordinal(2026, 1, 15)),
        ("15/01/2026", "fr", "day", _ordinal(2026, 1, 15)),
        ("mars 2024", "fr", "month", 2024 * 12 + 2), ("March 2024", "en", "month", 2024 * 12 + 2),
        ("premier semestre 2027", "fr", "half", 2027 * 2), ("first half of 2027", "en", "half", 2027 * 2),
        ("H1 2027", "en", "half", 2027 * 2), ("second semestre 2026", "fr", "half", 2026 * 2 + 1),
        ("Q3 2026", "en", "quarter", 2026 * 4 + 2), ("troisième trimestre 2026", "fr", "quarter", 2026 * 4 + 2),
        ("fin 2026", "fr", "year_end", 2026), ("end of 2026", "en", "year_end", 2026),
        ("début 2026", "fr", "year_start", 2026),
    ],
)
def test_dates(text: str, lang: str | None, unit: str, value: float) -> None:
    q = one(text, lang, "date")
    assert q.unit == unit
    assert q.value == value


@pytest.mark.parametrize(
    ("text", "lang", "month", "day"),
    [("jeudi 10 décembre", "fr", "12", "10"), ("19 November", "en", "11", "19"),
     ("le douze mars", "fr", "3", "12")],
)
def test_dates_without_a_year(text: str, lang: str, month: str, day: str) -> None:
    q = one(text, lang, "date")
    f = facets(q)
    assert (f["year"], f["month"], f["day"]) == ("?", month, day)


def test_month_range() -> None:
    q = one("Entre janvier 2024 et juin 2025, nous avons", "fr")
    assert (q.kind, q.unit, q.value, q.high) == ("date", "month", 2024 * 12, 2025 * 12 + 5)


# --------------------------------------------------------------------------- time of day and schedules


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("à 8 h", "fr", 8), ("à 8h", "fr", 8), ("à 19 h", "fr", 19), ("8h30", "fr", 8.5), ("at 8 am", "en", 8),
        ("6 pm", "en", 18), ("18:00", None, 18), ("à 11 h", "fr", 11), ("à 3 h du matin", "fr", 3),
        ("vers 7 h du soir", "fr", 19), ("12 pm", "en", 12), ("12 am", "en", 0),
    ],
)
def test_times_of_day(text: str, lang: str | None, value: float) -> None:
    q = one(text, lang)
    assert q.kind == "time_of_day"
    assert q.value == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "lang", "low", "high"),
    [("de 8 h à 19 h", "fr", 8, 19), ("from 8 am to 6 pm", "en", 8, 18), ("8 am to 6 pm", "en", 8, 18),
     ("between 8 and 19 h", "en", 8, 19), ("de 8h30 à 18h", "fr", 8.5, 18), ("9:00-17:00", None, 9, 17)],
)
def test_time_ranges(text: str, lang: str, low: float, high: float) -> None:
    q = one(text, lang)
    assert q.kind == "time_of_day"
    assert (q.value, q.high) == (pytest.approx(low), pytest.approx(high))


@pytest.mark.parametrize(
    "text",
    ["24/7", "24 h/24 et 7 j/7", "24h/24", "7j/7", "around the clock", "jour et nuit", "24 heures sur 24",
     "24 hours a day, 7 days a week", f"24{NBSP}h/24"],
)
def test_round_the_clock_schedules(text: str) -> None:
    q = one(text)
    assert (q.kind, q.value, q.text) == ("schedule", None, text)
    assert facets(q) == {"hours": "0-24", "days": "7"}


@pytest.mark.parametrize(
    ("text", "lang"),
    [("du lundi au vendredi", "fr"), ("Monday to Friday", "en"), ("from Monday through Friday", "en"),
     ("en semaine", "fr"), ("weekdays", "en"), ("jours ouvrés", "fr"), ("Mon-Fri", "en")],
)
def test_weekday_schedules(text: str, lang: str) -> None:
    q = one(text, lang)
    assert q.kind == "schedule"
    assert facets(q) == {"days": "mon-fri"}


def test_day_range_and_hour_range_are_two_quantities() -> None:
    found = quantities("The team is reachable Monday to Friday, from 8 am to 6 pm.", "en")
    assert [(q.kind, q.value, q.high) for q in found] == [("schedule", None, None), ("time_of_day", 8.0, 18.0)]
    found = quantities("du lundi au vendredi, de 8 h à 19 h ; une astreinte 24 h/24", "fr")
    assert [q.kind for q in found] == ["schedule", "time_of_day", "schedule"]


# --------------------------------------------------------------------------- identifiers


@pytest.mark.parametrize(
    ("text", "ident"),
    [
        ("ISO 27001", "ISO27001"), ("ISO/IEC 27001:2022", "ISO/IEC27001:2022"), ("SOC 2", "SOC2"),
        ("EN 9100", "EN9100"), ("AS9100", "AS9100"), ("IATF 16949", "IATF16949"),
        ("SOC 2 Type II", "SOC2TYPEII"), ("AES-256", "AES-256"), ("TLS 1.2", "TLS1.2"), ("article 28", "ARTICLE28"),
        ("Article 28", "ARTICLE28"), ("HDS", "HDS"), ("Windows 11", "WINDOWS11"), ("iOS 17", "IOS17"),
        ("version 2.3.1", "VERSION2.3.1"), ("v2.3", "V2.3"), ("Relance 1", "RELANCE1"), ("Follow-up 2", "FOLLOW-UP2"),
        ("J+4", "J+4"), ("day 3", "DAY3"), ("#1", "#1"), ("[S1]", "[S1]"), ("01 23 45 67 89", "0123456789"),
        ("+33 1 23 45 67 89", "+33123456789"), ("(555) 123-4567", "(555)123-4567"), ("RGPD", "RGPD"),
        ("4G", "4G"), ("B2B", "B2B"), ("COVID-19", "COVID-19"), ("SHA-256", "SHA-256"), ("NIS 2", "NIS2"),
    ],
)
def test_identifiers_are_names_not_figures(text: str, ident: str) -> None:
    q = one(f"conforme {text} ici")
    assert (q.kind, q.value, q.unit, q.text) == ("identifier", None, None, text)
    assert facets(q)["id"] == ident


def test_postal_code_is_an_identifier() -> None:
    assert one("Bureaux : 12 rue Haute, 75008 Paris", "fr", "identifier").text == "75008"


def test_list_numbering_is_an_identifier() -> None:
    text = "Nos conditions :\n1. L'abonnement.\n2. Le pilote."
    assert [(q.kind, q.text) for q in quantities(text, "fr")] == [("identifier", "1."), ("identifier", "2.")]


def test_tls_qualifier_does_not_leak_into_figures() -> None:
    found = quantities("en transit (TLS 1.2 au minimum), au repos (AES-256)", "fr")
    assert [q.kind for q in found] == ["identifier", "identifier"]


# --------------------------------------------------------------------------- ranges and transitions


@pytest.mark.parametrize(
    ("text", "lang", "kind", "low", "high"),
    [
        ("de 6 % à 31 %", "fr", "percent", 6, 31), ("from 6% to 31%", "en", "percent", 6, 31),
        ("6-31 %", "fr", "percent", 6, 31), ("entre 8 000 et 140 000 abonnés", "fr", "count", 8000, 140000),
        ("de 8 000 à 140 000 abonnés", "fr", "count", 8000, 140000), ("10-15 days", "en", "duration", 10, 15),
        ("between 2023 and 2025", "en", "year", 2023, 2025), ("la baisse va de 6 % à 31 %", "fr", "percent", 6, 31),
        ("comptez 4 à 6 semaines", "fr", "duration", 28, 42), ("4 to 6 weeks", "en", "duration", 28, 42),
        ("5 à 10 %", "fr", "percent", 5, 10),
        ("de 2 à 3 semaines", "fr", "duration", 14, 21),
    ],
)
def test_ranges_are_one_quantity(text: str, lang: str, kind: str, low: float, high: float) -> None:
    q = one(text, lang)
    assert (q.kind, q.value, q.high) == (kind, low, high)


@pytest.mark.parametrize(
    ("text", "lang", "kind", "values"),
    [
        ("est passé de 23 jours à 6 jours", "fr", "duration", [23, 6]),
        ("est passé de 23 à 6 jours", "fr", "duration", [23, 6]),
        ("est passé de vingt-trois jours à six.", "fr", "duration", [23, 6]),
        ("went from 76% to 81%", "en", "percent", [76, 81]),
        ("a progressé de 76 % à 81 %", "fr", "percent", [76, 81]),
        ("went from three weeks to six days", "en", "duration", [21, 6]),
        ("raised its network efficiency from 76% to 81%", "en", "percent", [76, 81]),
        ("le délai de 23 à 6 jours", "fr", "duration", [23, 6]),
    ],
)
def test_transitions_are_two_quantities(text: str, lang: str, kind: str, values: list[float]) -> None:
    found = quantities(text, lang)
    assert [(q.kind, q.value, q.high) for q in found] == [(kind, v, None) for v in values]


def test_transition_with_years_in_between() -> None:
    found = quantities("Le rendement est passé de 76 % en 2023 à 81 % en 2025.", "fr")
    assert [(q.kind, q.value) for q in found] == [("percent", 76), ("year", 2023), ("percent", 81), ("year", 2025)]


# --------------------------------------------------------------------------- qualifiers


@pytest.mark.parametrize(
    ("text", "lang", "qualifier"),
    [
        ("plus de 50 régies", "fr", "gt"), ("more than 50 utilities", "en", "gt"), ("over 50 utilities", "en", "gt"),
        ("au moins 99,5 %", "fr", "gte"), ("at least 99.5%", "en", "gte"), ("dès 390 €", "fr", "gte"),
        ("à partir de 390 € HT", "fr", "gte"), ("starts at €1,150", "en", "gte"), ("5 years or more", "en", "gte"),
        ("10 ans ou plus", "fr", "gte"), ("3 ans minimum", "fr", "gte"),
        ("moins de 10 000 abonnés", "fr", "lt"), ("less than 4 hours", "en", "lt"), ("under 4 hours", "en", "lt"),
        ("within four business hours", "en", "lte"), ("sous 72 heures", "fr", "lte"), ("en moins de 4 heures", "fr", "lt"),
        ("jusqu'à 60 000 abonnés", "fr", "lte"), ("jusqu’à 60 000 abonnés", "fr", "lte"),
        ("up to 60,000 connections", "en", "lte"), ("at most 3 weeks", "en", "lte"), ("au maximum 3 semaines", "fr", "lte"),
        ("environ 1,9 million", "fr", "approx"), ("près de 20 %", "fr", "approx"), ("nearly 20%", "en", "approx"),
        ("about 40", "en", "approx"), ("around 40", "en", "approx"), ("roughly 1.9 million", "en", "approx"),
        ("almost 40", "en", "approx"), ("presque 40", "fr", "approx"), ("~40", "en", "approx"),
    ],
)
def test_qualifiers(text: str, lang: str, qualifier: str) -> None:
    q = quantities(text, lang)[0]
    assert q.qualifier == qualifier
    assert not q.text.lower().startswith(("plus", "more", "au", "at", "moins", "less", "jusqu", "up", "environ"))


def test_over_a_period_is_not_more_than() -> None:
    assert one("over 12 months", "en").qualifier is None


@pytest.mark.parametrize(
    ("text", "stat"),
    [("baissé de 18 % en moyenne", "mean"), ("médiane : 15 %", "median"), ("with a median of 15%", "median"),
     ("comptez en moyenne six semaines", "mean"), ("fell by 18% on average", "mean")],
)
def test_mean_and_median_facets(text: str, stat: str) -> None:
    assert facets(quantities(text)[0])["stat"] == stat


# --------------------------------------------------------------------------- same_value


def sv(claim: str, source: str, lang_a: str | None = None, lang_b: str | None = None) -> bool | None:
    return same_value(quantities(claim, lang_a)[0], quantities(source, lang_b)[0])


@pytest.mark.parametrize(
    ("claim", "source", "expected"),
    [
        ("18 %", "eighteen percent", True), ("dix-huit pour cent", "18%", True), ("18 %", "15 %", False),
        ("1 150 € HT", "€1,150 excl. VAT", True), ("1 150 € HT", "1,150 euros", True), ("2500 € HT", "2 900 € HT", False),
        ("390 € HT par mois", "390 € TTC par mois", False), ("390 € par mois", "390 € par an", False),
        ("€1,150", "$1,150", None), ("18 %", "18 €", None),
        ("three weeks", "23 jours", False), ("three weeks", "21 jours", True), ("48 h", "2 jours", True),
        ("six semaines", "six weeks", True), ("four business hours", "4 heures", False),
        ("en moins de 4 heures ouvrées", "within four business hours", True),
        ("plus de 50 régies", "47 régies", False), ("plus de 40 régies", "47 régies", True),
        ("plus de 47 régies", "47 régies", False), ("au moins 47 régies", "47 régies", True),
        ("moins de 10 000 abonnés", "8 000 abonnés", True), ("jusqu'à 80 000 abonnés", "jusqu'à 60 000 abonnés", False),
        ("près de 20 %", "18 %", False), ("environ 20 %", "20 %", True), ("environ 1,9 million de m³", "1,9 million de m³", True),
        ("roughly 1.9 million cubic metres", "1,9 million de m³", True), ("environ 1,9 million de m³", "1 873 000 m³", False),
        ("environ 40 salariés", "42 salariés", True), ("une quarantaine", "47", False),
        ("en moins de 4 heures", "en moins de 4 heures", True), ("99.5%", "au moins 99,5 %", True),
        ("de 6 % à 31 %", "from 6% to 31%", True), ("de 6 % à 31 %", "de 6 % à 30 %", False),
        ("de 6 % à 31 %", "18 %", False), ("plus de 5 %", "de 6 % à 31 %", True),
        ("every 15 minutes", "toutes les 15 minutes", True), ("daily", "chaque semaine", False),
        ("deux fois plus", "2x", True), ("divisé par deux", "multiplié par 2", False),
        ("ISO 27001", "ISO 27001", True), ("ISO 27001", "ISO 9001", False), ("24/7", "24 h/24", True),
        ("du lundi au vendredi", "Monday to Friday", True), ("du lundi au vendredi", "24/7", False),
        ("de 8 h à 19 h", "from 8 am to 7 pm", True), ("de 8 h à 19 h", "from 8 am to 6 pm", False),
        ("en 2017", "since 2017", True), ("en 2016", "en 2017", False), ("2024", "mars 2024", True),
        ("mars 2024", "2024", None), ("mars 2024", "le 12 mars 2024", True), ("premier semestre 2027", "H1 2027", True),
        ("le 19 novembre", "19 November 2025", True), ("fin 2026", "end of 2026", True),
        ("deux centres", "two data centres", True), ("18 % en moyenne", "médiane : 18 %", False),
    ],
)
def test_same_value(claim: str, source: str, expected: bool | None) -> None:
    assert sv(claim, source) is expected


# --------------------------------------------------------------------------- whole texts


def test_french_source_sentence() -> None:
    text = ("Ondine Analytics SAS a été fondée en 2017 à Nantes. L'entreprise compte 85 salariés au\n"
            "1er janvier 2026, dont 31 ingénieurs et data scientists.")
    assert [(q.kind, q.value) for q in quantities(text, "fr")] == [
        ("year", 2017), ("count", 85), ("date", _ordinal(2026, 1, 1)), ("count", 31)]


def test_english_draft_sentence() -> None:
    text = "The Network plan starts at €1,150 per month excl. VAT for utilities with up to 60,000 connections."
    money, count = quantities(text, "en")
    assert (money.kind, money.value, money.qualifier, facets(money)) == (
        "money", 1150, "gte", {"tax": "excl_vat", "per": "month"})
    assert (count.kind, count.value, count.qualifier) == ("count", 60000, "lte")


def test_results_are_sorted_and_disjoint_with_exact_offsets() -> None:
    text = ("Entre janvier 2024 et juin 2025, 12 régies (de 8 000 à 140 000 abonnés) ont réduit leurs pertes "
            "de 18 % ; le délai est passé de 23 à 6 jours, 24 h/24, ISO 27001, à partir de 390 € HT par mois.")
    found = quantities(text, "fr")
    assert len(found) >= 8
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([
    "18 %", " ", "\u00a0", "\u202f", "de", "à", "1 150 €", "trois semaines", "plus de", "ISO 27001", "24/7",
    "mars 2024", "-", ",", "1,5", "deux", "fois", "every", "15 minutes", "Monday to Friday", "8 am", "\n",
    "x3", "un", "a", "h", "€", "2024", "1.", "(", "J+4", "entre", "et", "du lundi au vendredi", "k€",
]), max_size=25))
def test_any_text_gives_exact_sorted_disjoint_spans(parts: list[str]) -> None:
    text = " ".join(parts)
    for lang in ("fr", "en", None):
        found = find_quantities(text, lang)
        for q in found:
            assert text[q.start:q.end] == q.text
            assert q.start < q.end
        for a, b in itertools.pairwise(found):
            assert a.end <= b.start


def test_number_words_helper() -> None:
    assert number_words("fr")["vingt"] == 20
    assert number_words("en")["twenty"] == 20
    assert "twenty" not in number_words("fr")


def test_a_1500_word_draft_reads_as_its_sentence_does() -> None:
    sentence = ("Dans les 12 régies de notre étude, les pertes ont baissé de 18 % en moyenne ; le délai est passé "
                "de 23 à 6 jours. The Network plan starts at €1,150 per month excl. VAT, support 24/7, "
                "Monday to Friday from 8 am to 6 pm, ISO 27001 since 2025, une quarantaine d'ingénieurs. ")
    words = sentence.split()
    text = " ".join((words * (1500 // len(words) + 1))[:1500])
    # its speed is in bench/bench_text.py; here, that a long text reads as its sentence does
    one = [(q.kind, q.value) for q in find_quantities(sentence)]
    found = [(q.kind, q.value) for q in find_quantities(text)]
    assert len(found) >= len(one) * (1500 // len(words)) and set(found) <= set(one)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("stockage à +2/+8 °C", 2.0, 8.0),
        ("en froid négatif à -25 °C", -25.0, None),
        ("entre +15 et +25 °C", 15.0, 25.0),
        ("kept between 2 and 8 °C", 2.0, 8.0),
        ("à −18°C", -18.0, None),
    ],
)
def test_temperatures_keep_their_sign_and_their_range(text: str, low: float, high: float | None) -> None:
    (q,) = find_quantities(text, "fr")
    assert (q.kind, q.value, q.high, q.unit) == ("temperature", low, high, "C")


def test_a_temperature_is_not_another_temperature() -> None:
    cold = find_quantities("à -25 °C", "fr")[0]
    assert same_value(cold, find_quantities("at -18 °C", "en")[0]) is False
    assert same_value(find_quantities("+2/+8 °C", "fr")[0], find_quantities("between 2 and 8 °C", "en")[0]) is True


def test_a_factor_compares_with_the_change_a_percentage_states() -> None:
    from proofline.text.quantities.compare import compare

    halved = quantities("le nombre d'appels a été divisé par deux", "fr")[0]
    assert compare(halved, quantities("les appels ont baissé de 50 %", "fr")[0]) is True
    assert compare(halved, quantities("les appels ont baissé de 47 %", "fr")[0]) is False
    # a level is not a change: "divisé par deux" says nothing about "50 % des appels"
    assert compare(halved, quantities("50 % des appels", "fr")[0]) is None
    # "three times faster" is a speed: its time changes the other way, so it is left alone
    assert compare(quantities("three times faster", "en")[0], quantities("cut by 200%", "en")[0]) is None


def test_a_share_in_words_rounds_to_the_precision_of_the_percentage() -> None:
    from proofline.text.quantities.compare import compare

    third = quantities("un client sur trois", "fr")[0]
    assert compare(third, quantities("33 % des clients", "fr")[0]) is True
    assert compare(third, quantities("35 % des clients", "fr")[0]) is False


def test_a_price_per_period_is_not_contradicted_by_the_same_price_per_period_and_per_site() -> None:
    from proofline.text.quantities.compare import compare

    yearly = quantities("450 € HT par an", "fr")[0]
    assert compare(yearly, quantities("450 € HT par an et par site", "fr")[0]) is True
    assert compare(yearly, quantities("450 € HT par mois", "fr")[0]) is False
    assert compare(quantities("9 € par utilisateur", "fr")[0], quantities("9 € par site", "fr")[0]) is False
