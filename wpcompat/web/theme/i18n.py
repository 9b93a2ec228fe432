"""The theme's words and dates in English and French (the site's WPLANG picks)."""

from __future__ import annotations

import datetime as dt

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "search": "Search for:", "search_placeholder": "Search …", "posted_on": "Posted on",
        "by": "by", "categories": "Categories", "tags": "Tags", "previous": "Previous post",
        "next": "Next post", "newer": "Newer posts", "older": "Older posts", "read_more": "Continue reading",
        "not_found_title": "Page not found", "not_found_text": "Nothing was found at this address. Try a search?",
        "search_results": "Search Results for &#8220;%s&#8221;", "no_results":
        "Sorry, but nothing matched your search terms. Please try again with some different keywords.",
        "category": "Category: %s", "tag": "Tag: %s", "author": "Author: %s", "year": "Year: %s",
        "month": "Month: %s", "day": "Day: %s", "page": "Page %d", "powered": "Served by wpcompat",
        "comments": "Comments", "protected": "This content is password protected.",
    },
    "fr": {
        "search": "Rechercher :", "search_placeholder": "Rechercher…", "posted_on": "Publié le",
        "by": "par", "categories": "Catégories", "tags": "Étiquettes", "previous": "Article précédent",
        "next": "Article suivant", "newer": "Articles plus récents", "older": "Articles plus anciens",
        "read_more": "Lire la suite", "not_found_title": "Page introuvable",
        "not_found_text": "Rien n’a été trouvé à cette adresse. Essayez une recherche ?",
        "search_results": "Résultats de recherche pour « %s »", "no_results":
        "Désolé, mais rien ne correspond à votre recherche. Veuillez réessayer avec des mots différents.",
        "category": "Catégorie : %s", "tag": "Étiquette : %s", "author": "Auteur/autrice : %s",
        "year": "Année : %s", "month": "Mois : %s", "day": "Jour : %s", "page": "Page %d",
        "powered": "Servi par wpcompat", "comments": "Commentaires",
        "protected": "Ce contenu est protégé par un mot de passe.",
    },
}
MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"],
}
# WordPress's default date formats per locale (fr_FR ships "j F Y").
DATE_FORMATS = {"en": "F j, Y", "fr": "j F Y"}


def language(wplang: str) -> str:
    return "fr" if (wplang or "").lower().startswith("fr") else "en"


def t(lang: str, key: str) -> str:
    return STRINGS[lang].get(key) or STRINGS["en"][key]


def format_date(moment: dt.date, fmt: str, lang: str) -> str:
    """date_i18n() for the common characters of PHP's date(): j d n m F M Y y."""
    months = MONTHS[lang]
    out = []
    for ch in fmt:
        out.append({
            "j": str(moment.day), "d": f"{moment.day:02d}", "n": str(moment.month),
            "m": f"{moment.month:02d}", "F": months[moment.month - 1], "M": months[moment.month - 1][:3],
            "Y": f"{moment.year:04d}", "y": f"{moment.year % 100:02d}",
        }.get(ch, ch))
    return "".join(out)


def post_date(moment: dt.date, lang: str, site_format: str) -> str:
    """The date as the site shows it: its date_format, or the locale's default for French."""
    fmt = DATE_FORMATS["fr"] if lang == "fr" and site_format in ("", "F j, Y") else (site_format or DATE_FORMATS[lang])
    return format_date(moment, fmt, lang)
