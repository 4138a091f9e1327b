"""A small workspace of Logivia, a fictional transport-management software for hauliers.

The claim checker is specified here by behaviour: one short draft per test, checked against
these sources. The domain is deliberately unlike the eval (water leaks) and the sample
(compressors) so that passing these tests says something about generality.

Fixtures:
- `logivia_dir` / `logivia`: the workspace on disk and loaded (built once per session);
- `check_edited(file, old, new)`: `check` against a variant with one source sentence edited;
- `check(draft)`: the report of a draft at AS_OF;
- `claim_of(draft, fragment)`: the one claim whose span covers `fragment`, with its offsets checked.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

import proofline
from proofline.report import ClaimResult, Report
from proofline.workspace.model import Workspace

AS_OF = date(2026, 11, 22)

KIT = """\
kit: 1
brand: Logivia
languages: [fr, en]
voice:
  address: vous
  max_sentence_words: 40
  reading_level: standard
  exclamation: avoid
  tone: >-
    Concret, comme un bon exploitant : des kilomètres, des heures, des euros.
terminology:
  - use: plateforme Logivia
    not: [outil Logivia]
    lang: fr
banned:
  - phrases: [révolutionnaire, disruptif]
    reason: Les exploitants se méfient des grands mots.
forbidden_claims:
  - id: no-zero-accident
    say: We help plan safer routes; we never promise that accidents disappear.
    patterns: ['z[ée]ro\\s+accidents?', 'plus\\s+jamais\\s+d.accidents?', 'no\\s+more\\s+accidents']
  - id: no-fuel-guarantee
    say: Fuel savings depend on each fleet; we never guarantee a figure.
    patterns: ['garanti\\w*\\D{0,40}\\d+(?:[.,]\\d+)?\\s*%', 'guarantee\\w*\\D{0,40}\\d+(?:[.,]\\d+)?\\s*%']
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
  linkedin: {max_chars: 3000, max_hashtags: 5}
  email: {subject_max_chars: 70, max_words: 250}
  landing: {}
audiences:
  - id: exploitants-transport
    name: Responsables d'exploitation de PME de transport routier
    lang: fr
    pains: [kilomètres à vide, planification du lundi matin]
"""


def _source(meta: str, body: str) -> str:
    return f"---\n{meta.strip()}\n---\n{body.strip()}\n"


SOURCES: dict[str, str] = {
    "etude-carburant-2025.md": _source(
        """
id: etude-carburant-2025
title: Étude carburant 2025 auprès de 23 transporteurs
type: study
validated_by: Inès Caradec, directrice des opérations
validated_on: 2025-10-02
valid_until: 2027-10-02
lang: fr
""",
        """
Nous avons suivi 23 transporteurs régionaux pendant douze mois, de septembre 2024 à août 2025.

Avec des tournées optimisées par Logivia, leur consommation de carburant a baissé de 18 % en
moyenne. Les kilomètres parcourus à vide ont reculé de 11 %.
""",
    ),
    "bilan-ponctualite-2023.md": _source(
        """
id: bilan-ponctualite-2023
title: Bilan ponctualité 2023
type: customer_data
validated_by: Inès Caradec, directrice des opérations
validated_on: 2024-01-15
valid_until: 2025-06-30
lang: fr
""",
        """
Chez les 15 clients suivis en 2023, les retards de livraison ont diminué de 27 % après la mise en
place des créneaux de livraison calculés par Logivia.
""",
    ),
    "revue-securite-2026.md": _source(
        """
id: revue-securite-2026
title: Revue de sécurité 2026
type: security_review
validated_by: Malik Benali, responsable de la sécurité des systèmes d'information
validated_on: 2026-04-20
valid_until: 2027-04-20
lang: fr
""",
        """
Les données des clients sont hébergées en France, dans deux centres de données situés à Nantes
et à Lyon. Elles sont chiffrées au repos (AES-256) et en transit (TLS 1.3).

Tous les accès administrateurs exigent une authentification à deux facteurs.
""",
    ),
    "accord-transports-berthier.md": _source(
        """
id: accord-transports-berthier
title: Accord de citation de Transports Berthier
type: customer_approval
validated_by: Hélène Berthier, directrice générale de Transports Berthier
validated_on: 2026-02-10
lang: fr
""",
        """
Transports Berthier (Rennes, 85 camions) autorise Logivia à citer son nom et le résultat suivant :
en six mois, ses kilomètres parcourus à vide ont baissé de 14 %.

Citation approuvée : « Nos exploitants bouclent le planning de la semaine en une matinée. »
— Hélène Berthier, directrice générale.
""",
    ),
    "grille-tarifaire-2026.md": _source(
        """
id: grille-tarifaire-2026
title: Grille tarifaire 2026
type: price_list
validated_by: Sébastien Morvan, directeur commercial
validated_on: 2026-01-05
valid_until: 2026-12-31
lang: fr
""",
        """
Logivia Pro : 1 150 € HT par mois pour une flotte de 35 véhicules au plus, paramétrage compris.
Engagement annuel, facturation mensuelle.

Pas d'essai gratuit : nous proposons un pilote payant de six semaines, facturé 2 400 € HT.
""",
    ),
    "company-facts.md": _source(
        """
id: company-facts
title: Logivia company facts
type: company_fact
validated_by: Julie Le Goff, CEO
validated_on: 2026-09-01
lang: en
""",
        """
Logivia SAS was founded in 2016 in Nantes, France. On 1 September 2026 it had 64 employees.

47 haulage companies in France and Spain plan their rounds with Logivia.

Customer data is backed up every night.
""",
    ),
    "fiche-service-2026.md": _source(
        """
id: fiche-service-2026
title: Description du service Logivia 2026
type: product_doc
validated_by: Thomas Guérin, responsable produit
validated_on: 2026-03-01
lang: fr
""",
        """
Le support client est joignable du lundi au vendredi, de 7 h à 19 h, par téléphone et par chat.

La mise en service prend 21 jours à compter de la signature du bon de commande.
""",
    ),
    "article-flotte-et-route-2025.md": _source(
        """
id: article-flotte-et-route-2025
title: « Logivia veut rendre le lundi matin aux exploitants », Flotte & Route, mars 2025
type: press
validated_by: Julie Le Goff, CEO
validated_on: 2025-03-20
lang: fr
""",
        """
La jeune pousse nantaise fait tester chaque année sa plateforme par un cabinet indépendant
spécialisé dans les tests d'intrusion, explique sa dirigeante.
""",
    ),
}

ATTESTATIONS = """\
- id: att-formation
  claim: La formation des exploitants se fait en deux demi-journées, à distance.
  category: availability
  expert: Thomas Guérin, responsable produit
  validated_on: 2026-06-01
  valid_until: 2027-06-01
- id: att-telematique
  claim: Logivia se connecte aux boîtiers télématiques de 12 constructeurs de camions.
  category: availability
  expert: Thomas Guérin, responsable produit
  validated_on: 2025-03-01
  valid_until: 2026-03-31
"""


def write_workspace(root: Path, replaced: dict[str, str | None] | None = None) -> Path:
    """Write the Logivia workspace under `root`; `replaced` swaps source files (None drops one)."""
    sources = dict(SOURCES)
    for name, text in (replaced or {}).items():
        if text is None:
            sources.pop(name, None)
        else:
            sources[name] = text
    root.mkdir(parents=True, exist_ok=True)
    (root / "kit.yaml").write_text(KIT, encoding="utf-8")
    (root / "attestations.yaml").write_text(ATTESTATIONS, encoding="utf-8")
    (root / "sources").mkdir(exist_ok=True)
    for name, text in sources.items():
        (root / "sources" / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def logivia_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_workspace(tmp_path_factory.mktemp("logivia"))


@pytest.fixture(scope="session")
def logivia(logivia_dir: Path) -> Workspace:
    return proofline.load_workspace(logivia_dir)


@pytest.fixture
def check_edited(tmp_path: Path) -> Callable[[str, str, str], Callable[[str], Report]]:
    """`check_edited(file, old, new)`: a `check` against Logivia with one source sentence edited."""

    def build(name: str, old: str, new: str) -> Callable[[str], Report]:
        assert old in SOURCES[name]
        root = write_workspace(tmp_path / "variant", {name: SOURCES[name].replace(old, new)})
        workspace = proofline.load_workspace(root)
        return lambda draft: proofline.check_text(workspace, draft, as_of=AS_OF)

    return build


def claim_covering(report: Report, draft: str, fragment: str) -> ClaimResult:
    """The single claim whose span covers `fragment`; fails with the claims found when there is none."""
    assert report.text == draft
    begin = draft.index(fragment)
    end = begin + len(fragment)
    found = [c for c in report.claims if c.start <= begin and end <= c.end]
    listing = [(c.text, c.verdict.value) for c in report.claims]
    assert len(found) == 1, f"expected one claim covering {fragment!r}, found {listing}"
    claim = found[0]
    assert draft[claim.start:claim.end] == claim.text
    return claim


@pytest.fixture(scope="session")
def check(logivia: Workspace) -> Callable[[str], Report]:
    def run(draft: str) -> Report:
        return proofline.check_text(logivia, draft, as_of=AS_OF)

    return run


@pytest.fixture(scope="session")
def claim_of(check: Callable[[str], Report]) -> Callable[[str, str], ClaimResult]:
    def run(draft: str, fragment: str) -> ClaimResult:
        return claim_covering(check(draft), draft, fragment)

    return run

