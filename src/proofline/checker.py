"""The check: a pure function of (workspace, draft, as-of date, settings).

No database, no network: storage and workflow record its results, they never change how a
verdict is reached. The pipeline is text → claims → evidence → verdicts, plus voice findings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from proofline.claims.finder import ClaimSentence, Segment, find_claims
from proofline.evidence.features import extract
from proofline.evidence.index import EvidenceIndex, load_index
from proofline.evidence.match import Relation, relate
from proofline.model import Verdict
from proofline.report import ClaimResult, Report
from proofline.text.document import Document
from proofline.text.lexicon import Lexicon
from proofline.text.markup import parse_document
from proofline.verdicts import Decision, decide
from proofline.workspace.model import Workspace

_READER_FIGURE = re.compile(r"\b(?:vos|votre|your)\s+(?:[\w-]+\s+(?:de|d['’]|of)\s+)?$", re.IGNORECASE)
CANDIDATES = 8  # passages examined closely per claim
JUDGE_PASSAGES = 5
FAR_BEHIND = 0.35  # candidates scoring under this share of the best one are not examined  # candidate passages shown to an optional judge


class DraftError(Exception):
    """A draft cannot be read (missing, not UTF-8, a folder...)."""


def read_draft(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DraftError(f"{path}: cannot read the draft: {exc.strerror or exc}") from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DraftError(f"{path}: the draft is not UTF-8 text (byte {exc.start})") from exc


@dataclass
class Checker:
    """What a workspace needs to check drafts: its lexicon and its evidence index, built once."""

    workspace: Workspace
    lexicon: Lexicon
    index: EvidenceIndex
    judge: bool = False  # ask a `proofline_judge` plugin about undecided claims

    @classmethod
    def for_workspace(cls, workspace: Workspace, *, judge: bool = False) -> Checker:
        """The workspace's checker, built once per workspace (and judge choice).

        Whether a judge is asked is the caller's choice (`compose.judge.judge_wanted` reads the
        team's setting): the check itself reads no environment.
        """
        checkers: dict[bool, Checker] = workspace.__dict__.setdefault("_checkers", {})
        cached = checkers.get(judge)
        if cached is not None:
            return cached
        other = checkers.get(not judge)
        if other is not None:  # same lexicon and index, another judge choice
            checkers[judge] = replace(other, judge=judge)
            return checkers[judge]
        from proofline.cache import content_hash

        kit = workspace.kit
        terms = [(t.use, list(t.not_)) for t in kit.terminology]
        lexicon = Lexicon.default().extended(terms, brand=kit.brand)
        lexicon_key = content_hash(repr((terms, kit.brand, Lexicon.default().fingerprint)))
        checker = cls(workspace, lexicon, load_index(workspace, lexicon, lexicon_key), judge=judge)
        checkers[judge] = checker
        return checker

    def relations(self, doc: Document, seg: Segment) -> list[Relation]:
        text = doc.prose[seg.start:seg.end]
        feats = extract(text, doc.language, self.lexicon, offset=seg.start)
        # The reader's own figures ("pour votre parc de 600 postes") are context, not claims.
        feats.quantities = [q for q in feats.quantities if not _READER_FIGURE.search(text, 0, q.start)]
        out = []
        ranked = self.index.candidates(feats, CANDIDATES)
        floor = ranked[0][0] * FAR_BEHIND if ranked else 0.0
        for rank_score, passage in ranked:
            if rank_score < floor:
                break  # far less about the claim than the best passages: not worth a close look
            origin = self.index.origins[passage.origin]
            origin_text = self._origin_text(origin.id)
            out.append(relate(feats, passage, self.index, origin_text))
        return out

    def _origin_text(self, origin_id: str) -> str:
        """A source's title and body, lower-cased once: names are looked up in it."""
        texts = self.__dict__.setdefault("_origin_texts", {})
        if origin_id not in texts:
            src = self.workspace.source(origin_id)
            texts[origin_id] = (src.title + "\n" + src.text).lower() if src is not None else ""
        return str(texts[origin_id])

    def decide(self, doc: Document, seg: Segment, as_of: date) -> Decision:
        relations = self.relations(doc, seg) if seg.forbidden is None else []
        decision = decide(seg.category, relations, self.workspace.kit, as_of, doc.language, seg.forbidden,
                          seg.confident)
        if self.judge and decision.verdict is Verdict.UNSUPPORTED and relations:
            judged = self._ask_judge(doc, seg, relations)
            if judged is not None:
                again = decide(seg.category, [*relations, judged], self.workspace.kit, as_of, doc.language,
                               None, seg.confident)
                if again.verdict is not Verdict.UNSUPPORTED:
                    return replace(again, decided_by="judge")
        return decision

    def _ask_judge(self, doc: Document, seg: Segment, relations: list[Relation]) -> Relation | None:
        """Ask a judge plugin about a claim the rules found no relation for (never overrides them).

        The judge sees the claim and its best candidate passages only; source text is data for
        it, and whatever it answers is checked here: a relation to a passage it was shown.
        """
        from proofline.hookspecs import plugin_manager

        ranked = sorted(relations, key=lambda r: -r.score)[:JUDGE_PASSAGES]
        passages = [r.passage for r in ranked]
        answer = plugin_manager().hook.proofline_judge(
            claim_text=doc.prose[seg.start:seg.end], claim_language=doc.language, passages=passages)
        if not isinstance(answer, dict):
            return None
        index, kind = answer.get("passage"), answer.get("relation")
        if not isinstance(index, int) or not 0 <= index < len(passages) or kind not in ("supports", "contradicts"):
            return None
        return Relation(kind, ranked[index].score, passages[index], reason=str(answer.get("reason") or "judge"))

    def claim_results(self, doc: Document, claim: ClaimSentence, as_of: date) -> list[ClaimResult]:
        whole = self.decide(doc, claim.whole, as_of)
        if not whole.verdict.blocks or not claim.segments:
            return [self._result(doc, claim.whole, whole)]
        parts = [(seg, self.decide(doc, seg, as_of)) for seg in claim.segments]
        if {d.verdict for _, d in parts} == {whole.verdict}:
            return [self._result(doc, claim.whole, whole)]
        return [self._result(doc, seg, d) for seg, d in parts]

    def _result(self, doc: Document, seg: Segment, d: Decision) -> ClaimResult:
        line, col = doc.line_col(seg.start)
        return ClaimResult(text=doc.text[seg.start:seg.end], start=seg.start, end=seg.end, category=d.category,
                           verdict=d.verdict, evidence=d.evidence, message=d.message, line=line, column=col,
                           rule=d.rule, decided_by=d.decided_by)

    def check(self, text: str, *, document: str = "-", as_of: date | None = None, markup: str | None = None,
              path: str | None = None, channel: str | None = None) -> Report:
        as_of = as_of or date.today()
        kit = self.workspace.kit
        doc = parse_document(text, markup, path=path, languages=tuple(kit.languages) or ("fr", "en"))
        report = Report(document=document, language=doc.language, as_of=as_of.isoformat(), text=text)
        for claim in find_claims(doc, kit):
            report.claims.extend(self.claim_results(doc, claim, as_of))
        report.findings.extend(_voice(doc, self.workspace, channel))
        return report


def _voice(doc: Document, workspace: Workspace, channel: str | None) -> list:  # type: ignore[type-arg]
    try:
        from proofline.voice import lint
    except ImportError:
        return []
    return list(lint(doc, workspace.kit, channel=channel))


def check_file(workspace: Workspace, path: str | Path, *, as_of: date | None = None,
               markup: str | None = None, document: str | None = None, channel: str | None = None,
               judge: bool = False) -> Report:
    """Check a draft file; `document` is the name shown in the report (default: the path)."""
    p = Path(path)
    text = read_draft(p)
    return check_text(workspace, text, document=document or str(path), as_of=as_of, markup=markup, path=str(p),
                      channel=channel, judge=judge)


def check_text(workspace: Workspace, text: str, *, document: str = "-", as_of: date | None = None,
               markup: str | None = None, path: str | None = None, channel: str | None = None,
               judge: bool = False) -> Report:
    """Check a draft given as text. Offsets in the report are code points into `text`.

    `channel` (a key of the kit's `channels:`) adds that channel's limits; an asset passes its kind
    (see `compose.channels.channel_of`), so the desk, the API, compose and the CLI check alike.
    `judge` asks a `proofline_judge` plugin about claims the rules leave unsupported.
    """
    return Checker.for_workspace(workspace, judge=judge).check(text, document=document, as_of=as_of, markup=markup, path=path,
                                                  channel=channel)
