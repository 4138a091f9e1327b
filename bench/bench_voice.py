"""Speed of the voice rules next to proselint, on the same 200 Markdown drafts, in one run.

    python bench/bench_voice.py                 # print the table
    python bench/bench_voice.py --write         # and append it to bench/RESULTS.md

The drafts are generated from sentence banks with a seeded RNG (half French, half English, 250 to
600 words, headings, lists, bold, links and code), so every run measures the same text. Both
tools run in this process: proselint's `LintFile(...).lint()` with all its default checks, and
Proofline's `parse_document` + `voice.lint` with a kit that uses every voice setting and every
built-in pack, run twice: with its own rules, then with proselint's checks added as an extra
style pack (each proselint existence / preferred-forms / consistency check translated into the
same Proofline check type; the few written as Python functions are left out), so that Proofline
runs strictly more rules than proselint on the same text. Set-up (imports, registering checks,
compiling rules) is timed apart from the per-draft work. proselint is a dev-only dependency:
`pip install proselint`.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

EN = [
    "Our platform plans delivery rounds around each customer's time slot.",
    "Dispatchers import orders every afternoon and send rounds to drivers before six.",
    "In our 2025 survey, carriers cut empty mileage by 14 percent on average.",
    "Every round can be edited before it reaches the driver's phone.",
    "The team answers support requests within four business hours.",
    "Data is encrypted at rest and in transit, and it is hosted in France.",
    "We believe planning should take minutes, not a whole morning.",
    "A missed slot costs between 40 and 180 euros once you count the second trip.",
    "When a customer moves a slot, the driver knows before leaving the depot.",
    "Setup takes six weeks on average, from signature to the first planned round.",
    "It is a truly amazing tool that will revolutionize the way you work.",
    "In today's fast-paced world, carriers need to unlock the full potential of their data.",
    "Let's dive into the figures that matter for your depots.",
    "Feel free to reach out if you have any questions!",
    "Our customers love us, and the results speak for themselves.",
    "The dashboard shows late deliveries per agency, per driver and per customer.",
    "Drivers confirm each delivery with a photo and a signature on their phone.",
    "Reports are generated every night and sent to the operations manager.",
    "Pricing starts at 490 euros per agency per month, training included.",
    "Book a 30-minute demo with our team to see a round planned on your data.",
]
FR = [
    "La plateforme planifie les tournées en tenant compte des créneaux de livraison.",
    "Les exploitants importent les commandes chaque après-midi et envoient les tournées avant 18 h.",
    "Dans notre enquête 2025, les transporteurs ont réduit leurs kilomètres à vide de 14 % en moyenne.",
    "Chaque tournée peut être modifiée avant d'arriver sur le téléphone du chauffeur.",
    "L'équipe répond aux demandes de support en moins de quatre heures ouvrées.",
    "Les données sont chiffrées et hébergées en France, chez un prestataire certifié.",
    "Nous pensons que planifier doit prendre quelques minutes, pas une matinée entière.",
    "Un créneau manqué coûte entre 40 et 180 euros quand on compte le second passage.",
    "Quand un client déplace son créneau, le chauffeur le sait avant de quitter le dépôt.",
    "Comptez six semaines en moyenne entre la signature et la première tournée planifiée.",
    "C'est un outil vraiment incroyable qui va révolutionner votre façon de travailler.",
    "Dans un monde en constante évolution, les transporteurs doivent libérer tout le potentiel de leurs données.",
    "Plongeons dans les chiffres qui comptent pour vos dépôts.",
    "N'hésitez pas à nous contacter si vous avez des questions !",
    "Nos clients sont unanimes, et nos chiffres parlent d'eux-mêmes.",
    "Le tableau de bord affiche les retards par agence, par chauffeur et par client.",
    "Tu peux aussi consulter ton rapport chaque matin depuis ton téléphone.",
    "Les rapports sont produits chaque nuit et envoyés au responsable d'exploitation.",
    "L'abonnement démarre à 490 € HT par agence et par mois, formation comprise.",
    "Réservez une démonstration de 30 minutes avec notre équipe sur vos propres données.",
]
HEAD_EN = ["How it works", "Why carriers choose us", "Pricing", "Security", "Next step", "What our customers say"]
HEAD_FR = ["Comment ça marche", "Pourquoi nos clients nous choisissent", "Tarifs", "Sécurité", "Prochaine étape"]

KIT: dict[str, Any] = {
    "kit": 1, "brand": "Kerlog", "languages": ["fr", "en"],
    "voice": {"address": "vous", "max_sentence_words": 25, "reading_level": "standard", "exclamation": "avoid"},
    "terminology": [
        {"use": "plateforme Kerlog", "not": ["outil Kerlog", "logiciel Kerlog"], "lang": "fr"},
        {"use": "Kerlog platform", "not": ["Kerlog tool", "Kerlog software"], "lang": "en"},
        {"use": "tournée", "not": ["trajet de livraison"], "lang": "fr"},
    ],
    "banned": [{"phrases": ["révolutionnaire", "disruptif", "leader incontesté"]},
               {"phrases": ["revolutionary", "disruptive", "best-in-class"]}],
    "channels": {"linkedin": {"max_chars": 3000, "max_hashtags": 5}, "email": {"subject_max_chars": 60,
                                                                               "max_words": 250}},
}


def make_drafts(n: int, seed: int = 7) -> list[tuple[str, str]]:
    """(name, Markdown text) pairs, half French, half English."""
    rng = random.Random(seed)
    drafts = []
    for i in range(n):
        fr = i % 2 == 0
        bank, heads = (FR, HEAD_FR) if fr else (EN, HEAD_EN)
        target = rng.randint(250, 600)
        parts: list[str] = []
        if i % 5 == 0:
            parts.append(("Objet : " if fr else "Subject: ") + rng.choice(bank)[:70])
        words = 0
        while words < target:
            kind = rng.random()
            if kind < 0.15:
                block = "## " + rng.choice(heads)
            elif kind < 0.3:
                block = "\n".join("- " + rng.choice(bank) for _ in range(rng.randint(2, 4)))
            elif kind < 0.35:
                block = "```\nkerlog plan --depot " + str(rng.randint(1, 99)) + "\n```"
            else:
                sents = [rng.choice(bank) for _ in range(rng.randint(2, 5))]
                if rng.random() < 0.3:
                    sents[0] = "**" + sents[0] + "**"
                if rng.random() < 0.2:
                    sents.append("See [our guide](https://kerlog.example/guide) or `kerlog --help`.")
                block = " ".join(sents)
            parts.append(block)
            words += len(block.split())
        if i % 3 == 0:
            parts.append("#transport #logistique #tournées" if fr else "#logistics #transport #lastmile")
        drafts.append((f"draft-{i:03d}-{'fr' if fr else 'en'}.md", "\n\n".join(parts) + "\n"))
    return drafts


def proselint_pack(registry: Any, folder: Path) -> tuple[Path, int]:
    """proselint's enabled checks as one Proofline pack file; returns the file and how many converted."""
    import re

    import yaml

    rules: list[dict[str, Any]] = []
    for check in registry.get_all_enabled():
        ct = check.check_type
        kind = type(ct).__name__
        ic = bool(check.engine.opts.case_insensitive)
        base = {"id": "proselint." + check.path, "severity": "suggestion", "ignorecase": ic, "family": "proselint"}
        words = ct.padding.name in ("WORDS_IN_TEXT", "STRICT_WORDS_IN_TEXT") if hasattr(ct, "padding") else False
        if kind == "Existence" and words:  # \b-padded items: Vale's existence tokens, same semantics
            rule = {**base, "type": "existence", "tokens": list(ct.items), "message": check.message.replace("{}", "{match}")}
        elif kind == "Existence":
            rule = {**base, "type": "existence", "raw": ["|".join(ct.padding.format(i) for i in ct.items)],
                    "message": check.message.replace("{}", "{match}")}
        elif kind == "ExistenceSimple":
            rule = {**base, "type": "existence", "raw": [ct.pattern], "message": check.message.replace("{}", "{match}")}
        elif kind in ("PreferredForms", "PreferredFormsSimple"):
            rule = {**base, "type": "substitution", "nonword": not words,
                    "swap": {(k if words else ct.padding.format(k)): v for k, v in ct.items.items()},
                    "message": check.message.replace("{}", "{fix}", 1).replace("{}", "{match}", 1)}
        elif kind == "Consistency":
            rule = {**base, "type": "consistency", "either": dict(ct.term_pairs),
                    "message": check.message.replace("{}", "{fix}", 1).replace("{}", "{match}", 1)}
        else:
            continue  # checks written as Python functions
        try:  # proselint runs on RE2; keep only what Python's re accepts
            for rx in rule.get("raw", []) + rule.get("tokens", []) + list(rule.get("swap", {})):
                re.compile(rx)
        except re.error:
            continue
        rules.append(rule)
    path = folder / "proselint.yaml"
    path.write_text(yaml.safe_dump({"pack": "proselint", "rules": rules}, allow_unicode=True), encoding="utf-8")
    return path, len(rules)


def run_proofline(drafts: list[tuple[str, str]], kit: Any, extra: list[Path]) -> dict[str, float]:
    from proofline.text.markup import parse_document
    from proofline.voice import lint, rules_for

    t0 = time.perf_counter()
    rules = {lang: rules_for(kit, extra, lang)[0] for lang in ("fr", "en")}
    setup = time.perf_counter() - t0
    t0 = time.perf_counter()
    found = 0
    parse_time = 0.0
    per_draft = []
    for name, text in drafts:
        a = time.perf_counter()
        doc = parse_document(text, None, path=name, languages=("fr", "en"))
        b = time.perf_counter()
        found += len(lint(doc, kit, extra_styles=extra))
        per_draft.append(time.perf_counter() - a)
        parse_time += b - a
    return {"setup": setup, "time": time.perf_counter() - t0, "parse": parse_time, "found": found,
            "median_ms": statistics.median(per_draft) * 1000, "rules_fr": len(rules["fr"]),
            "rules_en": len(rules["en"])}


def bench(n: int) -> dict[str, Any]:
    drafts = make_drafts(n)
    words = sum(len(t.split()) for _, t in drafts)

    t0 = time.perf_counter()
    from proselint.checks import __register__
    from proselint.registry import CheckRegistry
    from proselint.tools import LintFile

    registry = CheckRegistry()
    if not registry.checks:
        registry.register_many(__register__)
    proselint_checks = len(registry.get_all_enabled())
    proselint_setup = time.perf_counter() - t0
    t0 = time.perf_counter()
    proselint_found = sum(len(LintFile(name, text).lint()) for name, text in drafts)
    proselint_time = time.perf_counter() - t0

    import tempfile

    from proofline.workspace.model import Kit

    kit = Kit.model_validate(KIT)
    own = run_proofline(drafts, kit, [])
    with tempfile.TemporaryDirectory() as tmp:
        pack, converted = proselint_pack(registry, Path(tmp))
        both = run_proofline(drafts, kit, [pack])
    return {
        "drafts": n, "words": words,
        "proselint_checks": proselint_checks, "proselint_setup": proselint_setup,
        "proselint_time": proselint_time, "proselint_found": proselint_found,
        "own": own, "both": both, "converted": converted,
    }


def table(r: dict[str, Any]) -> str:
    def row(label: str, p: dict[str, float], rules: str) -> str:
        return (f"| {label} | {rules} | {p['setup']:.2f} s | {p['time']:.2f} s (parsing {p['parse']:.2f} s) "
                f"| {1000 * p['time'] / r['drafts']:.1f} ms (median {p['median_ms']:.1f} ms) | {p['found']} |")

    own, both = r["own"], r["both"]
    return "\n".join([
        f"{r['drafts']} Markdown drafts (half FR, half EN), {r['words']:,} words.",
        "",
        "| tool | rules run | set-up | all drafts | per draft | findings |",
        "|---|---|---|---|---|---|",
        f"| proselint | {r['proselint_checks']} checks | {r['proselint_setup']:.2f} s | {r['proselint_time']:.2f} s "
        f"| {1000 * r['proselint_time'] / r['drafts']:.1f} ms | {r['proselint_found']} |",
        row("Proofline voice (parse + lint)", own, f"{own['rules_fr']:.0f} on FR, {own['rules_en']:.0f} on EN"),
        row(f"Proofline voice + {r['converted']} proselint checks as a pack", both,
            f"{both['rules_fr']:.0f} on FR, {both['rules_en']:.0f} on EN"),
        "",
        f"**Per draft, Proofline is {r['proselint_time'] / own['time']:.1f}x faster than proselint with its own rules, "
        f"and {r['proselint_time'] / both['time']:.1f}x faster while running more rules than proselint "
        f"({both['rules_en']:.0f} vs {r['proselint_checks']} on English drafts: its own plus "
        f"{r['converted']} of proselint's checks).** "
        "Set-up (imports, rule compilation) is excluded; it is paid once per process.",
    ])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--drafts", type=int, default=200)
    ap.add_argument("--write", action="store_true", help="append the result to bench/RESULTS.md")
    args = ap.parse_args()
    try:
        import proselint  # noqa: F401
    except ImportError:
        print("bench_voice.py needs proselint: pip install proselint", file=sys.stderr)
        return 2
    from importlib.metadata import version

    result = bench(args.drafts)
    body = table(result)
    header = (f"### Voice rules vs proselint {version('proselint')}, {date.today().isoformat()}\n\n"
              f"`python bench/bench_voice.py --drafts {args.drafts}` on {platform.machine()}, "
              f"Python {platform.python_version()}, {platform.system()}.\n\n")
    print(header + body)
    if args.write:
        with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as fh:
            fh.write("\n" + header + body + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
