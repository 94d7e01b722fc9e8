/**
 * The pages' words in English and French. The language comes from the
 * `quai_lang` cookie (set by the footer's `?lang=` links), else from the
 * browser's Accept-Language, else English. Test-facing words (Username,
 * Password, Description, README, Sign up, Log in, Generate, Edit, Save,
 * Files) are the English ones.
 */
export type Lang = 'en' | 'fr';

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

const en = {
  skipToContent: 'Skip to content', search: 'Search', searchPlaceholder: 'Search images', searchRepositories: 'Search repositories',
  account: 'Account', explore: 'Explore', organisations: 'Organisations', settings: 'Settings', logOut: 'Log out', logIn: 'Log in', signUp: 'Sign up',
  language: 'Language', exploreTitle: 'Find and share container images',
  exploreIntro: 'Official images built from Debian, and the images people push here. Pull them with docker pull, share yours with docker push.',
  officialImages: 'Official images', mostPulled: 'Most pulled', recentlyUpdated: 'Recently updated', nothingYet: 'Nothing here yet.',
  noDescription: 'No description', updated: 'Updated', pulls: (n: string) => `${n} pulls`, stars: (n: string) => `${n} stars`,
  resultsFor: (q: string) => `Results for “${q}”`, resultCount: (n: number) => `${n} ${plural(n, 'repository', 'repositories')}`,
  noResults: 'No repository matches.', pages: 'Pages', previous: 'Previous', next: 'Next', pageOf: (p: number, n: number) => `Page ${p} of ${n}`,
  never: 'never', copy: 'Copy', copyPullCommand: 'Copy the pull command', copyLoginCommand: 'Copy the login command',
  officialImage: 'Official image', private: 'Private', public: 'Public', noSuchRepository: 'No such repository.', ownerOnly: 'Only the owners may do this.',
  lastPushed: 'Last pushed', star: 'Star', unstar: 'Unstar', repository: 'Repository', overview: 'Overview', tags: 'Tags', readme: 'README', edit: 'Edit',
  noReadme: 'This repository has no README yet.', recentTags: 'Recent tags', seeAllTags: (n: number) => `See all ${n} ${plural(n, 'tag', 'tags')}`,
  noTags: 'No tags yet.', tagCount: (n: number) => `${n} ${plural(n, 'tag', 'tags')}`, digest: 'Digest', osArch: 'OS/arch', compressedSize: 'Compressed size',
  deleteTag: (tag: string) => `Delete tag ${tag}`, confirmDeleteTag: (tag: string) => `Delete the tag ${tag}?`, noSuchTag: 'No such tag.',
  added: 'added', changed: 'changed', deleted: 'deleted', opaque: 'replaced (opaque directory)',
  changeCounts: (a: number, c: number, d: number) => `${a} added, ${c} changed, ${d} deleted`,
  notShared: 'Used by no other repository.', sharedWith: (n: number) => `Shared with ${n} other ${plural(n, 'repository', 'repositories')}:`,
  sharingSaves: (s: string) => `Stored once, this sharing saves ${s} of disk.`, unknownCommand: '(unknown command)', size: 'Size', files: 'Files',
  allFiles: (n: number) => `all ${n} entries on one page`, platforms: 'Platforms', created: 'Created', layer: 'Layer',
  layerCount: (n: number) => `${n} ${plural(n, 'layer', 'layers')}`,
  layersIntro: 'Each layer is one step of the image’s build. Its files are stored once and shared by every image and repository that uses it.',
  noSuchLayer: 'No such layer.', noSuchAccount: 'No such user or organisation.', organisation: 'Organisation', joined: 'Joined',
  manageOrganisation: 'Members and teams', repositories: 'Repositories', noRepositories: 'No repositories yet.', sharedWithYou: 'Shared with you',
  members: 'Members', signUpTitle: 'Create your account', username: 'Username',
  usernameRule: '2 to 39 characters: lower-case letters, digits, _ and -, starting with a letter or digit.', password: 'Password',
  passwordRule: (n: number) => `At least ${n} characters, and not your username.`, haveAccount: 'Already have an account?', logInTitle: 'Log in to quai hub',
  noAccount: 'No account yet?', wrongCredentials: 'Incorrect username or password.',
  tooManyAttempts: (s: number) => `Too many failed attempts. Try again in ${s} seconds.`, accessTokens: 'Access tokens', changePassword: 'Change password',
  currentPassword: 'Current password', newPassword: 'New password', deleteAccount: 'Delete account',
  deleteAccountWarning: 'Deleting your account deletes all your repositories and tokens. This cannot be undone.',
  soleOwnerOf: (orgs: string) => `You are the only owner of ${orgs}: add another owner or delete the organisation first.`,
  confirmDeleteAccount: 'Delete your account and all your repositories?', confirmWithPassword: 'Your password, to confirm',
  passwordChanged: 'Your password was changed; your other sessions were logged out.', wrongPassword: 'Wrong password.',
  scopeRead: 'Read-only', scopeReadWrite: 'Read & Write', scopeReadWriteDelete: 'Read, Write & Delete',
  tokensIntro: 'Use an access token instead of your password with docker login: each has a scope, and you can revoke it at any time.',
  copyTokenNow: (label: string) => `Your new token “${label}”`, tokenShownOnce: 'Copy it now: it will not be shown again.',
  newToken: 'New access token', description: 'Description', scope: 'Access permissions', generate: 'Generate', yourTokens: 'Your tokens',
  createdAgo: 'Created', lastUsed: 'last used', revoked: 'revoked', revoke: 'Revoke', confirmRevoke: (l: string) => `Revoke the token “${l}”?`,
  noTokens: 'No tokens yet.', noOrganisations: 'You belong to no organisation yet.', createOrganisation: 'Create an organisation',
  organisationName: 'Organisation name', create: 'Create', publicPage: 'Public page', remove: 'Remove',
  confirmRemoveMember: (m: string) => `Remove ${m}?`, teams: 'Teams', owners: 'Owners', removeFromTeam: 'Remove from team',
  addMemberTo: (team: string) => `Add a member to ${team}`, add: 'Add', deleteTeam: (team: string) => `Delete team ${team}`,
  confirmDeleteTeam: (team: string) => `Delete the team ${team}?`, newTeam: 'New team', teamName: 'Team name',
  deleteOrganisation: 'Delete organisation', deleteOrganisationWarning: 'This deletes the organisation, its teams and all its repositories.',
  typeNameToConfirm: (name: string) => `Type ${name} to confirm`, nameMismatch: 'The name typed does not match.', notFound: 'Not found',
  general: 'General', readmeHint: 'Markdown. Scripts, event handlers and javascript: links are removed when shown.', visibility: 'Visibility',
  privateExplained: 'Private: only you, your organisation and collaborators can see and pull it', collaborators: 'Collaborators',
  collaboratorsHint: 'Collaborators may push and pull this repository.', noCollaborators: 'No collaborators.', webhooks: 'Webhooks',
  webhooksHint: 'After each push, quai hub POSTs a JSON payload signed with HMAC-SHA256 (X-Quai-Signature) to these URLs.',
  test: 'Test', delete: 'Delete', confirmDeleteWebhook: 'Delete this webhook?', deliveries: 'Recent deliveries', noDeliveries: 'No deliveries yet.',
  webhookUrl: 'Webhook URL', deleteRepository: 'Delete repository', deleteRepositoryWarning: 'This deletes the repository and all its tags.',
  save: 'Save', tooLong: 'Too long.', noSuchUser: (u: string) => `No such user: ${u}`, badWebhookUrl: 'This URL cannot receive webhooks:',
  testDelivered: (s: number) => `Test delivered: HTTP ${s}.`, testFailed: (why: string) => `Test failed: ${why}`,
  csrfFailed: 'This form is out of date or did not come from this site (missing or wrong CSRF token). Reload the page and try again.',
  forbidden: 'Forbidden', error: 'Error', internalError: 'Something went wrong on our side.', backHome: 'Back to the explore page',
};

export type Messages = typeof en;

const fr: Messages = {
  skipToContent: 'Aller au contenu', search: 'Rechercher', searchPlaceholder: 'Rechercher des images', searchRepositories: 'Rechercher des dépôts',
  account: 'Compte', explore: 'Explorer', organisations: 'Organisations', settings: 'Paramètres', logOut: 'Se déconnecter', logIn: 'Se connecter', signUp: 'Créer un compte',
  language: 'Langue', exploreTitle: 'Trouver et partager des images de conteneurs',
  exploreIntro: 'Les images officielles construites depuis Debian, et celles que chacun publie ici. Récupérez-les avec docker pull, partagez les vôtres avec docker push.',
  officialImages: 'Images officielles', mostPulled: 'Les plus téléchargées', recentlyUpdated: 'Mises à jour récemment', nothingYet: 'Rien pour l’instant.',
  noDescription: 'Pas de description', updated: 'Mise à jour', pulls: (n) => `${n} téléchargements`, stars: (n) => `${n} étoiles`,
  resultsFor: (q) => `Résultats pour « ${q} »`, resultCount: (n) => `${n} ${plural(n, 'dépôt', 'dépôts')}`,
  noResults: 'Aucun dépôt ne correspond.', pages: 'Pages', previous: 'Précédente', next: 'Suivante', pageOf: (p, n) => `Page ${p} sur ${n}`,
  never: 'jamais', copy: 'Copier', copyPullCommand: 'Copier la commande pull', copyLoginCommand: 'Copier la commande login',
  officialImage: 'Image officielle', private: 'Privé', public: 'Public', noSuchRepository: 'Ce dépôt n’existe pas.', ownerOnly: 'Seuls les propriétaires peuvent faire cela.',
  lastPushed: 'Dernier push', star: 'Ajouter une étoile', unstar: 'Retirer l’étoile', repository: 'Dépôt', overview: 'Présentation', tags: 'Tags', readme: 'README', edit: 'Modifier',
  noReadme: 'Ce dépôt n’a pas encore de README.', recentTags: 'Tags récents', seeAllTags: (n) => `Voir les ${n} tags`,
  noTags: 'Aucun tag pour l’instant.', tagCount: (n) => `${n} ${plural(n, 'tag', 'tags')}`, digest: 'Empreinte', osArch: 'OS/arch', compressedSize: 'Taille compressée',
  deleteTag: (tag) => `Supprimer le tag ${tag}`, confirmDeleteTag: (tag) => `Supprimer le tag ${tag} ?`, noSuchTag: 'Ce tag n’existe pas.',
  added: 'ajouté', changed: 'modifié', deleted: 'supprimé', opaque: 'remplacé (répertoire opaque)',
  changeCounts: (a, c, d) => `${a} ${plural(a, 'ajouté', 'ajoutés')}, ${c} ${plural(c, 'modifié', 'modifiés')}, ${d} ${plural(d, 'supprimé', 'supprimés')}`,
  notShared: 'Utilisée par aucun autre dépôt.', sharedWith: (n) => `Partagée avec ${n} ${plural(n, 'autre dépôt', 'autres dépôts')} :`,
  sharingSaves: (s) => `Stockée une seule fois, ce partage économise ${s} de disque.`, unknownCommand: '(commande inconnue)', size: 'Taille', files: 'Fichiers',
  allFiles: (n) => `les ${n} entrées sur une page`, platforms: 'Plateformes', created: 'Créée', layer: 'Couche',
  layerCount: (n) => `${n} ${plural(n, 'couche', 'couches')}`,
  layersIntro: 'Chaque couche est une étape de la construction de l’image. Ses fichiers sont stockés une fois et partagés par toutes les images et tous les dépôts qui l’utilisent.',
  noSuchLayer: 'Cette couche n’existe pas.', noSuchAccount: 'Cet utilisateur ou cette organisation n’existe pas.', organisation: 'Organisation', joined: 'Inscrit',
  manageOrganisation: 'Membres et équipes', repositories: 'Dépôts', noRepositories: 'Aucun dépôt pour l’instant.', sharedWithYou: 'Partagés avec vous',
  members: 'Membres', signUpTitle: 'Créer votre compte', username: 'Nom d’utilisateur',
  usernameRule: 'De 2 à 39 caractères : minuscules, chiffres, _ et -, en commençant par une lettre ou un chiffre.', password: 'Mot de passe',
  passwordRule: (n) => `Au moins ${n} caractères, et pas votre nom d’utilisateur.`, haveAccount: 'Déjà un compte ?', logInTitle: 'Se connecter à quai hub',
  noAccount: 'Pas encore de compte ?', wrongCredentials: 'Nom d’utilisateur ou mot de passe incorrect.',
  tooManyAttempts: (s) => `Trop d’essais manqués. Réessayez dans ${s} secondes.`, accessTokens: 'Jetons d’accès', changePassword: 'Changer le mot de passe',
  currentPassword: 'Mot de passe actuel', newPassword: 'Nouveau mot de passe', deleteAccount: 'Supprimer le compte',
  deleteAccountWarning: 'Supprimer votre compte supprime tous vos dépôts et jetons. C’est définitif.',
  soleOwnerOf: (orgs) => `Vous êtes le seul propriétaire de ${orgs} : ajoutez un autre propriétaire ou supprimez d’abord l’organisation.`,
  confirmDeleteAccount: 'Supprimer votre compte et tous vos dépôts ?', confirmWithPassword: 'Votre mot de passe, pour confirmer',
  passwordChanged: 'Votre mot de passe a été changé ; vos autres sessions ont été fermées.', wrongPassword: 'Mot de passe incorrect.',
  scopeRead: 'Lecture seule', scopeReadWrite: 'Lecture et écriture', scopeReadWriteDelete: 'Lecture, écriture et suppression',
  tokensIntro: 'Utilisez un jeton d’accès à la place de votre mot de passe avec docker login : chacun a sa portée, et vous pouvez le révoquer à tout moment.',
  copyTokenNow: (label) => `Votre nouveau jeton « ${label} »`, tokenShownOnce: 'Copiez-le maintenant : il ne sera plus affiché.',
  newToken: 'Nouveau jeton d’accès', description: 'Description', scope: 'Permissions', generate: 'Générer', yourTokens: 'Vos jetons',
  createdAgo: 'Créé', lastUsed: 'dernière utilisation', revoked: 'révoqué', revoke: 'Révoquer', confirmRevoke: (l) => `Révoquer le jeton « ${l} » ?`,
  noTokens: 'Aucun jeton pour l’instant.', noOrganisations: 'Vous n’appartenez encore à aucune organisation.', createOrganisation: 'Créer une organisation',
  organisationName: 'Nom de l’organisation', create: 'Créer', publicPage: 'Page publique', remove: 'Retirer',
  confirmRemoveMember: (m) => `Retirer ${m} ?`, teams: 'Équipes', owners: 'Propriétaires', removeFromTeam: 'Retirer de l’équipe',
  addMemberTo: (team) => `Ajouter un membre à ${team}`, add: 'Ajouter', deleteTeam: (team) => `Supprimer l’équipe ${team}`,
  confirmDeleteTeam: (team) => `Supprimer l’équipe ${team} ?`, newTeam: 'Nouvelle équipe', teamName: 'Nom de l’équipe',
  deleteOrganisation: 'Supprimer l’organisation', deleteOrganisationWarning: 'Cela supprime l’organisation, ses équipes et tous ses dépôts.',
  typeNameToConfirm: (name) => `Tapez ${name} pour confirmer`, nameMismatch: 'Le nom tapé ne correspond pas.', notFound: 'Introuvable',
  general: 'Général', readmeHint: 'Markdown. Les scripts, gestionnaires d’événements et liens javascript: sont retirés à l’affichage.', visibility: 'Visibilité',
  privateExplained: 'Privé : seuls vous, votre organisation et les collaborateurs peuvent le voir et le récupérer', collaborators: 'Collaborateurs',
  collaboratorsHint: 'Les collaborateurs peuvent pousser et récupérer ce dépôt.', noCollaborators: 'Aucun collaborateur.', webhooks: 'Webhooks',
  webhooksHint: 'Après chaque push, quai hub envoie (POST) un contenu JSON signé HMAC-SHA256 (X-Quai-Signature) à ces URL.',
  test: 'Tester', delete: 'Supprimer', confirmDeleteWebhook: 'Supprimer ce webhook ?', deliveries: 'Envois récents', noDeliveries: 'Aucun envoi pour l’instant.',
  webhookUrl: 'URL du webhook', deleteRepository: 'Supprimer le dépôt', deleteRepositoryWarning: 'Cela supprime le dépôt et tous ses tags.',
  save: 'Enregistrer', tooLong: 'Trop long.', noSuchUser: (u) => `Utilisateur inconnu : ${u}`, badWebhookUrl: 'Cette URL ne peut pas recevoir de webhooks :',
  testDelivered: (s) => `Test envoyé : HTTP ${s}.`, testFailed: (why) => `Échec du test : ${why}`,
  csrfFailed: 'Ce formulaire est périmé ou ne vient pas de ce site (jeton CSRF absent ou faux). Rechargez la page et réessayez.',
  forbidden: 'Interdit', error: 'Erreur', internalError: 'Un problème est survenu de notre côté.', backHome: 'Retour à la page Explorer',
};

export function isLang(value: string): value is Lang {
  return value === 'en' || value === 'fr';
}

export function messages(lang: Lang): Messages {
  return lang === 'fr' ? fr : en;
}

/** The cookie's choice, else the first of Accept-Language we speak, else English. */
export function pickLang(cookie: string | undefined, acceptLanguage: string | undefined): Lang {
  if (cookie && isLang(cookie)) return cookie;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0]!.trim().toLowerCase().slice(0, 2);
    if (isLang(tag)) return tag;
  }
  return 'en';
}
