"""The refusal messages of Proofline, in English and French: one stable key per refusal.

A refusal is raised with its key and its values (`NotFound("asset.missing", asset_id=3)`); the
message is written when it is shown, in the reader's language: `str(exc)` is English (the CLI and
the logs), `exc.message("fr")` is what the French desk shows, and the API also returns `exc.key`.

The catalogue is a Python literal rather than a YAML/JSON file: it needs no loader or file at run
time, ruff and mypy read it, and a reviewer sees each English sentence next to its French one.

Values that are words are passed raw (a state, an action, role names, a verdict, a date) and each
template says how to write them with a format spec, in its own language: `{state:state}`,
`{action:verb}`, `{roles:any_role}`... (see `_SPECS`). French templates are written with plain
spaces; `_typeset` puts the non-breaking spaces French typography wants (before : ; ? !, inside
« », after n°) once, when the module loads.

The module sits at the bottom floor and imports no other part of Proofline, so every stage (compose,
workflow, web, the CLI) can raise a Refusal without importing a later one; the words of the
workflow's states and actions live here for the same reason.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any, ClassVar

LANGS = ("en", "fr")
NBSP = "\u00a0"  # espace insécable: before a colon, inside guillemets, after n°
NNBSP = "\u202f"  # espace fine insécable: before ; ? !

# --------------------------------------------------------------------------- states and actions as words

# How a state reads after "Asset #3 is ..." / "Le contenu n° 3 est ..." (French: the desk's state
# labels, made to fit the sentence).
_STATE_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "draft": "a draft",
        "in_review": "in review",
        "changes_requested": "waiting for changes",
        "approved": "approved",
        "published": "published",
        "archived": "archived",
        "withdrawn": "withdrawn",
    },
    "fr": {
        "draft": "un brouillon",
        "in_review": "en relecture",
        "changes_requested": "en attente de modifications",
        "approved": "approuvé",
        "published": "publié",
        "archived": "archivé",
        "withdrawn": "retiré de la publication",
    },
}

# What an action does to the asset, to finish "so it cannot be ... now" (English, a participle) or
# "impossible de ... pour l'instant" (French, an infinitive with its pronoun).
_ACTION_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "submit": "submitted for review",
        "request_changes": "sent back for changes",
        "approve": "approved",
        "publish": "published",
        "archive": "archived",
        "edit": "edited",
        "resolve": "cleared of its blocking claims",
        "validate": "vouched for by an expert",
        "confirm": "given a confirmed override",
        "correct": "corrected",
        "withdraw": "withdrawn",
    },
    "fr": {
        "submit": "le soumettre à relecture",
        "request_changes": "demander des modifications",
        "approve": "l'approuver",
        "publish": "le publier",
        "archive": "l'archiver",
        "edit": "le modifier",
        "resolve": "résoudre ses affirmations",
        "validate": "valider ses affirmations",
        "confirm": "confirmer une dérogation",
        "correct": "le corriger",
        "withdraw": "le retirer de la publication",
    },
}


def describe(state: str, lang: str = "en") -> str:
    """The state as words of `lang` (English for an unknown language), for refusal messages."""
    return _STATE_WORDS.get(lang, _STATE_WORDS["en"])[str(state)]


def action_words(action: str, lang: str = "en") -> str:
    return _ACTION_WORDS.get(lang, _ACTION_WORDS["en"])[action]


# --------------------------------------------------------------------------- the catalogue

_RAW: dict[str, dict[str, str]] = {
    # --- who and what
    "identity.missing": {
        "en": "Who are you? Pass --as USER, set PROOFLINE_USER, or run `proofline user use NAME`.",
        "fr": "Qui êtes-vous ? Indiquez --as UTILISATEUR, définissez PROOFLINE_USER ou lancez "
              "`proofline user use NOM`.",
    },
    "identity.unknown": {
        "en": "'{name}' is not a user of this workspace; an admin can add them with "
              "`proofline user add {name} --role writer`.",
        "fr": "« {name} » n'est pas un utilisateur de cet espace de travail ; un administrateur peut l'ajouter "
              "avec `proofline user add {name} --role writer`.",
    },
    "user.missing": {
        "en": "'{name}' is not a user of this workspace.",
        "fr": "« {name} » n'est pas un utilisateur de cet espace de travail.",
    },
    "asset.missing": {
        "en": "There is no asset #{asset_id}.",
        "fr": "Il n'existe pas de contenu n° {asset_id}.",
    },
    "version.missing": {
        "en": "Asset #{asset_id} has no version {version}.",
        "fr": "Le contenu n° {asset_id} n'a pas de version {version}.",
    },
    "claim.missing": {
        "en": "There is no claim #{claim_id}.",
        "fr": "Il n'existe pas d'affirmation n° {claim_id}.",
    },
    "claim.gone": {
        "en": "Claim #{claim_id} is no longer in the latest version of asset #{asset_id}.",
        "fr": "L'affirmation n° {claim_id} ne figure plus dans la dernière version du contenu n° {asset_id}.",
    },
    "publication.missing": {
        "en": "Asset #{asset_id} has not been published.",
        "fr": "Le contenu n° {asset_id} n'a pas été publié.",
    },
    # --- roles, states, four-eyes
    "role.needed": {
        "en": "{user} cannot {action:verb} asset #{asset_id}: that needs the {roles:any_role} role.",
        "fr": "{user} ne peut pas {action:verb} n° {asset_id} : il faut le rôle {roles:any_role}.",
    },
    "state.forbids": {
        "en": "Asset #{asset_id} is {state:state}, so it cannot be {action:now} now.",
        "fr": "Le contenu n° {asset_id} est {state:state} : impossible de {action:now} pour l'instant.",
    },
    "four_eyes": {
        "en": "{user} wrote asset #{asset_id}, so someone else must {action:other} (four-eyes rule).",
        "fr": "{user} a écrit le contenu n° {asset_id} : quelqu'un d'autre doit {action:other} "
              "(règle des quatre yeux).",
    },
    "asset.create_needs_role": {
        "en": "{user} cannot create assets: that needs the writer role.",
        "fr": "{user} ne peut pas créer de contenu : il faut le rôle rédacteur.",
    },
    # --- conflicts (someone else was quicker)
    "conflict.stale_row": {
        "en": "This asset changed since you opened it (someone else edited or reviewed it at the same time); "
              "reload it and try again.",
        "fr": "Ce contenu a changé depuis que vous l'avez ouvert (quelqu'un d'autre l'a modifié ou relu en même "
              "temps) ; rechargez-le et réessayez.",
    },
    "conflict.same_moment": {
        "en": "Someone else saved a change at the same moment; reload and try again.",
        "fr": "Quelqu'un d'autre a enregistré une modification au même moment ; rechargez la page et réessayez.",
    },
    "conflict.serialization": {
        "en": "This asset changed since you opened it; reload it and try again.",
        "fr": "Ce contenu a changé depuis que vous l'avez ouvert ; rechargez-le et réessayez.",
    },
    "conflict.revision": {
        "en": "Asset #{asset_id} changed since you opened it (revision {expected}, now {current}); "
              "reload it and try again.",
        "fr": "Le contenu n° {asset_id} a changé depuis que vous l'avez ouvert (révision {expected}, "
              "maintenant {current}) ; rechargez-le et réessayez.",
    },
    "conflict.edited_old_version": {
        "en": "Asset #{asset_id} changed since you opened it: you edited version {base}, but {author} saved "
              "version {latest} at {at}. Reload it (`proofline asset text {asset_id}`) and redo your change on "
              "version {latest}.",
        "fr": "Le contenu n° {asset_id} a changé depuis que vous l'avez ouvert : vous avez modifié la version "
              "{base}, mais {author} a enregistré la version {latest} le {at}. Rechargez-le et refaites votre "
              "modification sur la version {latest}.",
    },
    "conflict.version_saved": {
        "en": "Asset #{asset_id} changed since you opened it: {author} saved version {version} at {at}, "
              "meanwhile. Reload it (`proofline asset text {asset_id}`) and redo your change on it.",
        "fr": "Le contenu n° {asset_id} a changé depuis que vous l'avez ouvert : {author} a enregistré la "
              "version {version} le {at}, entre-temps. Rechargez-le et refaites votre modification sur celle-ci.",
    },
    "edit.base_needed": {
        "en": "Say which version of asset #{asset_id} you edited, so that nobody's change is lost: "
              "`proofline asset text {asset_id}` prints the latest (version {latest}) and remembers it for "
              "`asset edit`, or pass --base N.",
        "fr": "Indiquez quelle version du contenu n° {asset_id} vous avez modifiée, pour qu'aucune modification "
              "ne se perde : rechargez la dernière (version {latest}) et refaites votre modification sur "
              "celle-ci.",
    },
    "conflict.review_stale": {
        "en": "Asset #{asset_id} changed since you opened it: version {version} was saved meanwhile. "
              "Reload it and review again.",
        "fr": "Le contenu n° {asset_id} a changé depuis que vous l'avez ouvert : la version {version} a été "
              "enregistrée entre-temps. Rechargez-le et relisez-le à nouveau.",
    },
    "conflict.checked_old_version": {
        "en": "Asset #{asset_id} got a new version while it was being checked; check again.",
        "fr": "Le contenu n° {asset_id} a reçu une nouvelle version pendant sa vérification ; "
              "vérifiez-le à nouveau.",
    },
    "conflict.cite_new_version": {
        "en": "Asset #{asset_id} got a new version meanwhile; cite the source on it.",
        "fr": "Le contenu n° {asset_id} a reçu une nouvelle version entre-temps ; citez la source sur celle-ci.",
    },
    "conflict.kit_changed": {
        "en": "The brand kit changed since you opened it; reload it and redo your change.",
        "fr": "Le kit de marque a changé depuis que vous l'avez ouvert ; rechargez-le et refaites votre "
              "modification.",
    },
    # --- users
    "user.no_role": {
        "en": "Unknown role (none given); roles are: {roles:roles}.",
        "fr": "Aucun rôle indiqué ; rôles possibles : {roles:roles}.",
    },
    "user.unknown_role": {
        "en": "Unknown role {unknown:list}; roles are: {roles:roles}.",
        "fr": "Rôle inconnu : {unknown:list} ; rôles possibles : {roles:roles}.",
    },
    "user.bad_name": {
        "en": "'{name}' is not a usable user name: letters, digits, . _ - @ only.",
        "fr": "« {name} » n'est pas un identifiant utilisable : lettres, chiffres et . _ - @ seulement.",
    },
    "user.first_admin": {
        "en": "The first user must be an admin: add --role admin.",
        "fr": "Le premier utilisateur doit être administrateur : ajoutez --role admin.",
    },
    "user.add_needs_admin": {
        "en": "{user} cannot add users: that needs the admin role.",
        "fr": "{user} ne peut pas ajouter d'utilisateurs : il faut le rôle administrateur.",
    },
    "user.exists": {
        "en": "There is already a user named '{name}'.",
        "fr": "Il existe déjà un utilisateur « {name} ».",
    },
    "password.too_short": {
        "en": "A password needs at least {count} characters.",
        "fr": "Un mot de passe doit compter au moins {count} caractères.",
    },
    "token.no_name": {
        "en": "Name the token (e.g. the CI job that uses it).",
        "fr": "Nommez le jeton (par exemple d'après la tâche de CI qui l'utilise).",
    },
    "token.missing": {
        "en": "You have no API token #{token_id}.",
        "fr": "Vous n'avez pas de jeton d'API n° {token_id}.",
    },
    # --- assets and their text
    "asset.unknown_kind": {
        "en": "Unknown kind '{kind}'; kinds are: {kinds:list}.",
        "fr": "Type inconnu : « {kind} » ; types possibles : {kinds:list}.",
    },
    "text.empty": {
        "en": "The text is empty: there is nothing to check.",
        "fr": "Le texte est vide : il n'y a rien à vérifier.",
    },
    "text.unchanged": {
        "en": "This text is the same as version {version}: nothing to save.",
        "fr": "Ce texte est identique à la version {version} : rien à enregistrer.",
    },
    "asset.no_title": {
        "en": "Give the asset a title.",
        "fr": "Donnez un titre au contenu.",
    },
    "asset.unknown_source": {
        "en": "There is no source '{source_id}' in the workspace.",
        "fr": "Il n'y a pas de source « {source_id} » dans l'espace de travail.",
    },
    "asset.unknown_audience": {
        "en": "Unknown audience '{audience}'; the kit lists: {audiences:list}.",
        "fr": "Audience inconnue : « {audience} » ; le kit de marque prévoit : {audiences:list}.",
    },
    "review.no_reason": {
        "en": "Say what must change (--reason): the writer needs to know.",
        "fr": "Dites ce qui doit changer : l'auteur a besoin de le savoir.",
    },
    "approve.blocking": {
        "en": "Asset #{asset_id} cannot be approved: {count} item(s) still block: {items:blockers}. "
              "Resolve each claim (`proofline claim resolve ID` with --remove, --cite SOURCE or --expert; an "
              "expert: `proofline claim validate ID`) and fix each finding in a new version (`proofline fix` "
              "proposes the safe fixes).",
        "fr": "Le contenu n° {asset_id} ne peut pas être approuvé : {count} point(s) encore bloquant(s) : "
              "{items:blockers}. Résolvez chaque affirmation (retirez-la, citez une source qui la prouve ou "
              "demandez à un expert de la valider) et corrigez chaque signalement dans une nouvelle version.",
    },
    "publish.blocking": {
        "en": "Asset #{asset_id} cannot be published: the check of today says {count} item(s) block: "
              "{items:blockers}. Resolve each claim (`proofline claim resolve ID`) or fix each finding in a new "
              "version, which needs approval again.",
        "fr": "Le contenu n° {asset_id} ne peut pas être publié : la vérification du jour trouve {count} point(s) "
              "bloquant(s) : {items:blockers}. Résolvez chaque affirmation ou corrigez chaque signalement dans "
              "une nouvelle version, qui devra être approuvée à nouveau.",
    },
    "import.gate_refused": {
        "en": "The archive is not imported: asset #{asset_id} is {state:state} in it, but this workspace's gate "
              "refuses it: {items:blockers}. Import it next to the kit and sources it was checked with, or fix "
              "them first; nothing was written.",
        "fr": "L'archive n'est pas importée : le contenu n° {asset_id} y est {state:state}, mais les règles de cet "
              "espace de travail le refusent : {items:blockers}. Importez-la avec le kit et les sources avec "
              "lesquels il a été vérifié, ou corrigez-les d'abord ; rien n'a été écrit.",
    },
    "report.unknown_format": {
        "en": "There is no report format '{name}'; the formats are: {available:list}.",
        "fr": "Il n'existe pas de format de rapport « {name} » ; les formats sont : {available:list}.",
    },
    "export.missing": {
        "en": "There is no proof pack export '{name}'.",
        "fr": "Il n'existe pas d'export « {name} » du dossier de preuves.",
    },
    "publish.unknown_publisher": {
        "en": "There is no publisher '{name}'; the publishers are: {available:list}.",
        "fr": "Il n'existe pas de publicateur « {name} » ; les publicateurs sont : {available:list}.",
    },
    "edit.published": {
        "en": "Asset #{asset_id} is published, so it is not edited: correct it with `proofline asset correct "
              "{asset_id} FILE` (the published text stays live until the correction is published) or withdraw "
              "it with `proofline asset withdraw {asset_id} --reason \"...\"`.",
        "fr": "Le contenu n° {asset_id} est publié : on ne le modifie pas, on le corrige (le texte publié reste en "
              "ligne jusqu'à la publication de la correction) ou on le retire de la publication, avec une "
              "raison.",
    },
    "withdraw.no_reason": {
        "en": "Say why the asset is withdrawn (--reason): it goes into the audit log and the proof pack.",
        "fr": "Dites pourquoi le contenu est retiré de la publication : cela figurera dans le journal d'audit et "
              "le dossier de preuves.",
    },
    "withdraw.not_live": {
        "en": "Asset #{asset_id} has no live publication, so there is nothing to withdraw; archive it instead "
              "(`proofline asset archive {asset_id}`).",
        "fr": "Le contenu n° {asset_id} n'a pas de publication en ligne : il n'y a rien à retirer ; "
              "archivez-le plutôt.",
    },
    "publish.four_eyes": {
        "en": "{user} wrote or edited a version of asset #{asset_id}, so they cannot publish it (four-eyes "
              "rule): an approver or admin who wrote no version of it must publish it.",
        "fr": "{user} a écrit ou modifié une version du contenu n° {asset_id} : impossible de le publier "
              "soi-même (règle des quatre yeux) ; un approbateur ou un administrateur qui n'en a écrit aucune "
              "version doit le publier.",
    },
    "publish.not_approved_version": {
        "en": "Version {version} of asset #{asset_id} is not the approved one.",
        "fr": "La version {version} du contenu n° {asset_id} n'est pas celle qui a été approuvée.",
    },
    "feedback.no_reason": {
        "en": "Say why the asset was rejected (--reason): it is what the team learns from.",
        "fr": "Dites pourquoi le contenu a été refusé : c'est ce qui fait progresser l'équipe.",
    },
    "feedback.not_published": {
        "en": "Asset #{asset_id} is {state:state}; feedback is for published assets.",
        "fr": "Le contenu n° {asset_id} est {state:state} ; les retours des ventes concernent les contenus publiés.",
    },
    # --- claims: remove, cite, ask an expert, validate, reject
    "remove.still_there": {
        "en": "The new text still contains the claim «{claim}»; remove the whole statement.",
        "fr": "Le nouveau texte contient encore l'affirmation « {claim} » ; retirez toute la phrase.",
    },
    "cite.forbidden": {
        "en": "The brand kit forbids this claim whatever the sources say: remove it.",
        "fr": "Le kit de marque interdit cette affirmation, quelles que soient les sources : retirez-la.",
    },
    "cite.no_source": {
        "en": "There is no source '{source_id}' in the workspace; add it to sources/ first.",
        "fr": "Il n'y a pas de source « {source_id} » dans l'espace de travail ; ajoutez-la d'abord aux sources.",
    },
    "cite.claim_gone": {
        "en": "The re-check no longer finds the claim «{claim}» as such; check the asset again.",
        "fr": "La revérification ne retrouve plus l'affirmation « {claim} » telle quelle ; vérifiez à nouveau "
              "le contenu.",
    },
    "cite.not_backed": {
        "en": "Source '{source_id}' does not back «{claim}»: the re-check says {verdict:verdict}.{detail:then}",
        "fr": "La source « {source_id} » ne prouve pas « {claim} » : la revérification conclut "
              "« {verdict:verdict} ».{detail:then}",
    },
    "expert.forbidden": {
        "en": "The brand kit forbids this claim whatever an expert says: remove it.",
        "fr": "Le kit de marque interdit cette affirmation, quel que soit l'avis d'un expert : retirez-la.",
    },
    "expert.forbidden_validate": {
        "en": "The brand kit forbids this claim whatever an expert says: it must be removed.",
        "fr": "Le kit de marque interdit cette affirmation, quel que soit l'avis d'un expert : elle doit être "
              "retirée.",
    },
    "expert.not_blocking": {
        "en": "Claim #{claim_id} does not block ({verdict:verdict}); nothing to validate.",
        "fr": "L'affirmation n° {claim_id} ne bloque pas ({verdict:verdict}) : rien à valider.",
    },
    "validate.needs_override": {
        "en": "Claim #{claim_id} is {verdict:verdict}: source '{source_id}' says otherwise. Validating it overrules "
              "that source, which needs `proofline claim validate {claim_id} --override --reason \"...\"`, then a "
              "confirmation by an approver or admin (`proofline claim confirm {claim_id}`).",
        "fr": "L'affirmation n° {claim_id} est « {verdict:verdict} » : la source « {source_id} » dit autre chose. "
              "La valider passe outre cette source : il faut une dérogation motivée (--override), puis la "
              "confirmation d'un approbateur ou d'un administrateur.",
    },
    "override.not_needed": {
        "en": "Claim #{claim_id} is {verdict:verdict}: no source contradicts it, so there is nothing to override; "
              "validate it without --override.",
        "fr": "L'affirmation n° {claim_id} est « {verdict:verdict} » : aucune source ne la contredit, il n'y a rien "
              "à déroger ; validez-la sans dérogation.",
    },
    "confirm.nothing_pending": {
        "en": "Claim #{claim_id} has no override waiting for confirmation.",
        "fr": "L'affirmation n° {claim_id} n'a pas de dérogation en attente de confirmation.",
    },
    "confirm.same_person": {
        "en": "{user} made the override of claim #{claim_id}, so another approver or admin must confirm it "
              "(four-eyes rule).",
        "fr": "{user} a fait la dérogation de l'affirmation n° {claim_id} : un autre approbateur ou administrateur "
              "doit la confirmer (règle des quatre yeux).",
    },
    "validate.no_reason": {
        "en": "Say why the claim is true (--reason): it goes into the proof pack.",
        "fr": "Dites pourquoi l'affirmation est vraie : cela figurera dans le dossier de preuves.",
    },
    "validate.past": {
        "en": "The validity end {until:date} is already past.",
        "fr": "La fin de validité indiquée ({until:date}) est déjà passée.",
    },
    "validate.needs_expert": {
        "en": "Only experts can validate claims; {user} is not an expert.",
        "fr": "Seuls les experts peuvent valider des affirmations ; {user} n'est pas expert.",
    },
    "reject.no_reason": {
        "en": "Say why the claim cannot be validated: the writer needs to know.",
        "fr": "Dites pourquoi l'affirmation ne peut pas être validée : l'auteur a besoin de le savoir.",
    },
    "reject.needs_expert": {
        "en": "Only experts can reject claims; {user} is not an expert.",
        "fr": "Seuls les experts peuvent refuser des affirmations ; {user} n'est pas expert.",
    },
    "reject.not_requested": {
        "en": "Nobody asked an expert to validate claim #{claim_id}.",
        "fr": "Personne n'a demandé à un expert de valider l'affirmation n° {claim_id}.",
    },
    "input.bad_date": {
        "en": "'{value}' is not a date such as 2027-06-30.",
        "fr": "« {value} » n'est pas une date au format 2027-06-30.",
    },
    # --- sources
    "source.missing": {
        "en": "There is no source '{source_id}'.",
        "fr": "Il n'existe pas de source « {source_id} ».",
    },
    "source.needs_role": {
        "en": "{user} cannot add sources: that needs the {roles:any_role} role.",
        "fr": "{user} ne peut pas ajouter de sources : il faut le rôle {roles:any_role}.",
    },
    "source.no_file": {
        "en": "Choose a document to upload (Markdown, text, HTML, PDF or DOCX).",
        "fr": "Choisissez un document à envoyer (Markdown, texte, HTML, PDF ou DOCX).",
    },
    "source.too_large": {
        "en": "The document is larger than {megabytes} MB.",
        "fr": "Le document dépasse {megabytes} Mo.",
    },
    "source.no_validation_date": {
        "en": "Say when the document was validated.",
        "fr": "Indiquez quand le document a été validé.",
    },
    "source.bad_file": {
        "en": "'{filename}' is not a supported document; send one of {suffixes:list}.",
        "fr": "« {filename} » n'est pas un document pris en charge ; formats acceptés : {suffixes:list}.",
    },
    "source.bad_id": {
        "en": "'{source_id}' is not a usable source id: lower-case letters, digits, . _ - only.",
        "fr": "« {source_id} » n'est pas un identifiant de source utilisable : minuscules, chiffres et . _ - "
              "seulement.",
    },
    "source.unknown_type": {
        "en": "Unknown source type '{type}'; types are: {types:list}.",
        "fr": "Type de source inconnu : « {type} » ; types possibles : {types:list}.",
    },
    "source.no_title": {
        "en": "Give the source a title and say who validated it.",
        "fr": "Donnez un titre à la source et dites qui l'a validée.",
    },
    "source.bad_validity": {
        "en": "The validity end comes before the validation date.",
        "fr": "La fin de validité précède la date de validation.",
    },
    "source.exists": {
        "en": "There is already a source '{source_id}'.",
        "fr": "Il existe déjà une source « {source_id} ».",
    },
    "source.file_exists": {
        "en": "There is already a file {filename} in sources/.",
        "fr": "Il existe déjà un fichier {filename} dans sources/.",
    },
    "source.markdown_unreadable": {
        "en": "The Markdown file cannot be read: {detail}",
        "fr": "Le fichier Markdown est illisible : {detail}",
    },
    "source.unusable": {
        "en": "The document cannot be used as a source: {detail}",
        "fr": "Le document ne peut pas servir de source : {detail}",
    },
    "source.no_text": {
        "en": "No text could be read from the document (a scanned PDF?).",
        "fr": "Aucun texte n'a pu être lu dans le document (un PDF scanné ?).",
    },
    # --- brand kit
    "kit.needs_admin": {
        "en": "{user} cannot edit the brand kit: that needs the admin role.",
        "fr": "{user} ne peut pas modifier le kit de marque : il faut le rôle administrateur.",
    },
    "kit.unchanged": {
        "en": "The kit is unchanged: nothing to save.",
        "fr": "Le kit n'a pas changé : rien à enregistrer.",
    },
    "kit.version_missing": {
        "en": "This kit version is not recorded.",
        "fr": "Cette version du kit n'est pas enregistrée.",
    },
    # --- the audit key, its anchors and the archive of a whole workspace (workflow/anchors.py, archive.py)
    "audit.key_exists": {
        "en": "This workspace already has an audit key ({path}, key {key_id}); keygen never replaces a key, "
              "since every anchor signed with it would stop verifying.",
        "fr": "Cet espace de travail a déjà une clé d'audit ({path}, clé {key_id}) ; keygen ne remplace jamais "
              "une clé, sinon aucun ancrage signé avec elle ne se vérifierait plus.",
    },
    "audit.key_missing": {
        "en": "This workspace has no audit signing key at {path}: run `proofline audit keygen`.",
        "fr": "Cet espace de travail n'a pas de clé de signature d'audit ({path}) : lancez "
              "`proofline audit keygen`.",
    },
    "audit.key_missing_restore": {
        "en": "The private audit key {path} is missing (the workspace's public key is {key_id}): restore it from "
              "your team's backup, or set PROOFLINE_AUDIT_KEY to where it is kept.",
        "fr": "La clé privée d'audit {path} est absente (la clé publique de l'espace de travail est {key_id}) : "
              "restaurez-la depuis la sauvegarde de l'équipe ou indiquez son emplacement dans PROOFLINE_AUDIT_KEY.",
    },
    "audit.key_unreadable": {
        "en": "{path} is not a usable Ed25519 private key ({detail}); restore it from your team's backup.",
        "fr": "{path} n'est pas une clé privée Ed25519 utilisable ({detail}) ; restaurez-la depuis la sauvegarde "
              "de l'équipe.",
    },
    "audit.key_mismatch": {
        "en": "The private key {path} does not match the public key {public}; restore the right key from your "
              "team's backup.",
        "fr": "La clé privée {path} ne correspond pas à la clé publique {public} ; restaurez la bonne clé depuis "
              "la sauvegarde de l'équipe.",
    },
    "audit.public_key_missing": {
        "en": "There is no audit public key {path}: restore it from git, or pass --public-key FILE.",
        "fr": "Il n'y a pas de clé publique d'audit {path} : restaurez-la depuis git ou indiquez --public-key "
              "FICHIER.",
    },
    "audit.public_key_unreadable": {
        "en": "{path} is not an Ed25519 public key in PEM form ({detail}); restore it from git.",
        "fr": "{path} n'est pas une clé publique Ed25519 au format PEM ({detail}) ; restaurez-la depuis git.",
    },
    "audit.anchors_missing": {
        "en": "There is no anchor file {path}.",
        "fr": "Il n'y a pas de fichier d'ancrage {path}.",
    },
    "audit.anchor_corrupt": {
        "en": "{path}, line {line}: not an audit anchor ({detail}); restore the file from git.",
        "fr": "{path}, ligne {line} : ce n'est pas un ancrage d'audit ({detail}) ; restaurez le fichier depuis git.",
    },
    "audit.bad_expect": {
        "en": "--expect {value}: give a head hash (64 hexadecimal digits) or LENGTH:HASH, as "
              "`proofline audit head` prints them.",
        "fr": "--expect {value} : indiquez une empreinte de tête (64 chiffres hexadécimaux) ou `LONGUEUR:EMPREINTE`, "
              "comme les affiche `proofline audit head`.",
    },
    "audit.not_signed": {
        "en": "The audit log does not verify ({detail}), so its head is not signed; run `proofline audit verify`.",
        "fr": "Le journal d'audit ne se vérifie pas ({detail}) : sa tête n'est donc pas signée ; lancez "
              "`proofline audit verify`.",
    },
    "audit.anchor_not_written": {
        "en": "The publication is recorded, but its audit anchor was not written: {detail} "
              "Run `proofline audit anchor` once this is fixed.",
        "fr": "La publication est enregistrée, mais son ancrage d'audit n'a pas été écrit : {detail} "
              "Lancez `proofline audit anchor` une fois le problème réglé.",
    },
    # what `audit verify` finds: one line each, naming the anchor or the entry where the log breaks
    "verify.anchor_signature": {
        "en": "{file} line {line}: its signature does not verify against the workspace's public key (the anchor "
              "was edited or forged).",
        "fr": "{file}, ligne {line} : sa signature ne se vérifie pas avec la clé publique de l'espace de travail "
              "(l'ancrage a été modifié ou contrefait).",
    },
    "verify.anchor_other_key": {
        "en": "{file} line {line} is signed by key {key_id}, not by the workspace's key {expected}.",
        "fr": "{file}, ligne {line} : signée par la clé {key_id}, et non par la clé {expected} de l'espace de "
              "travail.",
    },
    "verify.anchor_truncated": {
        "en": "The audit log has {entries} entries, but {file} line {line} (signed {at}) anchored {length}: "
              "entries #{first} to #{length} were deleted. Restore the database from a backup.",
        "fr": "Le journal d'audit compte {entries} entrées, mais {file}, ligne {line} (signée le {at}), en a "
              "ancré {length} : les entrées n° {first} à n° {length} ont été supprimées. Restaurez la base depuis "
              "une sauvegarde.",
    },
    "verify.anchor_truncated_one": {
        "en": "The audit log has {entries} entries, but {file} line {line} (signed {at}) anchored {length}: "
              "entry #{length} was deleted. Restore the database from a backup.",
        "fr": "Le journal d'audit compte {entries} entrées, mais {file}, ligne {line} (signée le {at}), en a "
              "ancré {length} : l'entrée n° {length} a été supprimée. Restaurez la base depuis une sauvegarde.",
    },
    "verify.anchor_mismatch": {
        "en": "The audit log no longer matches {file} line {line} (signed {at}, {length} entries): an entry from "
              "#{first} to #{length} was edited, deleted, reordered or rewritten. Restore the database from a "
              "backup.",
        "fr": "Le journal d'audit ne correspond plus à {file}, ligne {line} (signée le {at}, {length} entrées) : "
              "une entrée entre n° {first} et n° {length} a été modifiée, supprimée, déplacée ou réécrite. "
              "Restaurez la base depuis une sauvegarde.",
    },
    "verify.expect_truncated": {
        "en": "The audit log has {entries} entries, but the expected head covers {length}: entries #{first} to "
              "#{length} were deleted.",
        "fr": "Le journal d'audit compte {entries} entrées, mais la tête attendue en couvre {length} : les "
              "entrées n° {first} à n° {length} ont été supprimées.",
    },
    "verify.expect_truncated_one": {
        "en": "The audit log has {entries} entries, but the expected head covers {length}: entry #{length} was "
              "deleted.",
        "fr": "Le journal d'audit compte {entries} entrées, mais la tête attendue en couvre {length} : l'entrée "
              "n° {length} a été supprimée.",
    },
    "verify.expect_mismatch": {
        "en": "The first {length} entries of the audit log no longer hash to {expected}: an entry from #1 to "
              "#{length} was edited, deleted, reordered or rewritten.",
        "fr": "Les {length} premières entrées du journal d'audit n'ont plus l'empreinte {expected} : une entrée "
              "entre n° 1 et n° {length} a été modifiée, supprimée, déplacée ou réécrite.",
    },
    "verify.expect_unknown": {
        "en": "No prefix of the audit log hashes to {expected}: the entries it covered were edited, deleted, "
              "reordered or rewritten.",
        "fr": "Aucun début du journal d'audit n'a l'empreinte {expected} : les entrées qu'elle couvrait ont été "
              "modifiées, supprimées, déplacées ou réécrites.",
    },
    # business rows and publication files against the chain (workflow/bindings.py)
    "verify.row_unexplained": {
        "en": "{table} row #{id} is explained by no audit entry: it was added or rewritten outside Proofline "
              "(directly in the database). Find out who wrote it, then restore the database from a backup.",
        "fr": "La ligne n° {id} de {table} n'est expliquée par aucune entrée du journal d'audit : elle a été "
              "ajoutée ou réécrite hors de Proofline (directement dans la base). Cherchez qui l'a écrite, puis "
              "restaurez la base depuis une sauvegarde.",
    },
    "verify.row_differs": {
        "en": "{table} row #{id}: {fields:list} no longer match(es) what audit entry #{seq} ({action} by {actor}, "
              "{at}) recorded: the row was changed outside Proofline. Restore it from a backup.",
        "fr": "Ligne n° {id} de {table} : {fields:list} ne correspond(ent) plus à ce qu'a enregistré l'entrée "
              "d'audit n° {seq} ({action} par {actor}, {at}) : la ligne a été modifiée hors de Proofline. "
              "Restaurez-la depuis une sauvegarde.",
    },
    "verify.row_gone": {
        "en": "{table} row #{id}, recorded by audit entry #{seq} ({action} by {actor}), is gone: it was deleted "
              "outside Proofline. Restore it from a backup.",
        "fr": "La ligne n° {id} de {table}, enregistrée par l'entrée d'audit n° {seq} ({action} par {actor}), a "
              "disparu : elle a été supprimée hors de Proofline. Restaurez-la depuis une sauvegarde.",
    },
    "verify.rows_more": {
        "en": "...and {count} more row(s) of {tables:list} that the audit log does not explain (`--format json` "
              "lists them all).",
        "fr": "... et {count} autre(s) ligne(s) de {tables:list} que le journal d'audit n'explique pas "
              "(`--format json` les liste toutes).",
    },
    "verify.file_missing": {
        "en": "Publication #{publication} of asset #{asset_id} (version {version}): {file} is missing. "
              "`proofline asset files {asset_id} --restore` writes it again from the database.",
        "fr": "Publication n° {publication} du contenu n° {asset_id} (version {version}) : {file} est absent. "
              "`proofline asset files {asset_id} --restore` le réécrit depuis la base.",
    },
    "verify.file_differs": {
        "en": "Publication #{publication} of asset #{asset_id} (version {version}): {file} does not match the "
              "sha256 recorded at publication (edited since). `proofline asset files {asset_id} --restore` "
              "writes the published content again from the database.",
        "fr": "Publication n° {publication} du contenu n° {asset_id} (version {version}) : {file} ne correspond "
              "pas à l'empreinte sha256 enregistrée à la publication (modifié depuis). `proofline asset files "
              "{asset_id} --restore` réécrit le contenu publié depuis la base.",
    },
    "verify.file_unreadable": {
        "en": "Publication #{publication} of asset #{asset_id} (version {version}): {file} cannot be read "
              "({detail}).",
        "fr": "Publication n° {publication} du contenu n° {asset_id} (version {version}) : {file} est illisible "
              "({detail}).",
    },
    # archives of a whole workspace
    "archive.rows_unexplained": {
        "en": "{archive}: its tables do not match its audit log ({detail}); the archive was changed after export "
              "and is refused.",
        "fr": "{archive} : ses tables ne correspondent pas à son journal d'audit ({detail}) ; l'archive a été "
              "modifiée après l'export et elle est refusée.",
    },
    "archive.anchors_break": {
        "en": "{archive}: its audit log does not match the signed anchors ({detail}); the archive was changed "
              "after export and is refused.",
        "fr": "{archive} : son journal d'audit ne correspond pas aux ancrages signés ({detail}) ; l'archive a été "
              "modifiée après l'export et elle est refusée.",
    },
    "archive.publication_unanchored": {
        "en": "{archive}: audit entry #{seq} ({action}) is covered by no anchor signed with key {key_id}, although "
              "every publication anchors the log: the anchors were removed or the log rewritten after export. "
              "The archive is refused; verify it against anchors you trust (`proofline audit verify --anchors`).",
        "fr": "{archive} : l'entrée d'audit n° {seq} ({action}) n'est couverte par aucun ancrage signé avec la "
              "clé {key_id}, alors que chaque publication ancre le journal : les ancrages ont été supprimés ou le "
              "journal réécrit après l'export. L'archive est refusée ; vérifiez-la avec des ancrages de confiance "
              "(`proofline audit verify --anchors`).",
    },
    "archive.file_tampered": {
        "en": "{archive}: {file} does not match its sha256 in the manifest (changed after export); the archive "
              "is refused.",
        "fr": "{archive} : {file} ne correspond pas à son empreinte sha256 dans le manifeste (modifié après "
              "l'export) ; l'archive est refusée.",
    },
    "archive.file_missing": {
        "en": "{archive}: {file} is listed in the manifest but missing; the archive is refused.",
        "fr": "{archive} : {file} figure dans le manifeste mais manque ; l'archive est refusée.",
    },
    "archive.file_unlisted": {
        "en": "{archive}: {file} is not listed in the manifest (added after export); the archive is refused.",
        "fr": "{archive} : {file} ne figure pas dans le manifeste (ajouté après l'export) ; l'archive est refusée.",
    },
    "archive.bad_path": {
        "en": "{archive}: {file} would be written outside the workspace; the archive is refused.",
        "fr": "{archive} : {file} serait écrit hors de l'espace de travail ; l'archive est refusée.",
    },
    "archive.workspace_differs": {
        "en": "The workspace differs from the archive: {file} is not the archive's copy ({count} file(s) differ). "
              "Import into an empty folder, or add --force to keep the workspace's files (checks will then differ "
              "from the archive's).",
        "fr": "L'espace de travail diffère de l'archive : {file} n'est pas la copie de l'archive ({count} "
              "fichier(s) diffèrent). Importez dans un dossier vide, ou ajoutez --force pour garder les fichiers "
              "de l'espace de travail (les vérifications différeront alors de celles de l'archive).",
    },
    "archive.workspace_extra": {
        "en": "The workspace differs from the archive: {file} is not in the archive ({count} file(s) differ). "
              "Import into an empty folder, or add --force to keep the workspace's files (checks will then differ "
              "from the archive's).",
        "fr": "L'espace de travail diffère de l'archive : {file} ne figure pas dans l'archive ({count} "
              "fichier(s) diffèrent). Importez dans un dossier vide, ou ajoutez --force pour garder les fichiers "
              "de l'espace de travail (les vérifications différeront alors de celles de l'archive).",
    },
    "archive.workspace_kept": {
        "en": "The workspace's own files were kept where they differ from the archive ({count} file(s), first "
              "{file}): checks will not give the archive's results.",
        "fr": "Les fichiers de l'espace de travail ont été gardés là où ils diffèrent de l'archive ({count} "
              "fichier(s), dont {file}) : les vérifications ne donneront pas les résultats de l'archive.",
    },
    "archive.no_workspace_files": {
        "en": "{archive} holds the database only (an older archive): the kit, sources, attestations and anchors "
              "were not included, so checks use this workspace's files as they are.",
        "fr": "{archive} ne contient que la base (une archive ancienne) : le kit, les sources, les attestations et "
              "les ancrages n'y figurent pas ; les vérifications utilisent les fichiers actuels de l'espace de "
              "travail.",
    },
    "archive.not_a_workspace": {
        "en": "{folder} has files but no kit.yaml: import into a workspace or an empty folder.",
        "fr": "{folder} contient des fichiers mais pas de kit.yaml : importez dans un espace de travail ou un "
              "dossier vide.",
    },
    "archive.needs_workspace": {
        "en": "{archive} holds no workspace files and {folder} has no kit.yaml: import it into the workspace it "
              "came from.",
        "fr": "{archive} ne contient pas les fichiers de l'espace de travail et {folder} n'a pas de kit.yaml : "
              "importez-la dans l'espace de travail d'origine.",
    },
    # --- the desk itself
    "input.invalid_fields": {
        "en": "Missing or invalid field(s): {fields:list}.",
        "fr": "Champ(s) manquant(s) ou invalide(s) : {fields:list}.",
    },
    "form.expired": {
        "en": "The form expired or did not come from this site; reload the page and try again.",
        "fr": "Le formulaire a expiré ou ne vient pas de ce site ; rechargez la page et réessayez.",
    },
    # --- compose (the English keeps the composer's lower-case CLI style)
    "compose.not_a_source": {
        "en": "{ref}: not a source of this workspace (give a source id or its file); sources: {known:list}",
        "fr": "« {ref} » n'est pas une source de cet espace de travail (donnez l'identifiant d'une source ou "
              "son fichier) ; sources : {known:list}.",
    },
    "compose.no_source": {
        "en": "give at least one source",
        "fr": "Choisissez au moins une source.",
    },
    "compose.unknown_audience": {
        "en": "unknown audience '{audience}'; audiences: {known:list}",
        "fr": "Audience inconnue : « {audience} » ; audiences du kit : {known:list}.",
    },
    "compose.no_audiences": {
        "en": "unknown audience '{audience}'; audiences: none in kit.yaml",
        "fr": "Audience inconnue : « {audience} » ; le kit de marque n'en définit aucune.",
    },
    "compose.unknown_channel": {
        "en": "unknown channel(s) {unknown:list}; choose among {channels:list}",
        "fr": "Déclinaison(s) inconnue(s) : {unknown:list} ; choisissez parmi : {channels:list}.",
    },
    "compose.bad_language": {
        "en": "language '{lang}' is not supported; use fr or en",
        "fr": "La langue « {lang} » n'est pas prise en charge : choisissez fr ou en.",
    },
    "compose.no_channel": {
        "en": "give at least one channel",
        "fr": "Choisissez au moins une déclinaison.",
    },
    "compose.no_audience": {
        "en": "give at least one audience (--audiences a,b)",
        "fr": "Choisissez au moins une audience.",
    },
    "compose.same_audience": {
        "en": "asset #{asset_id} is already written for {audience}; a variant is for another audience",
        "fr": "Le contenu n° {asset_id} est déjà écrit pour l'audience {audience} ; une variante vise une autre "
              "audience.",
    },
    "compose.cannot_translate": {
        "en": "the offline composer reuses the sources' own sentences and cannot translate: the source is in "
              "{langs:language}, the draft is asked in {lang:language}. Use --lang {first:language}, pick a source "
              "written in {lang:language}, or configure a model provider (proofline providers).",
        "fr": "La rédaction hors ligne reprend les phrases mêmes des sources et ne sait pas traduire : la source "
              "est en {langs:language}, le brouillon est demandé en {lang:language}. Demandez le brouillon en "
              "{first:language}, choisissez une source rédigée en {lang:language} ou configurez un fournisseur "
              "de modèle.",
    },
    "compose.expired": {
        "en": "{sources:list} expired on {dates:date}: its figures no longer count as proof on {as_of:date}; "
              "pick a current source",
        "fr": "{sources:list} : source expirée le {dates:date} ; ses chiffres ne font plus preuve au "
              "{as_of:date}. Choisissez une source à jour.",
    },
    "compose.no_usable_sentence": {
        "en": "no sentence of {sources:list} can be used as it is: {detail}",
        "fr": "Aucune phrase de {sources:list} n'est utilisable telle quelle : {detail}",
    },
    "compose.all_dropped": {
        "en": "every usable sentence of the source was dropped by the check or the channel limits",
        "fr": "Toutes les phrases utilisables de la source ont été écartées par la vérification ou par les "
              "limites de la déclinaison.",
    },
    "compose.run_missing": {
        "en": "There is no compose run #{run_id}.",
        "fr": "Il n'existe pas de rédaction n° {run_id}.",
    },
    "compose.not_a_variant": {
        "en": "Asset #{asset_id} is not a variant: it has no master asset.",
        "fr": "Le contenu n° {asset_id} n'est pas une variante : il n'a pas de contenu maître.",
    },
    "compose.provider_unknown": {
        "en": "unknown provider '{name}' (from {origin}); available: {available:list}",
        "fr": "Fournisseur de modèle inconnu : « {name} » (indiqué par {origin}) ; fournisseurs disponibles : "
              "{available:list}.",
    },
    "compose.provider_incomplete": {
        "en": "the openai-compatible provider needs {missing:all}; set them in the environment or in "
              ".proofline/settings.toml",
        "fr": "Le fournisseur de modèle openai-compatible a besoin de {missing:all} : définissez-les dans "
              "l'environnement ou dans .proofline/settings.toml.",
    },
    # Wrappers of compose-side messages not (yet) in this catalogue: the technical detail (English,
    # with URLs, variables and files) follows a sentence in the reader's language.
    "compose.failed": {
        "en": "{detail}",
        "fr": "Le brouillon n'a pas pu être rédigé : {detail}",
    },
    "compose.provider_failed": {
        "en": "{detail}",
        "fr": "Le fournisseur de modèle a échoué : {detail}",
    },
    "compose.settings_invalid": {
        "en": "{detail}",
        "fr": "Les réglages du fournisseur de modèle sont inutilisables : {detail}",
    },
}


def _typeset(text: str) -> str:
    """French typography on a template: non-breaking spaces where plain ones were typed."""
    for plain, fine in ((" :", NBSP + ":"), (" ;", NNBSP + ";"), (" ?", NNBSP + "?"), (" !", NNBSP + "!"),
                        ("« ", "«" + NBSP), (" »", NBSP + "»"), ("n° ", "n°" + NBSP)):
        text = text.replace(plain, fine)
    return text


CATALOGUE: dict[str, dict[str, str]] = {
    key: {"en": texts["en"], "fr": _typeset(texts["fr"])} for key, texts in _RAW.items()
}

# --------------------------------------------------------------------------- words inside messages

# "{user} cannot ... asset #3" / "{user} ne peut pas ... n° 3" (French carries the noun: "du contenu").
_VERB: dict[str, dict[str, str]] = {
    "en": {"submit": "submit", "request_changes": "request changes on", "approve": "approve", "publish": "publish",
           "archive": "archive", "edit": "edit", "resolve": "resolve the claims of",
           "validate": "validate the claims of", "confirm": "confirm overrides on", "correct": "correct",
           "withdraw": "withdraw"},
    "fr": {"submit": "soumettre à relecture le contenu", "request_changes": "demander des modifications sur le contenu",
           "approve": "approuver le contenu", "publish": "publier le contenu", "archive": "archiver le contenu",
           "edit": "modifier le contenu", "resolve": "résoudre les affirmations du contenu",
           "validate": "valider les affirmations du contenu", "confirm": "confirmer les dérogations du contenu",
           "correct": "corriger le contenu", "withdraw": "retirer de la publication le contenu"},
}

# Four-eyes: "so someone else must ..." / "quelqu'un d'autre doit ...".
_OTHER: dict[str, dict[str, str]] = {
    "en": {"request_changes": "review it", "approve": "approve it", "validate": "validate its claims",
           "reject": "judge its claims", "publish": "publish it", "confirm": "confirm its overrides"},
    "fr": {"request_changes": "le relire", "approve": "l'approuver", "validate": "valider ses affirmations",
           "reject": "juger ses affirmations", "publish": "le publier", "confirm": "confirmer ses dérogations"},
}

# The desk's words for roles and verdicts (web/locales role.* and verdict.*; a test keeps them equal).
_ROLE: dict[str, dict[str, str]] = {
    "en": {"writer": "writer", "expert": "expert", "approver": "approver", "admin": "admin"},
    "fr": {"writer": "rédacteur", "expert": "expert", "approver": "approbateur", "admin": "administrateur"},
}
_VERDICT: dict[str, dict[str, str]] = {
    "en": {"supported": "supported", "attested": "attested", "unsupported": "unsupported",
           "insufficient_proof": "insufficient proof", "contradicted": "contradicted", "expired": "expired",
           "forbidden": "forbidden"},
    "fr": {"supported": "prouvée", "attested": "attestée", "unsupported": "sans preuve",
           "insufficient_proof": "preuve insuffisante", "contradicted": "contredite", "expired": "preuve expirée",
           "forbidden": "interdite"},
}
# English keeps the codes the CLI's --lang takes; French names the language.
_LANGUAGE: dict[str, dict[str, str]] = {"en": {}, "fr": {"fr": "français", "en": "anglais"}}
_MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
              "novembre", "décembre")
_SEP = {"en": {"list": ", ", "or": " or ", "and": " and ", "items": "; "},
        "fr": {"list": ", ", "or": " ou ", "and": " et ", "items": NNBSP + "; "}}


def _items(value: object) -> list[object]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence | set | frozenset):
        return [value]
    return list(value)


def _word(table: dict[str, dict[str, str]], value: object, lang: str) -> str:
    return table[lang].get(str(value), str(value))


def _date(value: object, lang: str) -> str:
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return str(value)
    if not isinstance(value, date):
        return str(value)
    if lang == "fr":
        return f"{'1er' if value.day == 1 else value.day} {_MONTHS_FR[value.month - 1]} {value.year}"
    return value.isoformat()


def _claims(value: object, lang: str) -> str:
    """Blocking claims given as (id, text, verdict) triples."""
    out = []
    for item in _items(value):
        claim_id, text, verdict = [*item, "", "", ""][:3] if isinstance(item, Sequence) else (item, "", "")
        v = _word(_VERDICT, verdict, lang)
        out.append(f"n°{NBSP}{claim_id} «{NBSP}{text}{NBSP}» ({v})" if lang == "fr" else f"#{claim_id} «{text}» ({v})")
    return _SEP[lang]["items"].join(out)


_SEVERITY: dict[str, dict[str, str]] = {
    "en": {"error": "error", "warning": "warning", "suggestion": "suggestion"},
    "fr": {"error": "erreur", "warning": "avertissement", "suggestion": "suggestion"},
}
_NOTE: dict[str, dict[str, str]] = {
    "en": {"override_pending": "override waiting for an approver's `proofline claim confirm {id}`"},
    "fr": {"override_pending": "dérogation en attente de confirmation par un approbateur"},
}


def _blockers(value: object, lang: str) -> str:
    """What the gate refuses, given as (kind, id or rule, quote, verdict or severity, note or line) tuples:
    each claim by the id `claim resolve/validate` take, each finding by its rule and line."""
    out = []
    for item in _items(value):
        kind, ref, quote, why, extra = ([*item, "", "", "", "", ""][:5] if isinstance(item, Sequence)
                                        else ("claim", item, "", "", ""))
        if kind == "finding":
            where = (f", ligne {extra}" if lang == "fr" else f", line {extra}") if extra else ""
            sev = _word(_SEVERITY, why, lang)
            out.append(f"règle {ref}{where}{NBSP}: «{NBSP}{quote}{NBSP}» ({sev})" if lang == "fr"
                       else f"rule {ref}{where}: «{quote}» ({sev})")
            continue
        v = _word(_VERDICT, why, lang)
        note = _NOTE[lang].get(str(extra), str(extra)).replace("{id}", str(ref)) if extra else ""
        v = f"{v}{NNBSP}; {note}" if note and lang == "fr" else (f"{v}; {note}" if note else v)
        out.append(f"affirmation n°{NBSP}{ref} «{NBSP}{quote}{NBSP}» ({v})" if lang == "fr"
                   else f"claim #{ref} «{quote}» ({v})")
    return _SEP[lang]["items"].join(out)


def _more(value: object, lang: str) -> str:
    n = int(str(value or 0))
    if n <= 0:
        return ""
    return (f" et {n} autre" + ("s" if n > 1 else "")) if lang == "fr" else f" and {n} more"


def _joined(sep: str, each: Callable[[object, str], str]) -> Callable[[object, str], str]:
    """Values written one by one, then joined: "a, b, c", or with "or"/"and" before the last one."""

    def join(value: object, lang: str) -> str:
        words = [each(v, lang) for v in _items(value)]
        if sep == "list" or len(words) < 2:
            return _SEP[lang]["list"].join(words)
        return _SEP[lang]["list"].join(words[:-1]) + _SEP[lang][sep] + words[-1]

    return join


_SPECS: dict[str, Callable[[object, str], str]] = {
    "state": lambda v, lang: describe(str(v), lang),  # "a draft" / "un brouillon"
    "now": lambda v, lang: action_words(str(v), lang),  # "approved" / "l'approuver"
    "verb": lambda v, lang: _word(_VERB, v, lang),  # "request changes on" / "demander des modifications sur..."
    "other": lambda v, lang: _word(_OTHER, v, lang),  # four-eyes: "approve it" / "l'approuver"
    "roles": _joined("list", lambda v, lang: _word(_ROLE, v, lang)),  # "writer, expert"
    "any_role": _joined("or", lambda v, lang: _word(_ROLE, v, lang)),  # "expert or admin"
    "verdict": lambda v, lang: _word(_VERDICT, v, lang),
    "language": _joined("list", lambda v, lang: _word(_LANGUAGE, v, lang)),
    "list": _joined("list", lambda v, _lang: str(v)),  # codes and ids, the same in every language
    "all": _joined("and", lambda v, _lang: str(v)),
    "date": _joined("list", _date),
    "claims": _claims,
    "blockers": _blockers,
    "more": _more,
    "then": lambda v, _lang: f" {v}" if v else "",  # an optional sentence that follows
}


class _Formatter(string.Formatter):
    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def get_value(self, key: int | str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        if isinstance(key, str) and key not in kwargs:
            return "{" + key + "}"  # a forgotten value shows as itself rather than hiding the refusal
        return super().get_value(key, args, kwargs)

    def format_field(self, value: Any, format_spec: str) -> str:
        spec = _SPECS.get(format_spec)
        return spec(value, self.lang) if spec else str(super().format_field(value, format_spec))


def render(key: str, lang: str, params: Mapping[str, object] | None = None) -> str:
    """The message of `key` in `lang` (English for a language it lacks), its values written in that language."""
    lang = lang if lang in LANGS else "en"
    template = CATALOGUE[key][lang]
    return _Formatter(lang).vformat(template, (), dict(params or {}))


def fields(template: str) -> set[str]:
    """The names of the values a template uses (for the tests: both languages use the same)."""
    return {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name}


# --------------------------------------------------------------------------- the exception side


class Refusal(Exception):
    """An exception whose message comes from the catalogue: `key`, `params`, and `message(lang)`.

    `str(exc)` is the English message. Raised with a text that is not a key, it keeps that text as
    its message in every language (`key` is None), unless the class names a `fallback` key: that
    key's sentence then introduces the text in the other languages.
    """

    fallback: ClassVar[str | None] = None

    def __init__(self, key: str, /, **params: object) -> None:
        self.key: str | None = key if key in CATALOGUE else None
        self.params: dict[str, object] = dict(params)
        super().__init__(render(key, "en", params) if self.key else key)

    def message(self, lang: str) -> str:
        """The message in `lang` ("fr" or "en"; English otherwise)."""
        if self.key is not None:
            return render(self.key, lang, self.params)
        if self.fallback is not None and lang != "en":
            return render(self.fallback, lang, {"detail": str(self)})
        return str(self)


_STORED = "refusal:"


def stored(exc: BaseException) -> str:
    """A refusal as text a database keeps (a failed compose item): its key and values, so that
    it can be shown later in the reader's language, with the English text as a fallback."""
    import json

    if isinstance(exc, Refusal) and exc.key is not None:
        params = {k: v if isinstance(v, (str, int, float, bool, type(None))) else str(v)
                  for k, v in exc.params.items()}
        return _STORED + json.dumps({"key": exc.key, "params": params, "en": str(exc)}, ensure_ascii=False)
    return str(exc)


def shown(text: str | None, lang: str) -> str:
    """A stored message in `lang`: what `stored` wrote, or any other text as it is."""
    import json

    if not text or not text.startswith(_STORED):
        return text or ""
    try:
        data = json.loads(text[len(_STORED):])
        return render(str(data["key"]), lang, dict(data.get("params") or {}))
    except Exception:  # a catalogue that changed since: the English text kept
        try:
            return str(json.loads(text[len(_STORED):]).get("en", text))
        except ValueError:
            return text


__all__ = ["CATALOGUE", "LANGS", "NBSP", "NNBSP", "Refusal", "fields", "render", "shown", "stored"]
