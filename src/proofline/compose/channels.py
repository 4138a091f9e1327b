"""Channels a draft can be written for: their shape, their limits and their stock phrases (FR/EN).

The limits come from the kit's `channels:` when it sets them, else from the defaults below, so
a generated draft never breaks a limit the checker would then report. The stock phrases carry
no fact (no figure, no promise): everything factual in a draft comes from the sources.
"""

from __future__ import annotations

from dataclasses import dataclass

from proofline.workspace.model import Kit

CHANNELS = ("linkedin", "email", "landing", "sequence", "one_pager")
ALL_CHANNELS = ("outline", *CHANNELS)


@dataclass(frozen=True)
class Limits:
    max_chars: int | None = None
    max_words: int | None = None
    max_hashtags: int | None = None
    subject_max_chars: int | None = None


_DEFAULTS: dict[str, Limits] = {
    "linkedin": Limits(max_chars=3000, max_hashtags=5, max_words=300),
    "email": Limits(subject_max_chars=60, max_words=200),
    "sequence": Limits(subject_max_chars=60, max_words=150),  # per step
    "landing": Limits(max_words=600),
    "one_pager": Limits(max_words=450),
    "outline": Limits(),
}


def channel_of(kit: Kit, kind: str | None) -> str | None:
    """The channel whose limits the check applies to a draft of this kind (an asset's kind, a compose
    channel): the kind itself when the kit's `channels:` names it, else none. One rule for every path."""
    return kind if kind and kind in kit.channels else None


def limits(kit: Kit, channel: str) -> Limits:
    """The channel's limits: the kit's values where set, the defaults elsewhere.

    A sequence is three e-mails, so the kit's `email` limits apply to each step.
    """
    base = _DEFAULTS.get(channel, Limits())
    own = kit.channels.get("email" if channel == "sequence" else channel)
    if own is None:
        return base
    return Limits(
        max_chars=own.max_chars if own.max_chars is not None else base.max_chars,
        max_words=own.max_words if own.max_words is not None else base.max_words,
        max_hashtags=own.max_hashtags if own.max_hashtags is not None else base.max_hashtags,
        subject_max_chars=own.subject_max_chars if own.subject_max_chars is not None else base.subject_max_chars,
    )


# What each channel looks like, told to a model (the offline composer follows the same shape).
SHAPES: dict[str, dict[str, str]] = {
    "outline": {
        "en": "A structured outline for a thought-leadership article: a '# ' title, then 4 to 6 '## ' "
              "sections in a logical order (context, problem, evidence, approach, what to do next), "
              "each with 2 to 4 '- ' talking points.",
        "fr": "Un plan structuré pour un article d'expertise : un titre '# ', puis 4 à 6 sections '## ' "
              "dans un ordre logique (contexte, problème, preuves, approche, prochaines étapes), chacune "
              "avec 2 à 4 points '- '.",
    },
    "linkedin": {
        "en": "A LinkedIn post: a one-line hook, two to four short paragraphs or '→ ' lines with the facts, "
              "an open question or a call to action, then at most {max_hashtags} hashtags on the last line. "
              "No headings.",
        "fr": "Un post LinkedIn : une accroche d'une ligne, deux à quatre paragraphes courts ou lignes '→ ' "
              "avec les faits, une question ouverte ou un appel à l'action, puis au plus {max_hashtags} "
              "hashtags sur la dernière ligne. Pas de titres.",
    },
    "email": {
        "en": "A prospecting e-mail: first line 'Subject: ...' (at most {subject_max_chars} characters), a "
              "greeting, two or three short paragraphs, one call to action, a sign-off. At most "
              "{max_words} words.",
        "fr": "Un e-mail de prospection : première ligne 'Objet : ...' (au plus {subject_max_chars} "
              "caractères), une formule d'appel, deux ou trois paragraphes courts, un seul appel à "
              "l'action, une formule de politesse. Au plus {max_words} mots.",
    },
    "landing": {
        "en": "A landing-page plan in Markdown: a '# ' headline, a one-sentence subheadline, then '## ' "
              "sections (the problem, what the figures show, how it works, next step) with short text "
              "or '- ' bullets, and the call to action written as [Button: ...].",
        "fr": "Un plan de page d'atterrissage en Markdown : un titre '# ', un sous-titre d'une phrase, puis "
              "des sections '## ' (le problème, ce que montrent les chiffres, comment ça marche, "
              "prochaine étape) avec du texte court ou des puces '- ', et l'appel à l'action écrit "
              "[Bouton : ...].",
    },
    "sequence": {
        "en": "A 3-step outreach sequence: three sections '## Step 1 — Day 0', '## Step 2 — Day 3', "
              "'## Step 3 — Day 8', each an e-mail starting with 'Subject: ...' (at most "
              "{subject_max_chars} characters) and at most {max_words} words, each with a different fact "
              "and one call to action.",
        "fr": "Une séquence de prospection en 3 étapes : trois sections '## Étape 1 — J0', '## Étape 2 — "
              "J+3', '## Étape 3 — J+8', chacune un e-mail commençant par 'Objet : ...' (au plus "
              "{subject_max_chars} caractères) et d'au plus {max_words} mots, chacune avec un fait "
              "différent et un appel à l'action.",
    },
    "one_pager": {
        "en": "A sales one-pager in Markdown: a '# ' title, a two-sentence summary, then '## ' sections "
              "(the problem, results, how it works, proof, next step) with '- ' bullets. At most "
              "{max_words} words.",
        "fr": "Une fiche commerciale d'une page en Markdown : un titre '# ', un résumé de deux phrases, puis "
              "des sections '## ' (le problème, résultats, comment ça marche, preuves, prochaine étape) "
              "avec des puces '- '. Au plus {max_words} mots.",
    },
}


def shape(kit: Kit, channel: str, lang: str) -> str:
    """The shape instruction of a channel, its limits filled in."""
    lim = limits(kit, channel)
    text = SHAPES.get(channel, SHAPES["outline"])["fr" if lang == "fr" else "en"]
    return text.format(max_hashtags=lim.max_hashtags if lim.max_hashtags is not None else 3,
                       subject_max_chars=lim.subject_max_chars or 60, max_words=lim.max_words or 250)


# Stock phrases of the offline composer, per language. None states a fact.
PHRASES: dict[str, dict[str, str]] = {
    "fr": {
        "subject": "Objet",
        "hello": "Bonjour,",
        "hello_named": "Bonjour [Prénom],",
        "sign": "Bien cordialement,\n[Votre nom]",
        "pain_hook": "{pain} : regardons les faits.",
        "pain_intro": "{pain} : voici quelques faits tirés de notre document « {title} ».",
        "read_more": "Voici quelques faits tirés de notre document « {title} ».",
        "figures_intro": "Quelques chiffres tirés de « {title} » :",
        "question": "Et chez vous, comment abordez-vous le sujet ?",
        "cta_call": "Seriez-vous disponible pour un échange de 20 minutes la semaine prochaine ?",
        "cta_doc": "Voulez-vous que je vous envoie le document complet ?",
        "cta_last": "Si le sujet n'est pas prioritaire pour vous, un mot de réponse suffit.",
        "cta_comment": "Écrivez-moi si vous souhaitez lire le document complet.",
        "button": "[Bouton : Demander une démonstration]",
        "h_problem": "Le problème",
        "h_figures": "Ce que montrent les chiffres",
        "h_how": "Comment ça marche",
        "h_proof": "Sources",
        "h_next": "Prochaine étape",
        "h_summary": "En bref",
        "h_context": "Contexte",
        "h_evidence": "Ce que nous avons observé",
        "h_approach": "L'approche",
        "h_details": "Les détails",
        "h_takeaways": "À retenir",
        "step": "Étape {n} — {day}",
        "days": "J0|J+3|J+8",
        "step_intro_2": "Je reviens vers vous avec un autre point de notre document « {title} ».",
        "step_intro_3": "Un dernier message sur ce sujet.",
        "proof_line": "« {title} », validé par {by}",
        "proof_line_anon": "« {title} »",
        "next": "Parlons de vos sites et de vos priorités.",
        "outline_note": "Plan généré hors ligne à partir de : {title}.",
        "talking": "Points à développer",
    },
    "en": {
        "subject": "Subject",
        "hello": "Hello,",
        "hello_named": "Hello [First name],",
        "sign": "Best regards,\n[Your name]",
        "pain_hook": "{pain}: let's look at the facts.",
        "pain_intro": "{pain}: here are a few facts from our document \"{title}\".",
        "read_more": "Here are a few facts from our document \"{title}\".",
        "figures_intro": "A few facts from \"{title}\":",
        "question": "How do you approach this on your side?",
        "cta_call": "Would you have 20 minutes for a call next week?",
        "cta_doc": "Shall I send you the full document?",
        "cta_last": "If this is not a priority for you, just let me know.",
        "cta_comment": "Message me if you would like to read the full document.",
        "button": "[Button: Request a demo]",
        "h_problem": "The problem",
        "h_figures": "What the figures show",
        "h_how": "How it works",
        "h_proof": "Sources",
        "h_next": "Next step",
        "h_summary": "In short",
        "h_context": "Context",
        "h_evidence": "What we observed",
        "h_approach": "The approach",
        "h_details": "The details",
        "h_takeaways": "Key takeaways",
        "step": "Step {n} — {day}",
        "days": "Day 0|Day 3|Day 8",
        "step_intro_2": "Following up with another point from our document \"{title}\".",
        "step_intro_3": "One last note on this topic.",
        "proof_line": "\"{title}\", validated by {by}",
        "proof_line_anon": "\"{title}\"",
        "next": "Let's talk about your sites and your priorities.",
        "outline_note": "Outline generated offline from: {title}.",
        "talking": "Talking points",
    },
}


def phrase(lang: str, key: str, **values: str) -> str:
    table = PHRASES["fr" if lang == "fr" else "en"]
    return table[key].format(**values) if values else table[key]
