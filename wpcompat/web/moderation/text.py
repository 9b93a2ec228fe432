"""The moderation screen's words, in English and French (WordPress's own where it has them).

A message with a count holds its singular and plural forms, separated by "|" (see `counted`)."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Comments", "comments_on": "Comments on “%s”",
        "all": "All", "moderated": "Pending", "approved": "Approved", "spam": "Spam", "trash": "Trash",
        "search": "Search Comments", "search_label": "Search comments:",
        "bulk": "Bulk actions", "apply": "Apply", "select_bulk": "Select bulk action",
        "select_all": "Select All", "select": "Select comment by %s",
        "author": "Author", "comment": "Comment", "response_to": "In response to", "submitted": "Submitted on",
        "approve": "Approve", "unapprove": "Unapprove", "spam_action": "Spam", "unspam": "Not Spam",
        "trash_action": "Trash", "untrash": "Restore", "delete": "Delete Permanently",
        "reply": "Reply", "quickedit": "Quick Edit", "cancel": "Cancel", "update": "Update Comment",
        "reply_button": "Reply", "approve_reply": "Approve and Reply", "reply_label": "Reply to %s",
        "edit_label": "Edit the comment by %s", "name": "Name", "email": "Email", "url": "URL",
        "none": "No comments found.", "pending_badge": "Pending", "view_post": "View Post",
        "items": "%d items", "item": "1 item", "page": "Page %d of %d", "prev": "Previous page", "next": "Next page",
        "logout": "Log Out", "howdy": "Howdy, %s",
        "undo": "Undo",
        "done_approve": "%d comment approved.|%d comments approved.", "done_unapprove": "%d comment unapproved.|%d comments unapproved.",
        "done_spam": "%d comment marked as spam.|%d comments marked as spam.", "done_unspam": "%d comment restored from the spam.|%d comments restored from the spam.",
        "done_trash": "%d comment moved to the Trash.|%d comments moved to the Trash.", "done_untrash": "%d comment restored from the Trash.|%d comments restored from the Trash.",
        "done_delete": "%d comment permanently deleted.|%d comments permanently deleted.", "done_replyto": "Reply published.",
        "done_editedcomment": "Comment updated.", "done_undo": "Action undone.",
        "done_none": "No comment was changed.",
        "denied": "Sorry, you are not allowed to edit comments.",
        "denied_some": "%d comment could not be changed: you are not allowed to edit it.|%d comments could not be changed: you are not allowed to edit them.",
        "expired": "The link you followed has expired.", "try_again": "Please try again.",
        "empty_reply": "Please type your reply text.", "keys": "Keyboard shortcuts",
        "keys_help": "j / k: next / previous comment · a: approve · u: unapprove · s: spam · "
                     "t: trash · r: reply · e: quick edit · z: undo",
        "rejected": "The reply could not be published: %s",
    },
    "fr": {
        "title": "Commentaires", "comments_on": "Commentaires sur « %s »",
        "all": "Tous", "moderated": "En attente", "approved": "Approuvés", "spam": "Indésirables",
        "trash": "Corbeille",
        "search": "Rechercher dans les commentaires", "search_label": "Rechercher dans les commentaires :",
        "bulk": "Actions groupées", "apply": "Appliquer", "select_bulk": "Sélectionnez l’action groupée",
        "select_all": "Tout sélectionner", "select": "Sélectionner le commentaire de %s",
        "author": "Auteur/autrice", "comment": "Commentaire", "response_to": "En réponse à",
        "submitted": "Envoyé le",
        "approve": "Approuver", "unapprove": "Désapprouver", "spam_action": "Indésirable",
        "unspam": "Non indésirable", "trash_action": "Corbeille", "untrash": "Restaurer",
        "delete": "Supprimer définitivement",
        "reply": "Répondre", "quickedit": "Modification rapide", "cancel": "Annuler",
        "update": "Mettre à jour le commentaire", "reply_button": "Répondre",
        "approve_reply": "Approuver et répondre", "reply_label": "Répondre à %s",
        "edit_label": "Modifier le commentaire de %s", "name": "Nom", "email": "E-mail", "url": "Adresse web",
        "none": "Aucun commentaire trouvé.", "pending_badge": "En attente", "view_post": "Voir l’article",
        "items": "%d éléments", "item": "1 élément", "page": "Page %d sur %d", "prev": "Page précédente",
        "next": "Page suivante", "logout": "Se déconnecter", "howdy": "Bonjour, %s",
        "undo": "Annuler l’action",
        "done_approve": "%d commentaire approuvé.|%d commentaires approuvés.", "done_unapprove": "%d commentaire désapprouvé.|%d commentaires désapprouvés.",
        "done_spam": "%d commentaire marqué comme indésirable.|%d commentaires marqués comme indésirables.",
        "done_unspam": "%d commentaire retiré des indésirables.|%d commentaires retirés des indésirables.",
        "done_trash": "%d commentaire mis à la corbeille.|%d commentaires mis à la corbeille.", "done_untrash": "%d commentaire restauré.|%d commentaires restaurés.",
        "done_delete": "%d commentaire supprimé définitivement.|%d commentaires supprimés définitivement.", "done_replyto": "Réponse publiée.",
        "done_editedcomment": "Commentaire mis à jour.", "done_undo": "Action annulée.",
        "done_none": "Aucun commentaire n’a été modifié.",
        "denied": "Désolé, vous n’avez pas l’autorisation de modifier les commentaires.",
        "denied_some": "%d commentaire n’a pas pu être modifié : vous n’avez pas l’autorisation de le modifier.|"
                       "%d commentaires n’ont pas pu être modifiés : vous n’avez pas l’autorisation de les modifier.",
        "expired": "Le lien que vous avez suivi a expiré.", "try_again": "Veuillez réessayer.",
        "empty_reply": "Veuillez saisir le texte de votre réponse.", "keys": "Raccourcis clavier",
        "keys_help": "j / k : commentaire suivant / précédent · a : approuver · u : désapprouver · "
                     "s : indésirable · t : corbeille · r : répondre · e : modification rapide · z : annuler",
        "rejected": "La réponse n’a pas pu être publiée : %s",
    },
}


def counted(message: str, n: int, lang: str) -> str:
    """The singular or plural form of `message` for `n` (French counts 0 and 1 as singular)."""
    one, _, many = message.partition("|")
    plural = n > 1 if lang == "fr" else n != 1
    return (many if plural and many else one) % n if "%d" in one else one
