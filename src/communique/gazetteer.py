"""Capitals and the countries they stand for in news copy ("Kabul urged…", "talks with Islamabad").

World knowledge, not tuned to any text: a capital names its country's government (metonymy). Used to map
actors to parties and so that a capital does not count as a different entity from its country.
"""

from __future__ import annotations

CAPITALS: dict[str, str] = {
    "Kabul": "Afghanistan", "Tirana": "Albania", "Algiers": "Algeria", "Luanda": "Angola",
    "Buenos Aires": "Argentina", "Yerevan": "Armenia", "Canberra": "Australia", "Vienna": "Austria",
    "Baku": "Azerbaijan", "Manama": "Bahrain", "Dhaka": "Bangladesh", "Minsk": "Belarus", "Brussels": "Belgium",
    "Thimphu": "Bhutan", "La Paz": "Bolivia", "Sarajevo": "Bosnia and Herzegovina", "Brasilia": "Brazil",
    "Brasília": "Brazil", "Sofia": "Bulgaria", "Phnom Penh": "Cambodia", "Ottawa": "Canada", "Santiago": "Chile",
    "Beijing": "China", "Bogota": "Colombia", "Bogotá": "Colombia", "Zagreb": "Croatia", "Havana": "Cuba",
    "Nicosia": "Cyprus", "Prague": "Czechia", "Copenhagen": "Denmark", "Quito": "Ecuador", "Cairo": "Egypt",
    "Addis Ababa": "Ethiopia", "Helsinki": "Finland", "Paris": "France", "Tbilisi": "Georgia", "Berlin": "Germany",
    "Accra": "Ghana", "Athens": "Greece", "Budapest": "Hungary", "Reykjavik": "Iceland", "New Delhi": "India",
    "Delhi": "India", "Jakarta": "Indonesia", "Tehran": "Iran", "Baghdad": "Iraq", "Dublin": "Ireland",
    "Jerusalem": "Israel", "Rome": "Italy", "Tokyo": "Japan", "Amman": "Jordan", "Astana": "Kazakhstan",
    "Nairobi": "Kenya", "Pyongyang": "North Korea", "Seoul": "South Korea", "Kuwait City": "Kuwait",
    "Bishkek": "Kyrgyzstan", "Vientiane": "Laos", "Riga": "Latvia", "Beirut": "Lebanon", "Tripoli": "Libya",
    "Vilnius": "Lithuania", "Kuala Lumpur": "Malaysia", "Male": "Maldives", "Mexico City": "Mexico",
    "Chisinau": "Moldova", "Ulaanbaatar": "Mongolia", "Rabat": "Morocco", "Naypyidaw": "Myanmar",
    "Kathmandu": "Nepal", "Amsterdam": "Netherlands", "The Hague": "Netherlands", "Wellington": "New Zealand",
    "Abuja": "Nigeria", "Oslo": "Norway", "Muscat": "Oman", "Islamabad": "Pakistan", "Lima": "Peru",
    "Manila": "Philippines", "Warsaw": "Poland", "Lisbon": "Portugal", "Doha": "Qatar", "Bucharest": "Romania",
    "Moscow": "Russia", "Kremlin": "Russia", "Riyadh": "Saudi Arabia", "Dakar": "Senegal", "Belgrade": "Serbia",
    "Singapore": "Singapore", "Bratislava": "Slovakia", "Ljubljana": "Slovenia", "Pretoria": "South Africa",
    "Madrid": "Spain", "Colombo": "Sri Lanka", "Khartoum": "Sudan", "Stockholm": "Sweden", "Bern": "Switzerland",
    "Damascus": "Syria", "Taipei": "Taiwan", "Dushanbe": "Tajikistan", "Dodoma": "Tanzania", "Bangkok": "Thailand",
    "Tunis": "Tunisia", "Ankara": "Turkey", "Ashgabat": "Turkmenistan", "Kampala": "Uganda", "Kyiv": "Ukraine",
    "Kiev": "Ukraine", "Abu Dhabi": "United Arab Emirates", "London": "United Kingdom",
    "Washington": "United States", "Tashkent": "Uzbekistan", "Caracas": "Venezuela", "Hanoi": "Vietnam",
    "Sanaa": "Yemen", "Lusaka": "Zambia", "Harare": "Zimbabwe",
}  # fmt: skip


def country_of(name: str) -> str | None:
    """The country a capital stands for, or None."""
    return CAPITALS.get(name.strip())
