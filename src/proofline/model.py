"""Vocabulary shared by every layer: claim categories, source types, verdicts, severities.

These are the public names of `shared/design/workspace-format.md`; they are plain string enums
so that they serialise as themselves in JSON and YAML.
"""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    """What kind of statement a claim is; decides which source types may back it."""

    PERFORMANCE = "performance"
    COMPLIANCE = "compliance"
    SECURITY = "security"
    CUSTOMER = "customer"
    PRICING = "pricing"
    COMPARISON = "comparison"
    COMPANY = "company"
    AVAILABILITY = "availability"
    GUARANTEE = "guarantee"
    # A statement attributed to someone else ("Selon l'Insee, ...", a market statistic): backed by
    # the study it comes from, which the team keeps as an `external_study` source.
    THIRD_PARTY = "third_party"


class SourceType(StrEnum):
    STUDY = "study"
    CUSTOMER_DATA = "customer_data"
    CERTIFICATE = "certificate"
    LEGAL_REVIEW = "legal_review"
    SECURITY_REVIEW = "security_review"
    CUSTOMER_APPROVAL = "customer_approval"
    PRICE_LIST = "price_list"
    COMPANY_FACT = "company_fact"
    PRODUCT_DOC = "product_doc"
    PRESS = "press"
    EXTERNAL_STUDY = "external_study"  # a study by someone else; its `reference` says whose and where
    OTHER = "other"


class Verdict(StrEnum):
    SUPPORTED = "supported"
    ATTESTED = "attested"
    UNSUPPORTED = "unsupported"
    CONTRADICTED = "contradicted"
    INSUFFICIENT_PROOF = "insufficient_proof"
    EXPIRED = "expired"
    FORBIDDEN = "forbidden"

    @property
    def blocks(self) -> bool:
        """A blocking verdict stops approval until the claim is resolved."""
        return self not in (Verdict.SUPPORTED, Verdict.ATTESTED)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    SUGGESTION = "suggestion"

    @property
    def rank(self) -> int:
        return {"suggestion": 0, "warning": 1, "error": 2}[self.value]


BLOCKING_VERDICTS = frozenset(v for v in Verdict if v.blocks)
