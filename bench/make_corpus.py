"""Build a synthetic workspace and a long draft for the speed benchmark.

The corpus is generated from templates with a seeded RNG so that every run measures the same
text: N source passages (French and English business sentences with figures), spread over N/10
source files of varied types, and a ~1,500-word French draft whose claims are backed by the
corpus, contradict it (a shifted figure) or are invented (a customer the corpus never names).
Nothing here is tuned to any evaluation case; it only has to look like real sources in size,
vocabulary and density of figures.

    python bench/make_corpus.py /tmp/corpus --passages 1000
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from pathlib import Path

AS_OF = "2026-11-22"
BRAND = "Altivia"

SECTORS_FR = ["agroalimentaires", "logistiques", "pharmaceutiques", "automobiles", "textiles",
              "chimiques", "papetiers", "hospitaliers", "portuaires", "métallurgiques"]
SECTORS_EN = ["food-processing", "logistics", "pharmaceutical", "automotive", "textile",
              "chemical", "paper", "hospital", "port", "steel"]
METRICS = [  # (French subject, English subject)
    ("le temps de préparation des commandes", "order preparation time"),
    ("le nombre de retards de livraison", "the number of late deliveries"),
    ("la consommation d'énergie", "energy use"),
    ("le taux de rebut", "the scrap rate"),
    ("le temps passé à planifier les équipes", "time spent on shift planning"),
    ("le nombre d'heures supplémentaires", "overtime hours"),
    ("les coûts de maintenance", "maintenance costs"),
    ("le délai de traitement des réclamations", "complaint handling time"),
    ("les ruptures de stock", "stock-outs"),
    ("l'absentéisme non planifié", "unplanned absence"),
]
MODULES = ["Planif", "Stocks", "Atelier", "Qualité", "Énergie", "Flotte", "Équipes", "Achats",
           "Portail", "Mobile", "Analyse", "Sécurité"]
CITIES = ["Lyon", "Nantes", "Lille", "Toulouse", "Bordeaux", "Rennes", "Strasbourg", "Grenoble",
          "Montpellier", "Bruxelles", "Genève", "Liège", "Namur", "Annecy", "Dijon"]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
             "octobre", "novembre", "décembre"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
SYLLABLES = ["ber", "lan", "tor", "vil", "mar", "cas", "del", "ron", "sen", "tal", "quin", "fau",
             "gar", "lis", "mon", "pel", "ris", "val", "zen", "cor"]
KINDS_FR = ["Laiteries", "Transports", "Ateliers", "Conserveries", "Tissages", "Laboratoires",
            "Papeteries", "Cliniques", "Entrepôts", "Forges"]
KINDS_EN = ["Dairies", "Freight", "Works", "Foods", "Mills", "Labs", "Paper", "Clinics", "Depots",
            "Forge"]
SOURCE_TYPES = ["study", "customer_data", "customer_approval", "price_list", "company_fact",
                "product_doc", "security_review", "press"]

FILLER_FR = [
    "Chaque semaine, vos équipes jonglent avec des plannings qui changent à la dernière minute.",
    "Nous avons construit {brand} avec des responsables d'exploitation, pas pour eux.",
    "La question n'est pas de tout automatiser, mais de décider plus tôt.",
    "Vous gardez la main sur chaque arbitrage, nous vous donnons les chiffres pour le faire.",
    "Réservez un échange de 30 minutes avec un de nos consultants.",
    "Posez-nous vos 3 questions les plus difficiles lors du webinaire du 12 mars.",
    "Qu'est-ce qui coûte le plus cher dans votre site aujourd'hui ?",
    "Nos équipes vous accompagnent du premier atelier jusqu'à la mise en service.",
    "Le plus simple est de commencer par un site et une équipe.",
    "Vous trouverez ci-dessous ce que nos clients mesurent après un an.",
]


@dataclass(frozen=True)
class Fact:
    """One checkable statement; the draft restates, shifts or invents facts of this shape."""

    kind: str
    source_type: str
    values: dict[str, str | int]

    def render(self, lang: str) -> str:
        return render(self.kind, self.values, lang)


def render(kind: str, v: dict[str, str | int], lang: str) -> str:
    """Sentence templates, one per kind of fact and language."""
    fr = lang == "fr"
    if kind == "metric":
        if fr:
            return (f"Sur {v['sites']} sites {v['sector_fr']} équipés du module {v['module']}, "
                    f"{v['metric_fr']} a baissé de {v['pct']} % en moyenne entre {v['y1']} et {v['y2']}.")
        return (f"Across {v['sites']} {v['sector_en']} sites using the {v['module']} module, "
                f"{v['metric_en']} fell by {v['pct']}% on average between {v['y1']} and {v['y2']}.")
    if kind == "customer":
        if fr:
            return (f"Les {v['customer_fr']} utilisent le module {v['module']} depuis "
                    f"{MONTHS_FR[int(v['month'])]} {v['y1']} sur {v['sites']} sites, autour de {v['city']}.")
        return (f"{v['customer_en']} has used the {v['module']} module since "
                f"{MONTHS_EN[int(v['month'])]} {v['y1']} on {v['sites']} sites around {v['city']}.")
    if kind == "price":
        if fr:
            return (f"L'offre {v['module']} coûte {v['price']} € HT par utilisateur et par mois, "
                    f"avec un engagement de {v['months']} mois.")
        return (f"The {v['module']} plan costs €{v['price']} excl. VAT per user per month, "
                f"with a {v['months']}-month commitment.")
    if kind == "company":
        if fr:
            return (f"{BRAND} a ouvert son bureau de {v['city']} en {v['y1']} ; "
                    f"il compte {v['staff']} salariés.")
        return f"{BRAND} opened its {v['city']} office in {v['y1']}; it has {v['staff']} employees."
    if kind == "security":
        if fr:
            return (f"Les données du module {v['module']} sont chiffrées en AES-256 et sauvegardées "
                    f"toutes les {v['hours']} heures, avec une conservation de {v['days']} jours.")
        return (f"Data in the {v['module']} module is encrypted with AES-256 and backed up every "
                f"{v['hours']} hours, with {v['days']} days of retention.")
    if kind == "availability":
        if fr:
            return (f"Le support du module {v['module']} répond du lundi au vendredi, de {v['h1']} h "
                    f"à {v['h2']} h, et la disponibilité mensuelle dépasse {v['sla']} %.")
        return (f"Support for the {v['module']} module answers on weekdays from {v['h1']}:00 to "
                f"{v['h2']}:00, and monthly availability is above {v['sla']}%.")
    raise ValueError(kind)


KIND_BY_TYPE = {
    "study": "metric", "customer_data": "metric", "press": "metric",
    "customer_approval": "customer", "price_list": "price", "company_fact": "company",
    "product_doc": "availability", "security_review": "security",
}


def customer_name(rng: random.Random) -> tuple[str, str]:
    i = rng.randrange(len(KINDS_FR))
    name = (rng.choice(SYLLABLES) + rng.choice(SYLLABLES) + rng.choice(SYLLABLES)).capitalize()
    return f"{KINDS_FR[i]} {name}", f"{name} {KINDS_EN[i]}"


def make_fact(rng: random.Random, source_type: str) -> Fact:
    kind = KIND_BY_TYPE[source_type]
    y1 = rng.randint(2018, 2025)
    s = rng.randrange(len(SECTORS_FR))
    m = rng.randrange(len(METRICS))
    fr_name, en_name = customer_name(rng)
    values: dict[str, str | int] = {
        "sites": rng.randint(3, 140), "sector_fr": SECTORS_FR[s], "sector_en": SECTORS_EN[s],
        "module": rng.choice(MODULES), "metric_fr": METRICS[m][0], "metric_en": METRICS[m][1],
        "pct": rng.randint(4, 62), "y1": y1, "y2": y1 + 1, "customer_fr": fr_name,
        "customer_en": en_name, "month": rng.randrange(12), "city": rng.choice(CITIES),
        "price": rng.choice([19, 29, 39, 49, 59, 79, 99, 149, 290, 490]),
        "months": rng.choice([1, 3, 6, 12, 24, 36]), "staff": rng.randint(4, 240),
        "hours": rng.choice([1, 4, 6, 12, 24]), "days": rng.choice([7, 14, 30, 35, 90]),
        "h1": rng.choice([7, 8, 9]), "h2": rng.choice([17, 18, 19, 20]),
        "sla": rng.choice(["99", "99,5", "99,9"]),
    }
    return Fact(kind, source_type, values)


def build_workspace(root: Path, passages: int, *, seed: int = 7) -> list[Fact]:
    """Write kit.yaml, attestations.yaml and N/10 source files of 10 passages; return the facts."""
    rng = random.Random(seed)
    (root / "sources").mkdir(parents=True, exist_ok=True)
    (root / "kit.yaml").write_text(KIT, encoding="utf-8")
    (root / "attestations.yaml").write_text(ATTESTATIONS, encoding="utf-8")
    facts: list[Fact] = []
    files = max(1, passages // 10)
    for i in range(files):
        source_type = SOURCE_TYPES[i % len(SOURCE_TYPES)]
        lang = "en" if i % 3 == 2 else "fr"
        expired = i % 11 == 10
        chunk = [make_fact(rng, source_type) for _ in range(10)]
        facts.extend(chunk)
        paragraphs = [f.render(lang) for f in chunk]
        front = [
            "---",
            f"id: src-{i:05d}",
            f"title: {source_type.replace('_', ' ').capitalize()} {i}",
            f"type: {source_type}",
        ]
        if source_type != "press":
            front.append("validated_by: Équipe produit")
        front.append(f"validated_on: 20{rng.randint(22, 26)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}")
        if expired:
            front.append("valid_until: 2025-06-30")
        front += [f"lang: {lang}", "---"]
        body = "\n\n".join(paragraphs)
        (root / "sources" / f"src-{i:05d}.md").write_text("\n".join(front) + "\n" + body + "\n",
                                                         encoding="utf-8")
    return facts


def shifted(rng: random.Random, fact: Fact) -> Fact:
    """The same fact with one figure changed a little: what a contradicted claim looks like."""
    values = dict(fact.values)
    key = {"metric": "pct", "customer": "sites", "price": "price", "company": "staff",
           "security": "days", "availability": "h2"}[fact.kind]
    values[key] = int(values[key]) + rng.choice([2, 3, 5, 7])
    return Fact(fact.kind, fact.source_type, values)


def build_draft(facts: list[Fact], *, words: int = 1500, seed: int = 7, lang: str = "fr") -> str:
    """A Markdown draft of about `words` words mixing backed, contradicted and invented claims."""
    rng = random.Random(seed + 1)
    sentences: list[str] = []
    kinds = ["backed", "contradicted", "invented"]
    count = 0
    section = 0
    out: list[str] = [f"# {BRAND} : ce que mesurent nos clients\n"]
    while count < words:
        if len(sentences) >= 4:
            section += 1
            out.append(" ".join(sentences) + "\n")
            if section % 3 == 0:
                out.append(f"## Partie {section // 3 + 1}\n")
            sentences = []
        if rng.random() < 0.45:
            sentence = rng.choice(FILLER_FR).format(brand=BRAND)
        else:
            what = rng.choice(kinds)
            fact = rng.choice(facts)
            if what == "contradicted":
                fact = shifted(rng, fact)
            elif what == "invented":
                fact = make_fact(random.Random(rng.random()), fact.source_type)
            sentence = fact.render(lang)
        sentences.append(sentence)
        count += len(sentence.split())
    out.append(" ".join(sentences) + "\n")
    return "\n".join(out)


KIT = f"""kit: 1
brand: {BRAND}
languages: [fr, en]
voice:
  address: vous
  max_sentence_words: 35
  reading_level: standard
  exclamation: avoid
terminology:
  - use: plateforme {BRAND}
    not: [outil {BRAND}, logiciel {BRAND}]
    lang: fr
banned:
  - phrases: [révolutionnaire, disruptif, revolutionary, game changer]
forbidden_claims:
  - id: no-result-guarantee
    say: We never guarantee a numeric result.
    patterns: ['garanti\\w*\\D{{0,40}}\\d+(?:[.,]\\d+)?\\s*%', 'guarantee\\w*\\D{{0,40}}\\d+(?:[.,]\\d+)?\\s*%']
proof:
  performance: [study, customer_data]
  compliance: [certificate, legal_review]
  security: [certificate, security_review]
  customer: [customer_approval]
  pricing: [price_list]
  comparison: [study]
  company: [company_fact]
  availability: [product_doc, company_fact]
  guarantee: [legal_review]
channels:
  linkedin: {{max_chars: 3000, max_hashtags: 5}}
  email: {{subject_max_chars: 60, max_words: 250}}
  landing: {{}}
audiences:
  - id: ops
    name: Directeurs des opérations
    lang: fr
    pains: [plannings, coûts]
"""

ATTESTATIONS = """- id: att-onboarding
  claim: La mise en service prend en moyenne quatre semaines.
  category: availability
  expert: Responsable des déploiements
  validated_on: 2026-01-10
  valid_until: 2027-01-10
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("root", type=Path, help="an empty folder to write the workspace into")
    ap.add_argument("--passages", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--words", type=int, default=1500)
    args = ap.parse_args()
    facts = build_workspace(args.root, args.passages, seed=args.seed)
    draft = build_draft(facts, words=args.words, seed=args.seed)
    (args.root / "drafts").mkdir(exist_ok=True)
    (args.root / "drafts" / "long-draft.md").write_text(draft, encoding="utf-8")
    print(f"{args.root}: {len(facts)} passages in {len(facts) // 10} sources, "
          f"draft of {len(draft.split())} words")


if __name__ == "__main__":
    main()
