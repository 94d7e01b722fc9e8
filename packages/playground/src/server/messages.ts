/**
 * What the playground says to people, in English and French. A message is
 * a key plus its values; the language comes from the request (`?lang=`, then
 * Accept-Language, then English).
 */
export type Lang = 'en' | 'fr';

type Params = Record<string, string | number>;
type Catalogue = Record<string, (p: Params) => string>;

const en: Catalogue = {
  full: (p) => `The playground is full (${p.max} sessions at once). Try again in ${p.retry} seconds.`,
  lowMemory: (p) => `The playground's machine is short of memory right now (${p.free} available, ${p.needed} needed for more). Try again in ${p.retry} seconds.`,
  tooManyInstances: (p) => `This session already has ${p.max} instances, the most it may have. Delete one to add another.`,
  noSession: () => 'No such session: it was closed or it expired. Start a new one.',
  noInstance: (p) => `No instance named ${p.name} in this session.`,
  unauthorized: () => 'This link has no valid token for the session.',
  readOnly: () => 'This link is read-only: it may watch the session but not change it.',
  badRequest: (p) => `Invalid request: ${p.detail}`,
  notFound: () => 'Not found.',
  engine: (p) => `The engine refused: ${p.detail}`,
  engineDown: (p) => `The engine is not reachable (${p.detail}). Try again in a moment.`,
  quota: (p) => `Quota reached for this instance: ${p.detail}`,
  noSuchPath: (p) => `No such file or folder in the instance: ${p.path}`,
  tooLarge: (p) => `The file is too large (at most ${p.max} MiB per upload).`,
  stackOrigin: (p) => `Stacks are fetched only from this playground or from the hub (${p.allowed}); ${p.url} is neither.`,
  stackFetch: (p) => `Could not fetch the stack ${p.url}: ${p.detail}`,
  noPort: (p) => `Instance ${p.instance} publishes nothing on port ${p.port}. Publish it with docker run -p ${p.port}:...`,
  proxyFailed: (p) => `Port ${p.port} of instance ${p.instance} did not answer: ${p.detail}`,
  noHub: () => 'This playground has no hub account to save to (start it with --hub, --hub-user and --hub-password-file).',
  nothingToSave: () => 'This session has no instance to save.',
  restoreOrigin: (p) => `Saved sessions are restored only from this playground's hub (${p.hub}); ${p.ref} is elsewhere.`,
  noSave: (p) => `No saved session at ${p.ref}: ${p.detail}`,
  internal: (p) => `Something went wrong in the playground: ${p.detail}`,
};

const fr: Catalogue = {
  full: (p) => `Le playground est plein (${p.max} sessions à la fois). Réessayez dans ${p.retry} secondes.`,
  lowMemory: (p) => `La machine du playground manque de mémoire en ce moment (${p.free} disponibles, il en faut ${p.needed} de plus). Réessayez dans ${p.retry} secondes.`,
  tooManyInstances: (p) => `Cette session a déjà ${p.max} instances, le maximum. Supprimez-en une pour en ajouter une autre.`,
  noSession: () => 'Session inconnue : elle a été fermée ou elle a expiré. Démarrez-en une nouvelle.',
  noInstance: (p) => `Aucune instance nommée ${p.name} dans cette session.`,
  unauthorized: () => 'Ce lien n\'a pas de jeton valide pour la session.',
  readOnly: () => 'Ce lien est en lecture seule : il permet de regarder la session, pas de la modifier.',
  badRequest: (p) => `Requête invalide : ${p.detail}`,
  notFound: () => 'Introuvable.',
  engine: (p) => `Le moteur a refusé : ${p.detail}`,
  engineDown: (p) => `Le moteur est injoignable (${p.detail}). Réessayez dans un instant.`,
  quota: (p) => `Quota atteint pour cette instance : ${p.detail}`,
  noSuchPath: (p) => `Aucun fichier ni dossier de ce nom dans l'instance : ${p.path}`,
  tooLarge: (p) => `Le fichier est trop gros (au plus ${p.max} Mio par envoi).`,
  stackOrigin: (p) => `Les stacks ne viennent que de ce playground ou du hub (${p.allowed}) ; ${p.url} n'est ni l'un ni l'autre.`,
  stackFetch: (p) => `Impossible de récupérer la stack ${p.url} : ${p.detail}`,
  noPort: (p) => `L'instance ${p.instance} ne publie rien sur le port ${p.port}. Publiez-le avec docker run -p ${p.port}:...`,
  proxyFailed: (p) => `Le port ${p.port} de l'instance ${p.instance} n'a pas répondu : ${p.detail}`,
  noHub: () => 'Ce playground n\'a pas de compte sur un hub où enregistrer (lancez-le avec --hub, --hub-user et --hub-password-file).',
  nothingToSave: () => 'Cette session n\'a aucune instance à enregistrer.',
  restoreOrigin: (p) => `Les sessions enregistrées ne se restaurent que depuis le hub de ce playground (${p.hub}) ; ${p.ref} est ailleurs.`,
  noSave: (p) => `Aucune session enregistrée à ${p.ref} : ${p.detail}`,
  internal: (p) => `Une erreur est survenue dans le playground : ${p.detail}`,
};

export type MessageKey = keyof typeof en;
const CATALOGUES: Record<Lang, Catalogue> = { en, fr };

export function message(lang: Lang, key: MessageKey, params: Params = {}): string {
  return CATALOGUES[lang][key]!(params);
}

/** `?lang=` wins, then the first of Accept-Language's languages we speak, then English. */
export function chooseLang(query: string | null | undefined, acceptLanguage: string | undefined): Lang {
  if (query === 'fr' || query === 'en') return query;
  const ranked = (acceptLanguage ?? '').split(',').map((part, i) => {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())?.[1]).find(Boolean);
    return { base: tag.split('-')[0]!, q: q === undefined ? 1 : Number(q), i };
  }).filter((l) => l.q > 0).sort((a, b) => b.q - a.q || a.i - b.i);
  const first = ranked.find((l) => l.base === 'fr' || l.base === 'en');
  return (first?.base as Lang | undefined) ?? 'en';
}

/** An answer the playground gives on purpose: status, message key and values. */
export class PlayError extends Error {
  constructor(readonly status: number, readonly key: MessageKey, readonly params: Params = {}, readonly retryAfter?: number) {
    super(message('en', key, params));
    this.name = 'PlayError';
  }
}
