// The texts of the monitors' incident report form and its queue (report.ts), in English and
// French. Loaded with the form (its own script, for monitors only) and added then to the page's
// dictionary (i18n.ts addStrings); the categories and countries are the XForm's
// (src/monitor/forms/incident.xml), so that a report reads the same from ODK Collect and here.
import type { Lang } from './i18n';

export const reportStrings = {
  'filing.title': { en: 'File an incident report', fr: 'Envoyer un signalement d’incident' },
  'filing.intro': {
    en:
      'For community monitors. The report is kept on this phone first, so this works without a ' +
      'network: it is sent as soon as there is a connection, and the list below shows whether it ' +
      'arrived.',
    fr:
      'Pour les moniteurs communautaires. Le signalement est d’abord gardé sur ce téléphone, donc ' +
      'cela fonctionne sans réseau : il est envoyé dès qu’il y a une connexion, et la liste ' +
      'ci-dessous montre s’il est arrivé.',
  },
  'filing.as': { en: 'Sent with the sign-in of {name}.', fr: 'Envoyé avec la connexion de {name}.' },
  'filing.category': { en: 'What kind of incident was it?', fr: 'De quel type d’incident s’agit-il ?' },
  'filing.choose': { en: 'choose…', fr: 'choisir…' },
  'filing.cat.armed_group_violence': { en: 'Violence by an armed group', fr: 'Violence d’un groupe armé' },
  'filing.cat.security_force_violence': {
    en: 'Violence by public or private security forces',
    fr: 'Violence des forces de sécurité publiques ou privées',
  },
  'filing.cat.human_rights_abuse': { en: 'Other human-rights abuse', fr: 'Autre atteinte aux droits humains' },
  'filing.cat.forced_labour': { en: 'Forced labour', fr: 'Travail forcé' },
  'filing.cat.child_labour': { en: 'Child labour', fr: 'Travail des enfants' },
  'filing.cat.displacement': { en: 'Displacement or eviction', fr: 'Déplacement ou expulsion' },
  'filing.cat.environmental_harm': { en: 'Environmental harm', fr: 'Atteinte à l’environnement' },
  'filing.cat.revenue_management': { en: 'Revenue management', fr: 'Gestion des revenus' },
  'filing.cat.illegal_mining_smuggling': {
    en: 'Illegal mining or smuggling',
    fr: 'Exploitation illégale ou contrebande',
  },
  'filing.cat.labour_rights': { en: 'Labour rights', fr: 'Droits des travailleurs' },
  'filing.cat.other': { en: 'Other', fr: 'Autre' },
  'filing.date': { en: 'When did it happen?', fr: 'Quand cela s’est-il passé ?' },
  'filing.participant': { en: 'In which country did it happen?', fr: 'Dans quel pays cela s’est-il passé ?' },
  'filing.country.AO': { en: 'Angola', fr: 'Angola' },
  'filing.country.BW': { en: 'Botswana', fr: 'Botswana' },
  'filing.country.CD': { en: 'Democratic Republic of the Congo', fr: 'République démocratique du Congo' },
  'filing.country.CF': { en: 'Central African Republic', fr: 'République centrafricaine' },
  'filing.country.CI': { en: 'Côte d’Ivoire', fr: 'Côte d’Ivoire' },
  'filing.country.CM': { en: 'Cameroon', fr: 'Cameroun' },
  'filing.country.GN': { en: 'Guinea', fr: 'Guinée' },
  'filing.country.LR': { en: 'Liberia', fr: 'Libéria' },
  'filing.country.LS': { en: 'Lesotho', fr: 'Lesotho' },
  'filing.country.NA': { en: 'Namibia', fr: 'Namibie' },
  'filing.country.SL': { en: 'Sierra Leone', fr: 'Sierra Leone' },
  'filing.country.TZ': { en: 'Tanzania', fr: 'Tanzanie' },
  'filing.country.ZA': { en: 'South Africa', fr: 'Afrique du Sud' },
  'filing.country.ZW': { en: 'Zimbabwe', fr: 'Zimbabwe' },
  'filing.area': { en: 'District or area (optional)', fr: 'District ou zone (facultatif)' },
  'filing.place': { en: 'Where did it happen?', fr: 'Où cela s’est-il passé ?' },
  'filing.byGps': { en: 'GPS position', fr: 'Position GPS' },
  'filing.bySite': { en: 'Mining site code', fr: 'Code du site minier' },
  'filing.locate': { en: 'Use my position', fr: 'Utiliser ma position' },
  'filing.locating': { en: 'Finding your position…', fr: 'Recherche de votre position…' },
  'filing.located': {
    en: 'Position found (within {metres} m). You can correct it below.',
    fr: 'Position trouvée (à {metres} m près). Vous pouvez la corriger ci-dessous.',
  },
  'filing.noGps': {
    en: 'The position could not be found ({why}): type the latitude and longitude instead.',
    fr: 'La position n’a pas pu être trouvée ({why}) : saisissez plutôt la latitude et la longitude.',
  },
  'filing.gpsDenied': { en: 'permission refused', fr: 'autorisation refusée' },
  'filing.gpsUnavailable': { en: 'no GPS signal', fr: 'pas de signal GPS' },
  'filing.gpsTimeout': { en: 'it took too long', fr: 'trop long' },
  'filing.gpsMissing': { en: 'this browser has no location service', fr: 'ce navigateur ne donne pas de position' },
  'filing.latitude': { en: 'Latitude', fr: 'Latitude' },
  'filing.longitude': { en: 'Longitude', fr: 'Longitude' },
  'filing.degreesHint': {
    en: 'Decimal degrees, e.g. 8.4657 and -13.2317 (south and west are negative).',
    fr: 'Degrés décimaux, p. ex. 8.4657 et -13.2317 (sud et ouest en négatif).',
  },
  'filing.site': { en: 'Mining site code', fr: 'Code du site minier' },
  'filing.siteHint': {
    en: 'As registered, e.g. SL-KON-001. An unknown code is kept as you write it.',
    fr: 'Tel qu’enregistré, p. ex. SL-KON-001. Un code inconnu est gardé tel que vous l’écrivez.',
  },
  'filing.description': { en: 'What happened?', fr: 'Que s’est-il passé ?' },
  'filing.people': { en: 'How many people were affected? (optional)', fr: 'Combien de personnes ont été touchées ? (facultatif)' },
  'filing.privacy': { en: 'Who may read it', fr: 'Qui peut le lire' },
  'filing.privacyHint': {
    en:
      'Once reviewed, a report is public without your name, with its place moved by up to 5 km. ' +
      'A restricted report is never public: only your organisation and the reviewers read it.',
    fr:
      'Une fois examiné, un signalement est public sans votre nom, son lieu déplacé de 5 km au ' +
      'plus. Un signalement confidentiel n’est jamais public : seuls votre organisation et les ' +
      'relecteurs le lisent.',
  },
  'filing.public': { en: 'May be public once reviewed', fr: 'Peut être public une fois examiné' },
  'filing.restricted': { en: 'Restricted: never public', fr: 'Confidentiel : jamais public' },
  'filing.descriptionRestricted': {
    en: 'Keep the description out of the public view (the rest may be public)',
    fr: 'Garder la description hors de la vue publique (le reste peut être public)',
  },
  'filing.reporter': { en: 'The person reporting (optional)', fr: 'La personne qui signale (facultatif)' },
  'filing.reporterHint': {
    en:
      'Leave these empty to stay anonymous. A name or contact given here is stored apart from ' +
      'the report: only the reviewers can see it, never the public, and not even your ' +
      'organisation.',
    fr:
      'Laissez vide pour rester anonyme. Un nom ou un contact donné ici est conservé à part du ' +
      'signalement : seuls les relecteurs peuvent le voir, jamais le public, ni même votre ' +
      'organisation.',
  },
  'filing.name': { en: 'Name', fr: 'Nom' },
  'filing.contact': { en: 'Phone or other contact', fr: 'Téléphone ou autre contact' },
  'filing.photo': { en: 'Photo (optional)', fr: 'Photo (facultative)' },
  'filing.photoHint': {
    en: 'Take one with the camera or choose one: it is sent as taken (at most 12 MB), as evidence.',
    fr:
      'Prenez-la avec l’appareil photo ou choisissez-en une : elle est envoyée telle quelle ' +
      '(12 Mo au plus), comme preuve.',
  },
  'filing.takePhoto': { en: 'Take a photo', fr: 'Prendre une photo' },
  'filing.choosePhoto': { en: 'Or choose a picture', fr: 'Ou choisir une image' },
  'filing.photoPreview': { en: 'The photo chosen', fr: 'La photo choisie' },
  'filing.removePhoto': { en: 'Remove the photo', fr: 'Retirer la photo' },
  'filing.submit': { en: 'Keep and send', fr: 'Garder et envoyer' },
  'filing.fix': {
    en: 'Some answers need a change (marked above).',
    fr: 'Certaines réponses sont à corriger (signalées ci-dessus).',
  },
  'filing.kept': {
    en: 'Kept on this phone. It is sent when there is a connection: see its state below.',
    fr: 'Gardé sur ce téléphone. Il est envoyé dès qu’il y a une connexion : voyez son état ci-dessous.',
  },
  'filing.notKept': {
    en: 'This browser could not keep the report ({why}): nothing was lost from the form, try again.',
    fr:
      'Ce navigateur n’a pas pu garder le signalement ({why}) : le formulaire est intact, ' +
      'réessayez.',
  },
  'filing.correcting': {
    en: 'The refused report is in the form: correct it and send it again (it replaces the refused one in the list).',
    fr:
      'Le signalement refusé est dans le formulaire : corrigez-le et renvoyez-le (il remplace ' +
      'le refusé dans la liste).',
  },
  // What is wrong with an answer
  'filing.required': { en: 'Required.', fr: 'Obligatoire.' },
  'filing.badDate': { en: 'A date, e.g. 2026-11-30.', fr: 'Une date, p. ex. 2026-11-30.' },
  'filing.future': { en: 'The date cannot be in the future.', fr: 'La date ne peut pas être dans le futur.' },
  'filing.tooLong': {
    en: 'Too long: at most {max} characters.',
    fr: 'Trop long : {max} caractères au plus.',
  },
  'filing.control': {
    en: 'Remove the invisible or control characters.',
    fr: 'Retirez les caractères invisibles ou de contrôle.',
  },
  'filing.badPeople': {
    en: 'A whole number, 0 or more.',
    fr: 'Un nombre entier, 0 ou plus.',
  },
  'filing.badLatitude': {
    en: 'A number of degrees from -90 to 90, e.g. 8.4657.',
    fr: 'Un nombre de degrés de -90 à 90, p. ex. 8.4657.',
  },
  'filing.badLongitude': {
    en: 'A number of degrees from -180 to 180, e.g. -13.2317.',
    fr: 'Un nombre de degrés de -180 à 180, p. ex. -13.2317.',
  },
  'filing.badSite': {
    en: 'Letters, digits, "-", "_" or "." (at most 64).',
    fr: 'Lettres, chiffres, « - », « _ » ou « . » (64 au plus).',
  },
  'filing.photoTooBig': {
    en: 'This photo is {size}: at most 12 MB can be sent. It is not reduced (it is evidence): take it again at a smaller size in the camera’s settings, or choose another.',
    fr:
      'Cette photo fait {size} : 12 Mo au plus peuvent être envoyés. Elle n’est pas réduite ' +
      '(c’est une preuve) : reprenez-la en plus petite taille dans les réglages de l’appareil, ' +
      'ou choisissez-en une autre.',
  },
  'filing.notImage': {
    en: 'This file is not a picture ({type}).',
    fr: 'Ce fichier n’est pas une image ({type}).',
  },
  'filing.emptyPhoto': { en: 'This file is empty.', fr: 'Ce fichier est vide.' },
  // The queue
  'queue.title': { en: 'Reports kept on this phone', fr: 'Signalements gardés sur ce téléphone' },
  'queue.none': { en: 'None yet.', fr: 'Aucun pour l’instant.' },
  'queue.filed': { en: 'Kept {when}', fr: 'Gardé le {when}' },
  'queue.waiting': { en: 'Waiting to be sent', fr: 'En attente d’envoi' },
  'queue.waitingOffline': {
    en: 'Waiting to be sent: no connection',
    fr: 'En attente d’envoi : pas de connexion',
  },
  'queue.waitingServer': {
    en: 'Waiting to be sent: the server could not be reached ({why}); tried again by itself',
    fr:
      'En attente d’envoi : le serveur n’a pas pu être joint ({why}) ; nouvel essai ' +
      'automatique',
  },
  'queue.signIn': {
    en: 'Waiting: sign in to send',
    fr: 'En attente : connectez-vous pour envoyer',
  },
  'queue.otherUser': {
    en: 'Waiting for {name} to sign in (it is sent with their sign-in only)',
    fr: 'En attente de la connexion de {name} (envoyé avec sa connexion seulement)',
  },
  'queue.sending': { en: 'Sending…', fr: 'Envoi…' },
  'queue.checking': {
    en: 'Checking whether an earlier try arrived…',
    fr: 'Vérification : un essai précédent est-il arrivé ?',
  },
  'queue.sent': { en: 'Sent: report {id}', fr: 'Envoyé : signalement {id}' },
  'queue.sentAt': { en: 'received {when}', fr: 'reçu le {when}' },
  'queue.refused': { en: 'Refused by the server', fr: 'Refusé par le serveur' },
  'queue.photoKept': {
    en: 'photo received byte for byte (SHA-256 {sha})',
    fr: 'photo reçue à l’octet près (SHA-256 {sha})',
  },
  'queue.photoDiffers': {
    en: 'the photo the server holds is not the one taken (SHA-256 {sha})',
    fr: 'la photo que le serveur détient n’est pas celle prise (SHA-256 {sha})',
  },
  'queue.withPhoto': { en: 'with a photo', fr: 'avec une photo' },
  'queue.sendNow': { en: 'Send now', fr: 'Envoyer maintenant' },
  'queue.correct': { en: 'Correct and send again', fr: 'Corriger et renvoyer' },
  'queue.discard': { en: 'Remove from this phone', fr: 'Retirer de ce téléphone' },
  'queue.discardConfirm': {
    en: 'Remove this refused report from this phone? It was never received.',
    fr: 'Retirer ce signalement refusé de ce téléphone ? Il n’a jamais été reçu.',
  },
  'queue.receipt': { en: 'Log receipt', fr: 'Reçu du journal' },
  'queue.report': { en: 'The report as received', fr: 'Le signalement tel que reçu' },
  'queue.signInLink': { en: 'Sign in', fr: 'Se connecter' },
  'queue.sessionEnded': {
    en: 'Sign in to send the waiting reports: they stay on this phone until then.',
    fr:
      'Connectez-vous pour envoyer les signalements en attente : ils restent sur ce téléphone ' +
      'jusque-là.',
  },
  'queue.offlineNote': {
    en: 'No connection: reports are kept here and sent when it returns.',
    fr: 'Pas de connexion : les signalements sont gardés ici et envoyés à son retour.',
  },
  'queue.storageAsk': {
    en: 'This browser may clear its storage when space runs short: send the reports when you can.',
    fr:
      'Ce navigateur peut vider son stockage s’il manque de place : envoyez les signalements ' +
      'dès que possible.',
  },
  'queue.noStorage': {
    en: 'This browser cannot keep reports (private browsing?): the form is not available.',
    fr:
      'Ce navigateur ne peut pas garder de signalements (navigation privée ?) : le formulaire ' +
      'n’est pas disponible.',
  },
} as const satisfies Record<string, Record<Lang, string>>;

export type ReportKey = keyof typeof reportStrings;

// No translation is empty (as i18n.ts checks its own).
type S<K extends ReportKey, L extends Lang> = (typeof reportStrings)[K][L];
type Empty = {
  [K in ReportKey]: S<K, 'en'> extends '' ? K : S<K, 'fr'> extends '' ? K : never;
}[ReportKey];
export const noEmptyReportTranslation: [Empty] extends [never] ? true : never = true;
