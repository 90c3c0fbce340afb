# The links service in French: every code it sends, from
# `LinksError::catalog().translation_template()`. Checked against the catalog by
# tests/links_service.rs (`assert_translations_complete`).

# AuthenticationError::ApiKeyRequired (401)
API_KEY_REQUIRED = Une clé d'API est requise. Envoyez-la dans l'en-tête Authorization: Bearer <votre-clé-d-api>.
    .title = Non authentifié

# AuthenticationError::ApiKeyInvalid (401)
API_KEY_INVALID = La clé d'API fournie n'est pas valide. Vérifiez-la et réessayez.
    .title = Non authentifié

# AuthenticationError::ApiKeyExpired (401)
API_KEY_EXPIRED = La clé d'API a expiré. Renouvelez-la ou créez-en une nouvelle.
    .title = Non authentifié

# AuthorizationError::ApiKeyDisabled (403)
API_KEY_DISABLED = La clé d'API est désactivée. Réactivez-la ou créez-en une nouvelle.
    .title = Interdit

# AuthorizationError::NotAMember (403)
NOT_A_MEMBER = Le propriétaire de la clé d'API n'est pas membre de cet espace de travail.
    .title = Interdit

# AuthorizationError::LinkDeleteForbidden (403)
LINK_DELETE_FORBIDDEN = Vous n'avez pas le droit de supprimer ce lien.
    .title = Interdit

# AuthorizationError::RecordingDeleteForbidden (403)
RECORDING_DELETE_FORBIDDEN = Vous n'avez pas le droit de supprimer cet enregistrement.
    .title = Interdit

# AuthorizationError::RecordingWorkspaceMismatch (403)
RECORDING_WORKSPACE_MISMATCH = L'enregistrement n'appartient pas à cet espace de travail.
    .title = Interdit

# RateLimitError::RateLimited (429)
RATE_LIMITED = Limite de requêtes dépassée. Patientez, puis réessayez avec un délai exponentiel.
    .title = Trop de requêtes

# ServiceError::ServiceUnavailable (503)
SERVICE_UNAVAILABLE = Le service de vérification des clés d'API est momentanément indisponible. Réessayez plus tard.
    .title = Service indisponible

# ResourceError::LinkNotFound (404)
LINK_NOT_FOUND = Lien introuvable
    .title = Introuvable

# ResourceError::RecordingNotFound (404)
RECORDING_NOT_FOUND = Enregistrement introuvable
    .title = Introuvable

# ResourceError::ProjectNotFound (404)
PROJECT_NOT_FOUND = Projet introuvable
    .title = Introuvable

# ResourceError::WorkspaceNotFound (404)
WORKSPACE_NOT_FOUND = Espace de travail introuvable
    .title = Introuvable

# ResourceError::LinkGone (410)
LINK_GONE = Le lien a été supprimé
    .title = Supprimé

# ResourceError::RecordingGone (410)
RECORDING_GONE = L'enregistrement a déjà été supprimé
    .title = Supprimé

# ResourceError::ProjectGone (410)
PROJECT_GONE = Le projet a été supprimé
    .title = Supprimé

# ResourceError::LinkProjectDeleted (410)
LINK_PROJECT_DELETED = Le projet a été supprimé
    .title = Supprimé

# MutationError::LinkCreateFailed (500)
LINK_CREATE_FAILED = Impossible de créer le lien
    .title = Erreur interne du serveur

# MutationError::LinkUpdateFailed (500)
LINK_UPDATE_FAILED = Impossible de modifier le lien
    .title = Erreur interne du serveur

# MutationError::LinkDeleteFailed (500)
LINK_DELETE_FAILED = Impossible de supprimer le lien
    .title = Erreur interne du serveur

# MutationError::RecordingDeleteFailed (500)
RECORDING_DELETE_FAILED = Impossible de supprimer l'enregistrement
    .title = Erreur interne du serveur

# MutationError::LinkDefaultProjectNotFound (404)
LINK_DEFAULT_PROJECT_NOT_FOUND = Aucun projet par défaut pour cet espace de travail
    .title = Introuvable

# MutationError::PlanLimitExceeded (403)
PLAN_LIMIT_EXCEEDED = Limite de votre offre dépassée
    .title = Interdit

# ApiKeyError::Unauthorized (401)
UNAUTHORIZED = Vous devez être connecté pour gérer les clés d'API.
    .title = Non authentifié

# ApiKeyError::ApiKeyAlreadyExists (409)
API_KEY_ALREADY_EXISTS = Vous avez déjà une clé d'API. Révoquez-la ou renouvelez-la.
    .title = Conflit

# ApiKeyError::ApiKeyNotFound (404)
API_KEY_NOT_FOUND = Aucune clé d'API trouvée.
    .title = Introuvable

# ApiKeyError::ApiKeyCreateFailed (500)
API_KEY_CREATE_FAILED = Impossible de créer la clé d'API.
    .title = Erreur interne du serveur

# ApiKeyError::ApiKeyRevokeFailed (500)
API_KEY_REVOKE_FAILED = Impossible de révoquer la clé d'API.
    .title = Erreur interne du serveur

# ApiKeyError::ApiKeyRotateFailed (500)
API_KEY_ROTATE_FAILED = Impossible de renouveler la clé d'API.
    .title = Erreur interne du serveur

# LinksError::Validation (400)
VALIDATION_FAILED = La validation de la requête a échoué
    .title = Requête invalide

# RejectionKind::InvalidJson (400)
INVALID_JSON = Le corps de la requête n'est pas du JSON valide
    .title = Requête invalide

# RejectionKind::InvalidBody (422)
INVALID_BODY = Le corps de la requête ne correspond pas au schéma attendu
    .title = Entité non traitable

# RejectionKind::UnsupportedMediaType (415)
UNSUPPORTED_MEDIA_TYPE = Le corps de la requête doit être du JSON, envoyé avec Content-Type: application/json
    .title = Type de média non pris en charge

# RejectionKind::PayloadTooLarge (413)
PAYLOAD_TOO_LARGE = Le corps de la requête est trop volumineux
    .title = Contenu trop volumineux

# RejectionKind::LengthRequired (411)
LENGTH_REQUIRED = La requête doit déclarer la longueur de son corps avec Content-Length
    .title = Longueur requise

# RejectionKind::InvalidQuery (400)
INVALID_QUERY = La chaîne de requête est invalide
    .title = Requête invalide

# RejectionKind::InvalidPath (400)
INVALID_PATH = Un paramètre du chemin est invalide
    .title = Requête invalide

# RejectionKind::NotFound (404)
NOT_FOUND = Aucune route ne correspond à ce chemin
    .title = Introuvable

# RejectionKind::MethodNotAllowed (405)
METHOD_NOT_ALLOWED = Cette méthode n'est pas autorisée sur ce chemin
    .title = Méthode non autorisée

# RejectionKind::BadRequest (400)
BAD_REQUEST = La requête est invalide
    .title = Requête invalide

# RejectionKind::RequestTimeout (408)
REQUEST_TIMEOUT = Le serveur a mis trop de temps à traiter la requête
    .title = Délai dépassé

# RejectionKind::Internal (500)
INTERNAL_ERROR = Erreur interne du serveur
    .title = Erreur interne du serveur
