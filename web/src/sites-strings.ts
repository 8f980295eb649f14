// The texts of the map of mining sites and incident reports (sites.ts) and of the verifiers'
// review (verify-reports.ts), in English and French, added to the page's dictionary (i18n.ts
// addStrings) when either part loads; and the helpers both parts show them with. The API's
// words (categories, statuses, site types, armed presence) are the page's `term.`, `site.` and
// `armed.` keys (i18n.ts).
import { addStrings, isKey, type Key, type Lang, lang, plain, t, tr, type Vars } from './i18n';
import { el } from './dom';

const NB = '\u00a0'; // the no-break space French puts before : ; ? !

export const sitesStrings = {
  // --- the map (sites.ts) ---
  'sites.title': { en: 'Map of mining sites and incident reports', fr: 'Carte des sites miniers et des signalements' },
  'sites.viewPublic': {
    en:
      'Reviewed reports only, as anyone may see them: their places and the sites’ are moved by up ' +
      'to 5 km to protect witnesses, and reporters are never shown.',
    fr:
      'Les signalements examinés seulement, tels que chacun peut les voir' + NB + ': leurs lieux et ' +
      'ceux des sites sont déplacés de 5 km au plus pour protéger les témoins, et les auteurs ne ' +
      'sont jamais montrés.',
  },
  'sites.viewMonitor': {
    en:
      'Signed in as a monitor: your organisation’s reports are shown in full (exact place, files, ' +
      'log receipt), other organisations’ as the public sees them; sites are at their exact places.',
    fr:
      'Connecté en tant que moniteur' + NB + ': les signalements de votre organisation sont montrés ' +
      'en entier (lieu exact, fichiers, reçu du journal), ceux des autres organisations tels que ' +
      'le public les voit' + NB + '; les sites sont à leur place exacte.',
  },
  'sites.viewReviewer': {
    en: 'Signed in as a verifier: every report at its exact place, those awaiting review too.',
    fr:
      'Connecté en tant que vérificateur' + NB + ': tous les signalements à leur lieu exact, y ' +
      'compris ceux qui attendent un examen.',
  },
  'sites.filters': { en: 'Filters', fr: 'Filtres' },
  'sites.any': { en: '(all)', fr: '(sans filtre)' },
  'sites.country': { en: 'Country', fr: 'Pays' },
  'sites.organisation': { en: 'Organisation', fr: 'Organisation de la société civile' },
  'sites.category': { en: 'Category', fr: 'Catégorie' },
  'sites.status': { en: 'Status', fr: 'Statut' },
  'sites.from': { en: 'Happened from', fr: 'Survenu à partir du' },
  'sites.to': { en: 'to', fr: 'jusqu’au' },
  'sites.badRange': { en: 'This date is before the first one.', fr: 'Cette date précède la première.' },
  'sites.site': { en: 'Mining site', fr: 'Site minier' },
  'sites.siteHidden': {
    en:
      'Public reports do not name their site (a site’s position would give the place away): only ' +
      'the site is shown.',
    fr:
      'Les signalements publics ne nomment pas leur site (sa position révélerait le lieu)' + NB +
      ': seul le site est montré.',
  },
  'sites.showReports': { en: 'Show the incident reports', fr: 'Montrer les signalements' },
  'sites.showSites': { en: 'Show the mining sites', fr: 'Montrer les sites miniers' },
  'sites.clear': { en: 'Clear the filters', fr: 'Effacer les filtres' },
  'sites.count': {
    en: 'Shown: {reports} incident reports and {sites} mining sites.',
    fr: 'Affichés' + NB + ': {reports} signalements et {sites} sites miniers.',
  },
  'sites.countUnplaced': {
    en: 'Shown: {reports} incident reports ({unplaced} without a place, in the table only) and {sites} mining sites.',
    fr:
      'Affichés' + NB + ': {reports} signalements ({unplaced} sans lieu, dans le tableau seulement) ' +
      'et {sites} sites miniers.',
  },
  'sites.caption': {
    en: 'Map: {reports} incident reports and {sites} mining sites',
    fr: 'Carte' + NB + ': {reports} signalements et {sites} sites miniers',
  },
  'sites.help': {
    en:
      'Choose a point to see what is known about it. The tables below list the same reports and ' +
      'sites, each with a button that shows it.',
    fr:
      'Choisissez un point pour voir ce que l’on en sait. Les tableaux ci-dessous donnent les ' +
      'mêmes signalements et sites, chacun avec un bouton qui l’affiche.',
  },
  'sites.legendSite': { en: 'mining site', fr: 'site minier' },
  'sites.legendReport': { en: 'reviewed incident report', fr: 'signalement examiné' },
  'sites.legendUnreviewed': { en: 'report awaiting review', fr: 'signalement en attente d’examen' },
  'sites.legendCount': {
    en: 'a number: the reports at that place',
    fr: 'un nombre' + NB + ': les signalements en ce lieu',
  },
  'sites.siteTitle': { en: 'Mining site {code}: {name}', fr: 'Site minier {code}' + NB + ': {name}' },
  'sites.reportsTitle': {
    en: '{count} incident report(s): {ids}',
    fr: '{count} signalement(s)' + NB + ': {ids}',
  },
  'sites.reportsTable': { en: 'Incident reports ({count})', fr: 'Signalements ({count})' },
  'sites.sitesTable': { en: 'Mining sites ({count})', fr: 'Sites miniers ({count})' },
  'sites.reportsHidden': { en: 'Reports are not shown (see the filters).', fr: 'Les signalements ne sont pas montrés (voir les filtres).' },
  'sites.sitesHidden': { en: 'Sites are not shown (see the filters).', fr: 'Les sites ne sont pas montrés (voir les filtres).' },
  'sites.noReports': { en: 'No report matches these filters.', fr: 'Aucun signalement ne correspond à ces filtres.' },
  'sites.noSites': { en: 'No site matches these filters.', fr: 'Aucun site ne correspond à ces filtres.' },
  'sites.limited': {
    en: 'The first {shown} of {count}: narrow the filters to see the others.',
    fr: 'Les {shown} premiers sur {count}' + NB + ': affinez les filtres pour voir les autres.',
  },
  'sites.colReport': { en: 'Report', fr: 'Signalement' },
  'sites.colHappened': { en: 'Happened on', fr: 'Survenu le' },
  'sites.colArea': { en: 'Area', fr: 'Zone' },
  'sites.colPlace': { en: 'Place', fr: 'Lieu' },
  'sites.colSite': { en: 'Site', fr: 'Code du site' },
  'sites.colName': { en: 'Name', fr: 'Nom' },
  'sites.colType': { en: 'Kind of mining', fr: 'Type d’exploitation' },
  'sites.colArmed': { en: 'Armed presence', fr: 'Présence armée' },
  'sites.colWorkers': { en: 'Workers', fr: 'Travailleurs' },
  'sites.reportButton': { en: 'Report {id}', fr: 'Signalement {id}' },
  'sites.noPlaceShort': { en: 'no place', fr: 'sans lieu' },
  'sites.detailTitle': { en: 'Details', fr: 'Détails' },
  'sites.detailNone': {
    en: 'Choose a point on the map, or a report or site in the tables.',
    fr: 'Choisissez un point sur la carte, ou un signalement ou un site dans les tableaux.',
  },
  'sites.alsoHere': { en: 'Also at this place', fr: 'Au même endroit' },
  'sites.received': { en: 'Received', fr: 'Reçu le' },
  'sites.notPublic': { en: '(not public)', fr: '(non public)' },
  'sites.exact': { en: '(exact)', fr: '(précis)' },
  'sites.displaced': { en: '(moved by up to 5 km)', fr: '(déplacé de 5 km au plus)' },
  'sites.noPlace': { en: 'not given', fr: 'non indiqué' },
  'sites.people': { en: 'People affected', fr: 'Personnes touchées' },
  'sites.whatHappened': { en: 'What happened', fr: 'Ce qui s’est passé' },
  'sites.withheld': { en: '(withheld)', fr: '(non divulgué)' },
  'sites.textNotPublic': { en: '(this text is never public)', fr: '(ce texte n’est jamais public)' },
  'sites.restricted': { en: 'Restricted', fr: 'Diffusion restreinte' },
  'sites.restrictedYes': {
    en: 'yes: the reporter asked that it never be public',
    fr: 'oui' + NB + ': la personne qui l’a signalé a demandé qu’il ne soit jamais public',
  },
  'sites.superseded': { en: 'Corrected by', fr: 'Corrigé par' },
  'sites.files': { en: 'Files', fr: 'Fichiers' },
  'sites.noFiles': { en: 'none', fr: 'aucun' },
  'sites.receipt': { en: 'Log receipt', fr: 'Reçu du journal' },
  'sites.downloadReceipt': { en: 'Download the log receipt', fr: 'Télécharger le reçu du journal' },
  'sites.history': { en: 'History', fr: 'Historique' },
  'sites.review': { en: 'Review report {id}', fr: 'Examiner le signalement {id}' },
  'sites.unreachable': {
    en: 'The server could not be reached: try again later.',
    fr: 'Le serveur est injoignable' + NB + ': réessayez plus tard.',
  },
  'sites.minerals': { en: 'Minerals', fr: 'Minerais' },
  'sites.operator': { en: 'Operator', fr: 'Exploitant' },
  'sites.childLabour': { en: 'Child labour', fr: 'Travail des enfants' },
  'sites.child.yes': { en: 'seen', fr: 'constaté' },
  'sites.child.no': { en: 'not seen', fr: 'non constaté' },
  'sites.child.unknown': { en: 'unknown', fr: 'inconnu' },
  'sites.role.digging': { en: 'digging', fr: 'creusent' },
  'sites.role.forced_labour': { en: 'forced labour', fr: 'travail forcé' },
  'sites.role.pillaging': { en: 'pillaging', fr: 'pillage' },
  'sites.role.taxation': { en: 'taxation', fr: 'prélèvement de taxes' },
  'sites.role.roadblocks': { en: 'roadblocks', fr: 'barrages routiers' },
  'sites.source': { en: 'Source', fr: 'Origine des données' },
  'sites.reportsHere': { en: 'Reports', fr: 'Signalements' },
  'sites.siteReports': { en: 'Show its {count} reports', fr: 'Montrer ses {count} signalements' },
  'sites.visits': { en: 'Visits', fr: 'Visites' },
  'sites.noVisits': { en: 'none recorded', fr: 'aucune enregistrée' },
  'sites.visitCount': { en: '{count}, the latest on {date}', fr: '{count}, la dernière le {date}' },

  // --- the verifiers' review (verify-reports.ts) ---
  'vetting.title': { en: 'Reports to review', fr: 'Signalements à examiner' },
  'vetting.intro': {
    en:
      'As a verifier you read every report as it was received. Each status you add is kept with ' +
      'your name and reason, and logged; the public sees a report once it is verified, referred, ' +
      'answered or resolved, with its place moved and without its reporter.',
    fr:
      'En tant que vérificateur, vous lisez chaque signalement tel qu’il a été reçu. Chaque statut ' +
      'que vous ajoutez est gardé avec votre nom et sa raison, et journalisé' + NB + '; le public ' +
      'voit un signalement une fois vérifié, transmis, répondu ou résolu, avec son lieu déplacé ' +
      'et sans la personne qui l’a signalé.',
  },
  'vetting.show': { en: 'Show', fr: 'Afficher' },
  'vetting.awaiting': { en: 'awaiting review', fr: 'en attente d’examen' },
  'vetting.disputed': { en: 'disputed', fr: 'contestés' },
  'vetting.public': { en: 'public (reviewed)', fr: 'publics (examinés)' },
  'vetting.all': { en: 'all reports', fr: 'tous les signalements' },
  'vetting.count': { en: '{count} reports', fr: '{count} signalements' },
  'vetting.none': { en: 'No report', fr: 'Aucun signalement' },
  'vetting.open': { en: 'Open report {id}', fr: 'Ouvrir le signalement {id}' },
  'vetting.superseded': { en: '(corrected by {by})', fr: '(corrigé par {by})' },
  'vetting.reportTitle': { en: 'Report {id}', fr: 'Signalement {id}' },
  'vetting.isPublic': { en: '(the public sees it, displaced)', fr: '(le public le voit, déplacé)' },
  'vetting.notPublic': { en: '(the public does not see it)', fr: '(le public ne le voit pas)' },
  'vetting.device': { en: 'Sent by', fr: 'Envoyé par' },
  'vetting.throughApi': {
    en: 'a member of the organisation, through the API or this page',
    fr: 'un membre de l’organisation, par l’API ou cette page',
  },
  'vetting.encrypted': { en: 'Encrypted', fr: 'Chiffré' },
  'vetting.encryptedYes': {
    en: 'yes: only the organisation can read it, with its private key',
    fr: 'oui' + NB + ': seule l’organisation peut le lire, avec sa clé privée',
  },
  'vetting.instance': { en: 'Instance id', fr: 'Identifiant d’instance' },
  'vetting.corrects': { en: 'Corrects', fr: 'Corrige' },
  'vetting.sha256': { en: 'SHA-256 as received', fr: 'SHA-256 à la réception' },
  'vetting.photoAlt': { en: 'Photo {name} of report {id}', fr: 'Photo {name} du signalement {id}' },
  'vetting.downloadFile': { en: 'Download {name}', fr: 'Télécharger {name}' },
  'vetting.receiptTitle': { en: 'Receipts from the public log', fr: 'Reçus du journal public' },
  'vetting.receiptEntries': {
    en: '{count} entries of the log prove what was received:',
    fr: '{count} entrées du journal prouvent ce qui a été reçu' + NB + ':',
  },
  'vetting.receiptDownload': { en: 'Download the receipts (JSON)', fr: 'Télécharger les reçus (JSON)' },
  'vetting.again': { en: 'Try again', fr: 'Réessayer' },
  'vetting.reporter': { en: 'Who reported it', fr: 'Qui l’a signalé' },
  'vetting.revealHint': {
    en:
      'Only verifiers and admins may read the reporter’s name and contact, and each reading is ' +
      'logged with your name. Open it only if the review needs it.',
    fr:
      'Seuls les vérificateurs et les administrateurs peuvent lire le nom et le contact de la ' +
      'personne, et chaque lecture est journalisée à votre nom. Ne l’ouvrez que si l’examen ' +
      'l’exige.',
  },
  'vetting.reveal': { en: 'Show the reporter’s identity', fr: 'Afficher l’identité de la personne' },
  'vetting.anonymous': {
    en: 'The reporter gave no name or contact.',
    fr: 'La personne n’a donné ni nom ni contact.',
  },
  'vetting.name': { en: 'Name', fr: 'Nom' },
  'vetting.contact': { en: 'Contact', fr: 'Coordonnées' },
  'vetting.addStatus': { en: 'Add a status', fr: 'Ajouter un statut' },
  'vetting.newStatus': { en: 'New status', fr: 'Nouveau statut' },
  'vetting.statusHint': {
    en:
      'Verified, referred (to an authority or a company), answered and resolved make the report ' +
      'public, displaced and without its reporter; disputed keeps it from the public.',
    fr:
      'Vérifié, transmis (à une autorité ou une entreprise), réponse reçue et résolu rendent le ' +
      'signalement public, déplacé et sans la personne qui l’a signalé' + NB + '; contesté le ' +
      'garde hors de la vue du public.',
  },
  'vetting.reason': { en: 'Why', fr: 'Pourquoi' },
  'vetting.reasonHint': {
    en: 'Kept with the status for the organisation and the reviewers, never shown to the public.',
    fr: 'Gardé avec le statut pour l’organisation et les vérificateurs, jamais montré au public.',
  },
  'vetting.submit': { en: 'Add the status', fr: 'Ajouter le statut' },
  'vetting.addedPublic': {
    en: 'Report {id} updated: the public now sees it, displaced and without its reporter',
    fr: 'Signalement {id} mis à jour' + NB + ': le public le voit, déplacé et sans la personne qui l’a signalé',
  },
  'vetting.addedHidden': {
    en: 'Report {id} updated: the public does not see it',
    fr: 'Signalement {id} mis à jour' + NB + ': le public ne le voit pas',
  },
} as const satisfies Record<string, Record<Lang, string>>;

export type SitesKey = keyof typeof sitesStrings;

// No translation is empty (as i18n.ts checks its own).
type S<K extends SitesKey, L extends Lang> = (typeof sitesStrings)[K][L];
type Empty = {
  [K in SitesKey]: S<K, 'en'> extends '' ? K : S<K, 'fr'> extends '' ? K : never;
}[SitesKey];
export const noEmptySitesTranslation: [Empty] extends [never] ? true : never = true;

addStrings(sitesStrings);

// --- showing them ---
export const str = <E extends HTMLElement>(e: E, key: SitesKey, vars?: Vars): E =>
  tr(e, key as unknown as Key, vars);
export const stx = (key: SitesKey, vars?: Vars) => str(el('span'), key, vars);
export const st = (key: SitesKey, vars?: Vars) => t(key as unknown as Key, vars);

// An enumerated value of the API (a category, a status, a site's type...): its translation
// (key `prefix`<value>) when the dictionary has one, else the API's word with spaces.
export function term<E extends HTMLElement>(e: E, value: string, prefix = 'term.'): E {
  const key = `${prefix}${value}`;
  if (isKey(key)) return tr(e, key);
  plain(e, value.replace(/[-_]/g, ' '));
  return e;
}
export const termText = (value: string, prefix = 'term.') => term(el('span'), value, prefix);

// A country's name in both languages (the browser's own names, Intl.DisplayNames), kept in the
// page's language by applyStrings (data-text-en, data-text-fr).
const regionNames = new Map<Lang, Intl.DisplayNames | undefined>();
export function countryName(l: Lang, code: string): string {
  if (!regionNames.has(l)) {
    try {
      regionNames.set(l, new Intl.DisplayNames([l], { type: 'region' }));
    } catch {
      regionNames.set(l, undefined);
    }
  }
  try {
    return regionNames.get(l)?.of(code) ?? code;
  } catch {
    return code; // not a region code
  }
}
export function country<E extends Element>(e: E, code: string): E {
  const en = countryName('en', code);
  const fr = countryName('fr', code);
  e.setAttribute('data-text-en', en);
  e.setAttribute('data-text-fr', fr);
  e.textContent = lang() === 'fr' ? fr : en;
  return e;
}
