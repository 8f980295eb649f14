// The page in English and French. Every user-visible string is a key of `strings`, in both
// languages (the type check fails on a missing or empty translation). An element with
// data-i18n="key" (and data-i18n-vars, a JSON object for the key's {placeholders}) shows the
// key's text; data-i18n-placeholder and data-i18n-title fill those attributes; data-text-en and
// data-text-fr hold a value the API gives in both languages. setLang switches them all at once
// and remembers the reader's choice.

import { statsStrings } from './stats-strings';

export type Lang = 'en' | 'fr';
export type Vars = Record<string, string | number>;

export const strings = {
  ...statsStrings, // the statistics section's (stats-strings.ts)
  'page.title': {
    en: 'openkp: Kimberley Process certificates and statistics',
    fr: 'openkp : certificats et statistiques du Processus de Kimberley',
  },
  'lang.label': { en: 'Language / Langue', fr: 'Langue / Language' },
  or: { en: 'or', fr: 'ou' },
  overdue: { en: '(overdue)', fr: '(en retard)' },
  range: { en: '{from} to {to}', fr: 'du {from} au {to}' },

  // Verification
  'verify.title': {
    en: 'openkp: verify a Kimberley Process certificate',
    fr: 'openkp : vérifier un certificat du Processus de Kimberley',
  },
  'verify.intro': {
    en:
      'Enter a certificate number to check its signature, issuing authority key, and status in ' +
      'this registry. Only the number, issuer, status and dates are shown: never the parties or ' +
      'the values.',
    fr:
      "Saisissez le numéro d'un certificat pour vérifier sa signature, la clé de l'autorité qui " +
      "l'a délivré et son statut dans ce registre. Seuls le numéro, l'émetteur, le statut et " +
      'les dates sont affichés : jamais les parties ni les valeurs.',
  },
  'verify.placeholder': { en: 'e.g. BW-2026-000001', fr: 'p. ex. BW-2026-000001' },
  'verify.button': { en: 'Verify', fr: 'Vérifier' },
  'verify.valid': { en: 'Valid', fr: 'Valide' },
  'verify.notValid': { en: 'Not valid:', fr: 'Non valide :' },
  'verify.number': { en: 'Number', fr: 'Numéro' },
  'verify.issuer': { en: 'Issuer', fr: 'Émetteur' },
  'verify.issued': { en: 'Issued', fr: 'Délivré le' },
  'verify.expires': { en: 'Expires', fr: 'Expire le' },
  'risk.none': {
    en: 'No open risk flags for {participants}',
    fr: 'Aucun signalement de risque ouvert pour {participants}',
  },
  'risk.flags': {
    en: 'Risk flags ({count}) from reviewed civil-society reports',
    fr: 'Signalements de risque ({count}) issus de rapports examinés de la société civile',
  },
  'risk.kpcs': {
    en: 'KPCS definition: {explanation} (reports {incidents})',
    fr: 'Définition du SCPK : {explanation} (rapports {incidents})',
  },
  'risk.widespread': {
    en: 'Systematic and widespread: {explanation} (reports {incidents})',
    fr: 'Systématique et généralisé : {explanation} (rapports {incidents})',
  },

  // Verifying a paper certificate offline (scan.ts, offline.ts)
  'offline.title': {
    en: 'Verify a paper certificate, even offline',
    fr: 'Vérifier un certificat papier, même hors ligne',
  },
  'offline.intro': {
    en:
      'Scan the QR code printed on a certificate, or open a photo of it. This page checks the ' +
      "authority's signature and the public log's receipt in this browser, with the keys it kept " +
      'from your last visit online: nothing is sent, and it works without a network.',
    fr:
      'Scannez le code QR imprimé sur un certificat, ou ouvrez-en une photo. Cette page vérifie ' +
      "la signature de l'autorité et le reçu du journal public dans ce navigateur, avec les clés " +
      "gardées de votre dernière visite en ligne : rien n'est envoyé, et elle fonctionne sans " +
      'réseau.',
  },
  'offline.scan': { en: 'Scan the QR code', fr: 'Scanner le code QR' },
  'offline.photo': { en: 'Open a photo', fr: 'Ouvrir une photo' },
  'offline.files': {
    en: 'Open a certificate file and its receipt',
    fr: 'Ouvrir un fichier de certificat et son reçu',
  },
  'offline.certificateFile': { en: 'Certificate (JSON)', fr: 'Certificat (JSON)' },
  'offline.receiptFile': { en: 'Log receipt (text)', fr: 'Reçu du journal (texte)' },
  'offline.verifyFiles': { en: 'Verify these files', fr: 'Vérifier ces fichiers' },
  'offline.keysAsOf': {
    en:
      "Keys kept in this browser for offline verification: the authorities' keys as of {keys}, " +
      "the log's key as of {log}.",
    fr:
      'Clés gardées dans ce navigateur pour la vérification hors ligne : celles des autorités à ' +
      'jour au {keys}, celle du journal au {log}.',
  },
  'offline.noKeysYet': {
    en:
      'This browser holds no keys yet: open this page once while online, and it will verify ' +
      'certificates offline afterwards.',
    fr:
      'Ce navigateur ne détient encore aucune clé : ouvrez cette page une fois en ligne, et elle ' +
      'vérifiera ensuite les certificats hors ligne.',
  },
  'offline.reading': { en: 'Reading the photo…', fr: 'Lecture de la photo…' },
  'offline.noCode': {
    en:
      'No QR code found in this photo: take it closer, sharp and straight on, with the whole ' +
      'code in view.',
    fr:
      'Aucun code QR trouvé sur cette photo : prenez-la de plus près, nette et de face, avec ' +
      "tout le code dans l'image.",
  },
  'offline.noCamera': {
    en: 'This browser cannot use a camera here (it needs a secure connection): open a photo instead.',
    fr:
      'Ce navigateur ne peut pas utiliser de caméra ici (il faut une connexion sécurisée) : ' +
      'ouvrez plutôt une photo.',
  },
  'offline.cameraRefused': {
    en: 'The camera could not be opened: allow this page to use it, or open a photo instead.',
    fr:
      "La caméra n'a pas pu être ouverte : autorisez cette page à l'utiliser, ou ouvrez plutôt " +
      'une photo.',
  },
  'offline.pointCamera': {
    en: "Point the camera at the certificate's QR code.",
    fr: 'Pointez la caméra vers le code QR du certificat.',
  },
  'offline.stop': { en: 'Stop the camera', fr: 'Arrêter la caméra' },
  'offline.err.prefix': {
    en: 'This QR code is not the code of an openkp Kimberley Process certificate.',
    fr: "Ce code QR n'est pas celui d'un certificat du Processus de Kimberley d'openkp.",
  },
  'offline.err.inflate': {
    en: 'The QR code was read, but its contents are damaged.',
    fr: 'Le code QR a été lu, mais son contenu est endommagé.',
  },
  'offline.err.tooLarge': {
    en: 'The QR code holds far more than a certificate: it is not one.',
    fr: "Le code QR contient bien plus qu'un certificat : ce n'en est pas un.",
  },
  'offline.err.utf8': {
    en: 'The contents are not text (UTF-8): damaged, or not a certificate.',
    fr: "Le contenu n'est pas du texte (UTF-8) : endommagé, ou pas un certificat.",
  },
  'offline.err.json': {
    en: 'The contents are not JSON: damaged, or not a certificate.',
    fr: "Le contenu n'est pas du JSON : endommagé, ou pas un certificat.",
  },
  'offline.err.repeated': {
    en: 'The field "{name}" appears twice: such a document could be read two ways, so it is refused.',
    fr:
      'Le champ « {name} » figure deux fois : un tel document pourrait être lu de deux façons, ' +
      'il est donc refusé.',
  },
  'offline.err.members': {
    en: 'The code must hold a signed certificate and its log receipt, and nothing else.',
    fr: "Le code doit contenir un certificat signé et son reçu du journal, et rien d'autre.",
  },
  'offline.check.wellFormed': { en: 'Well-formed', fr: 'Bien formé' },
  'offline.check.issuer': { en: 'Issuing authority', fr: 'Autorité émettrice' },
  'offline.check.key': { en: 'Authority key', fr: "Clé de l'autorité" },
  'offline.check.signature': { en: 'Signature of the authority', fr: "Signature de l'autorité" },
  'offline.check.notRevoked': { en: 'Key not revoked', fr: 'Clé non révoquée' },
  'offline.check.keyPeriod': {
    en: 'Key valid on the issue date',
    fr: 'Clé valide à la date de délivrance',
  },
  'offline.check.logged': { en: 'Public log', fr: 'Journal public' },
  'offline.check.notExpired': { en: 'Not expired', fr: 'Non expiré' },
  'offline.ok.wellFormed': {
    en: 'Every field of the format is present and as the format says.',
    fr: 'Tous les champs du format sont présents et conformes.',
  },
  'offline.bad.wellFormed': {
    en:
      'The field {field} is missing or not as the format says: this is not a valid openkp ' +
      'certificate.',
    fr:
      "Le champ {field} manque ou n'est pas conforme au format : ce n'est pas un certificat " +
      'openkp valide.',
  },
  'offline.ok.issuer': {
    en: '{authority} ({issuer}) is a Kimberley Process authority whose keys this browser holds.',
    fr:
      '{authority} ({issuer}) est une autorité du Processus de Kimberley dont ce navigateur ' +
      'détient les clés.',
  },
  'offline.bad.noKeys': {
    en: 'This browser holds no authority keys yet: open this page once while online.',
    fr: "Ce navigateur ne détient encore aucune clé d'autorité : ouvrez cette page une fois en ligne.",
  },
  'offline.bad.issuer': {
    en:
      'This browser holds no key of an authority of {issuer}: the issuer is unknown, or its keys ' +
      'are newer than those kept here (open this page online to update them).',
    fr:
      "Ce navigateur ne détient aucune clé d'une autorité de {issuer} : l'émetteur est inconnu, " +
      'ou ses clés sont plus récentes que celles gardées ici (ouvrez cette page en ligne pour ' +
      'les mettre à jour).',
  },
  'offline.ok.key': {
    en: 'Key {key} is a key of {issuer}.',
    fr: 'La clé {key} est une clé de {issuer}.',
  },
  'offline.bad.key': {
    en: 'Key {key} is not a known key of {issuer} (open this page online to update the keys).',
    fr:
      "La clé {key} n'est pas une clé connue de {issuer} (ouvrez cette page en ligne pour " +
      'mettre les clés à jour).',
  },
  'offline.ok.signature': {
    en:
      '{authority} ({issuer}) signed exactly these contents: nothing in the certificate was ' +
      'changed since it was issued.',
    fr:
      "{authority} ({issuer}) a signé exactement ce contenu : rien dans le certificat n'a " +
      'changé depuis sa délivrance.',
  },
  'offline.bad.signature': {
    en:
      'The signature does not match the contents: the certificate was altered or forged. Do not ' +
      'rely on it.',
    fr:
      'La signature ne correspond pas au contenu : le certificat a été altéré ou contrefait. ' +
      'Ne vous y fiez pas.',
  },
  'offline.ok.notRevoked': {
    en: 'Key {key} of {issuer} was not revoked, as far as the keys kept here know.',
    fr: "La clé {key} de {issuer} n'a pas été révoquée, d'après les clés gardées ici.",
  },
  'offline.bad.revoked': {
    en:
      'Key {key} of {issuer} was revoked on {date} (compromised): nothing it signed can be ' +
      'trusted.',
    fr:
      "La clé {key} de {issuer} a été révoquée le {date} (compromise) : rien de ce qu'elle a " +
      "signé n'est fiable.",
  },
  'offline.keyPeriod': {
    en: 'The key was valid from {from} to {to}; the certificate was issued on {issued}.',
    fr: 'La clé était valide du {from} au {to} ; le certificat a été délivré le {issued}.',
  },
  'offline.keyPeriodOpen': {
    en: 'The key is valid from {from}, with no end; the certificate was issued on {issued}.',
    fr: 'La clé est valide depuis le {from}, sans fin ; le certificat a été délivré le {issued}.',
  },
  'offline.bad.noLogKey': {
    en: 'This browser holds no key of the public log yet: open this page once while online.',
    fr:
      'Ce navigateur ne détient encore aucune clé du journal public : ouvrez cette page une ' +
      'fois en ligne.',
  },
  'offline.bad.receipt': {
    en: 'The log receipt is damaged, or it is not a receipt (c2sp.org/tlog-proof@v1).',
    fr: "Le reçu du journal est endommagé, ou ce n'en est pas un (c2sp.org/tlog-proof@v1).",
  },
  'offline.bad.checkpoint': {
    en: "The receipt's checkpoint is not signed by the key of the log {log}: it does not come from this log.",
    fr:
      "Le point de contrôle du reçu n'est pas signé par la clé du journal {log} : il ne vient " +
      'pas de ce journal.',
  },
  'offline.bad.origin': {
    en: "The receipt's checkpoint names the log {origin}, not {log}.",
    fr: 'Le point de contrôle du reçu nomme le journal {origin}, et non {log}.',
  },
  'offline.bad.inclusion': {
    en:
      'The receipt does not prove that this certificate is in the log: it is another ' +
      "certificate's receipt, or the certificate was altered.",
    fr:
      "Le reçu ne prouve pas que ce certificat figure dans le journal : c'est le reçu d'un " +
      'autre certificat, ou le certificat a été altéré.',
  },
  'offline.ok.logged': {
    en:
      'The public log {log} recorded its issue on {date} (entry {index} of {size}, in a ' +
      "checkpoint signed by the log's key): the issue is on public record, so it was not made " +
      'in secret and the authority cannot deny it.',
    fr:
      'Le journal public {log} a enregistré sa délivrance le {date} (entrée {index} sur {size}, ' +
      'dans un point de contrôle signé par la clé du journal) : la délivrance est publique, ' +
      "elle n'a donc pas été faite en secret et l'autorité ne peut pas la nier.",
  },
  'offline.ok.confirmed': {
    en:
      'The public log {log} proves that the importing authority confirmed receipt on {date} ' +
      '(entry {index} of {size}).',
    fr:
      "Le journal public {log} prouve que l'autorité importatrice a confirmé la réception le " +
      '{date} (entrée {index} sur {size}).',
  },
  'offline.bad.voided': {
    en: 'The public log {log} proves that the certificate was voided on {date} (entry {index} of {size}).',
    fr:
      'Le journal public {log} prouve que le certificat a été annulé le {date} (entrée {index} ' +
      'sur {size}).',
  },
  'offline.ok.notExpired': {
    en: 'Valid until {expires} (today is {today}).',
    fr: "Valable jusqu'au {expires} (nous sommes le {today}).",
  },
  'offline.ok.confirmedLate': {
    en:
      'Past its expiry date ({expires}; today is {today}), but its import was confirmed, which ' +
      'the log proves.',
    fr:
      "Sa date d'expiration est passée ({expires} ; nous sommes le {today}), mais son " +
      'importation a été confirmée, ce que le journal prouve.',
  },
  'offline.bad.expired': {
    en: 'Expired on {expires} (today is {today}).',
    fr: 'Expiré le {expires} (nous sommes le {today}).',
  },
  'offline.valid': {
    en: 'Valid: signed by the issuing authority, and on the public log',
    fr: "Valide : signé par l'autorité émettrice, et inscrit au journal public",
  },
  'offline.caveat': {
    en:
      "Checked in this browser with the authorities' keys as of {keys} and the log's key as of " +
      '{log}. A void or a key revocation recorded since cannot be known offline: verify the ' +
      'number online when you can.',
    fr:
      'Vérifié dans ce navigateur avec les clés des autorités à jour au {keys} et celle du ' +
      'journal au {log}. Une annulation ou une révocation de clé enregistrée depuis ne peut pas ' +
      'être connue hors ligne : vérifiez le numéro en ligne dès que possible.',
  },
  'offline.factsSigned': { en: 'What the authority signed', fr: "Ce que l'autorité a signé" },
  'offline.factsUnproven': {
    en: 'What the code says (not proven: do not rely on it)',
    fr: 'Ce que dit le code (non prouvé : ne vous y fiez pas)',
  },
  'offline.destination': { en: 'Importing participant', fr: 'Participant importateur' },
  'offline.parcels': { en: 'Parcels', fr: 'Colis' },
  'offline.hsCode': { en: 'HS code', fr: 'Code SH' },
  'hs.7102.10': { en: 'unsorted', fr: 'non triés' },
  'hs.7102.21': { en: 'industrial', fr: 'industriels' },
  'hs.7102.31': { en: 'gem quality', fr: 'qualité gemme' },

  // Production statistics
  'stats.title': {
    en: 'Rough-diamond production by participant',
    fr: 'Production de diamants bruts par participant',
  },
  'stats.intro': {
    en:
      'KP production statistics as imported (with their source rows and vintages), in carats ' +
      'and US$.',
    fr:
      "Statistiques de production du PK telles qu'importées (avec leurs lignes sources et leurs " +
      'millésimes), en carats et en US$.',
  },
  'stats.download': { en: 'Download the table as', fr: 'Téléchargez le tableau en' },
  year: { en: 'Year', fr: 'Année' },
  'stats.incomplete': { en: '{name} (incomplete)', fr: '{name} (incomplet)' },
  'stats.nil': { en: 'nil report', fr: 'déclaration nulle' },
  'stats.note': {
    en:
      '(incomplete): a half-year report is missing. nil report: the participant reported no ' +
      'production.',
    fr:
      '(incomplet) : il manque une déclaration semestrielle. « déclaration nulle » : le ' +
      "participant n'a déclaré aucune production.",
  },

  // Incident reports
  'incidents.title': {
    en: 'Incident reports from community monitors',
    fr: "Signalements d'incidents des observateurs communautaires",
  },
  'incidents.intro': {
    en:
      'Reports civil-society monitors sent from mining areas, once reviewed. Places are moved by ' +
      'up to 5 km and reporters are never shown, to protect witnesses.',
    fr:
      'Signalements que les observateurs de la société civile ont envoyés des zones minières, ' +
      'une fois examinés. Les lieux sont déplacés de 5 km au plus et leurs auteurs ne sont ' +
      'jamais montrés, pour protéger les témoins.',
  },
  'incidents.download': { en: 'Download them as', fr: 'Téléchargez-les en' },
  'incidents.risk': {
    en: '(Google Earth, QGIS); risk flags:',
    fr: '(Google Earth, QGIS) ; signalements de risque :',
  },
  'incidents.withheld': { en: '(withheld)', fr: '(non divulgué)' },

  // Peer review
  'review.title': { en: 'Peer review', fr: 'Examen par les pairs' },
  'review.intro': {
    en:
      "Reviews of participants (visits and missions) and their stage; recommendations, public " +
      "once a review's final report is out, with the participant's response, the implementation " +
      "status and civil society's own assessment; participants named for not answering a data " +
      'anomaly questionnaire in time.',
    fr:
      'Examens des participants (visites et missions) et leur étape ; recommandations, publiques ' +
      "une fois le rapport final d'un examen paru, avec la réponse du participant, l'état de " +
      "leur mise en œuvre et l'évaluation propre de la société civile ; participants nommés pour " +
      "n'avoir pas répondu à temps à un questionnaire sur une anomalie de données.",
  },
  'review.reviews': { en: 'Reviews', fr: 'Examens' },
  'review.none': { en: 'No reviews yet.', fr: "Aucun examen pour l'instant." },
  'review.recommendations': { en: 'Recommendations', fr: 'Recommandations' },
  'review.noRecommendations': {
    en: 'No published recommendations yet.',
    fr: "Aucune recommandation publiée pour l'instant.",
  },
  'review.noResponse': { en: '(none yet)', fr: '(pas encore)' },
  'review.late': {
    en: 'Did not answer a questionnaire in time',
    fr: "N'ont pas répondu à temps à un questionnaire",
  },
  'review.nobody': { en: 'Nobody.', fr: 'Personne.' },
  'review.notYet': { en: 'not yet', fr: 'pas encore' },

  // The coalition
  'coalition.title': { en: 'Civil-society coalition', fr: 'Coalition de la société civile' },
  'log.title': { en: 'Public log', fr: 'Journal public' },
  'log.intro': {
    en:
      'Every certificate issued, confirmed or voided, every monitoring report and every review ' +
      'step is committed to a public transparency log that anyone can check, without seeing ' +
      'trade secrets.',
    fr:
      'Chaque certificat émis, confirmé ou annulé, chaque signalement et chaque étape des ' +
      'examens est inscrit dans un journal de transparence public que chacun peut vérifier, ' +
      'sans voir les secrets commerciaux.',
  },
  'log.latest': { en: 'Latest signed checkpoint', fr: 'Dernier point de contrôle signé' },
  'log.audit': {
    en: "(check it with Go's golang.org/x/mod/sumdb/tlog or openkp log audit).",
    fr: '(vérifiez-le avec golang.org/x/mod/sumdb/tlog de Go ou openkp log audit).',
  },
  'log.name': { en: 'Log', fr: 'Journal' },
  'log.entries': { en: 'Entries', fr: 'Entrées' },
  'log.root': { en: 'Root hash', fr: 'Empreinte racine' },
  'log.witnesses': { en: 'Witnesses', fr: 'Témoins' },
  'log.noWitnesses': {
    en: 'none yet (no witness has cosigned this checkpoint)',
    fr: "aucun pour l'instant (aucun témoin n'a cosigné ce point de contrôle)",
  },
  'coalition.intro': {
    en:
      'What the members of the KP Civil Society Coalition did, recorded once by each member: ' +
      'meetings, trainings, community meetings, research and publications.',
    fr:
      "Ce qu'ont fait les membres de la Coalition de la société civile du PK, enregistré une " +
      'fois par chaque membre : réunions, formations, réunions communautaires, recherches et ' +
      'publications.',
  },
  'coalition.download': { en: 'Download a year as', fr: 'Téléchargez une année en' },
  'coalition.iati': { en: 'or as IATI 2.03 open data', fr: 'ou en données ouvertes IATI 2.03' },
  'coalition.finalsBelow': {
    en: 'Published annual reports are below.',
    fr: 'Les rapports annuels publiés figurent ci-dessous.',
  },
  'coalition.activities': { en: 'Activities {year}', fr: 'Activités {year}' },
  'coalition.activitiesCount': {
    en: 'Activities {year} ({count})',
    fr: 'Activités {year} ({count})',
  },
  'coalition.none': {
    en: 'No activities recorded for this year.',
    fr: 'Aucune activité enregistrée pour cette année.',
  },
  'coalition.finals': {
    en: 'Annual report {year}, as published:',
    fr: 'Rapport annuel {year}, tel que publié :',
  },
  'coalition.record': { en: 'Record an activity', fr: 'Enregistrer une activité' },
  'coalition.country': { en: 'Country (ISO code)', fr: 'Pays (code ISO)' },
  'coalition.town': { en: 'Town', fr: 'Ville' },
  'coalition.members': {
    en: 'Members (codes, the lead first)',
    fr: "Membres (codes, le chef de file d'abord)",
  },
  'coalition.women': { en: 'of whom women', fr: 'dont femmes' },
  'coalition.public': { en: 'Public', fr: 'Publique' },
  'coalition.recordButton': { en: 'Record', fr: 'Enregistrer' },
  'coalition.recorded': {
    en: 'Recorded as {ref} (version {version})',
    fr: 'Enregistrée sous {ref} (version {version})',
  },
  'coalition.draft': { en: 'Annual report (draft)', fr: 'Rapport annuel (projet)' },
  'import.title': {
    en: 'Import a spreadsheet of activities (CSV or xlsx)',
    fr: "Importer un tableur d'activités (CSV ou xlsx)",
  },
  'import.file': { en: 'File', fr: 'Fichier' },
  'import.mode': { en: 'Each row', fr: 'Chaque ligne' },
  'import.add': { en: 'is a new activity', fr: 'est une nouvelle activité' },
  'import.update': {
    en: 'corrects the activity of its ref (a new version)',
    fr: 'corrige l’activité de sa référence (une nouvelle version)',
  },
  'import.check': { en: 'Check', fr: 'Vérifier' },
  'import.store': { en: 'Store every row', fr: 'Enregistrer toutes les lignes' },
  'import.storeValid': {
    en: 'Store the valid rows only',
    fr: 'N’enregistrer que les lignes valides',
  },
  'import.summary': {
    en: '{valid} valid rows, {invalid} invalid: nothing stored yet.',
    fr: '{valid} lignes valides, {invalid} non valides : rien n’est encore enregistré.',
  },
  'import.stored': { en: '{valid} rows stored.', fr: '{valid} lignes enregistrées.' },
  'import.refused': {
    en: 'Nothing stored: {invalid} rows are invalid.',
    fr: 'Rien n’est enregistré : {invalid} lignes ne sont pas valides.',
  },
  'col.row': { en: 'Row', fr: 'Ligne' },
  'col.result': { en: 'Result', fr: 'Résultat' },
  'import.ok': { en: 'valid', fr: 'valide' },
  'report.pdfEn': { en: 'PDF', fr: 'PDF (anglais)' },
  'report.wordEn': { en: 'Word', fr: 'Word (anglais)' },
  'report.htmlEn': { en: 'HTML', fr: 'HTML (anglais)' },
  'report.pdfFr': { en: 'PDF (français)', fr: 'PDF (français)' },

  // Signed in
  'signin.title': { en: 'Working group and participants', fr: 'Groupe de travail et participants' },
  'signin.intro': {
    en:
      'Statistics analysts see the ranked anomaly findings and the questionnaires; a ' +
      "participant's officers see theirs and answer them here, and issue, print, confirm and " +
      "void certificates; the coalition's people record activities and download the annual " +
      'report. Sign in with your login and password.',
    fr:
      "Les analystes statistiques voient les constats d'anomalies classés et les " +
      "questionnaires ; les agents d'un participant voient les leurs et y répondent ici, et " +
      'délivrent, impriment, confirment et annulent des certificats ; les personnes de la ' +
      'coalition enregistrent des activités et téléchargent le rapport annuel. Connectez-vous ' +
      'avec votre identifiant et votre mot de passe.',
  },
  'signin.tokenIntro': {
    en: 'Programs, and people who were given one, may sign in with an API token instead.',
    fr:
      "Les programmes, et les personnes qui en ont reçu un, peuvent aussi se connecter avec un " +
      "jeton d'API.",
  },
  'signin.tokenButton': { en: 'Sign in with the token', fr: 'Se connecter avec le jeton' },
  'signin.token': { en: 'API token', fr: "Jeton d'API" },
  'signin.button': { en: 'Sign in', fr: 'Se connecter' },
  'me.signedIn': { en: 'Signed in as {name} ({role})', fr: 'Connecté en tant que {name} ({role})' },
  'me.signedInFor': {
    en: 'Signed in as {name} ({role}, {participant})',
    fr: 'Connecté en tant que {name} ({role}, {participant})',
  },
  // Signing in with a password (session.ts)
  'account.signIn': { en: 'Sign in', fr: 'Se connecter' },
  'session.login': { en: 'Login', fr: 'Identifiant' },
  'session.password': { en: 'Password', fr: 'Mot de passe' },
  'session.signingIn': { en: 'Signing in…', fr: 'Connexion…' },
  'session.unreachable': {
    en: 'The server cannot be reached: check the connection and try again.',
    fr: 'Le serveur est injoignable : vérifiez la connexion et réessayez.',
  },
  'session.wait': { en: '(try again in {seconds} s)', fr: '(réessayez dans {seconds} s)' },
  'session.as': { en: 'Signed in:', fr: 'Connecté :' },
  'session.signOut': { en: 'Sign out', fr: 'Se déconnecter' },

  // The officers' certificates (officer.ts)
  'officer.title': { en: 'Certificates', fr: 'Certificats' },
  'officer.issueTitle': { en: 'Issue a certificate', fr: 'Délivrer un certificat' },
  'officer.choose': { en: 'choose…', fr: 'choisir…' },
  'officer.destination': {
    en: 'Destination (importing participant)',
    fr: 'Destination (participant importateur)',
  },
  'officer.issuer': { en: 'Issuer (exporting participant)', fr: 'Émetteur (participant exportateur)' },
  'officer.colDestination': { en: 'Destination', fr: 'Destination' },
  'officer.origin': { en: 'Origin', fr: 'Origine' },
  'officer.countries': { en: 'Countries of origin', fr: "Pays d'origine" },
  'officer.countriesHint': {
    en: 'ISO codes separated by commas, e.g. BW, ZA',
    fr: 'codes ISO séparés par des virgules, p. ex. BW, ZA',
  },
  'officer.mixed': { en: 'Mixed origin', fr: 'Origine mixte' },
  'officer.exporter': { en: 'Exporter', fr: 'Exportateur' },
  'officer.importer': { en: 'Importer', fr: 'Importateur' },
  'officer.name': { en: 'Name', fr: 'Nom' },
  'officer.address': { en: 'Address', fr: 'Adresse' },
  'officer.lines': { en: 'Goods: one line per HS code', fr: 'Marchandises : une ligne par code SH' },
  'officer.linesHint': {
    en: 'At most 3 lines: 7102.10, 7102.21 and 7102.31.',
    fr: 'Au plus 3 lignes : 7102.10, 7102.21 et 7102.31.',
  },
  'officer.line': { en: 'Line {n}', fr: 'Ligne {n}' },
  'officer.addLine': { en: 'Add a line', fr: 'Ajouter une ligne' },
  'officer.removeLine': { en: 'Remove this line', fr: 'Retirer cette ligne' },
  'officer.hsCode': { en: 'HS code', fr: 'Code SH' },
  'officer.hs.7102.10': { en: '7102.10 (unsorted)', fr: '7102.10 (non triés)' },
  'officer.hs.7102.21': { en: '7102.21 (industrial)', fr: '7102.21 (industriels)' },
  'officer.hs.7102.31': { en: '7102.31 (gem quality)', fr: '7102.31 (qualité gemme)' },
  'officer.carats': { en: 'Carats', fr: 'Carats' },
  'officer.value': { en: 'Value (US$)', fr: 'Valeur (US$)' },
  'officer.amountHint': {
    en: 'up to two decimals, e.g. 1250.50',
    fr: 'deux décimales au plus, p. ex. 1250,50',
  },
  'officer.parcels': { en: 'Parcels', fr: 'Colis' },
  'officer.expires': { en: 'Expires on (optional)', fr: 'Expire le (facultatif)' },
  'officer.expiresHint': {
    en: 'by default 60 days from today; at most 366',
    fr: "par défaut 60 jours après aujourd'hui ; 366 au plus",
  },
  'officer.number': { en: 'Certificate number (optional)', fr: 'Numéro du certificat (facultatif)' },
  'officer.numberHint': {
    en:
      "given by the registry unless you choose one: it must begin with your participant's " +
      'code, e.g. BW-2026-17',
    fr:
      'attribué par le registre si vous n’en choisissez pas : il doit commencer par le code de ' +
      'votre participant, p. ex. BW-2026-17',
  },
  'officer.issue': { en: 'Issue and sign', fr: 'Délivrer et signer' },
  'officer.fix': {
    en: 'Some fields need correcting: see the messages next to them.',
    fr: 'Certains champs sont à corriger : voyez les messages à côté.',
  },
  'officer.issuing': { en: 'Issuing…', fr: 'Délivrance…' },
  'officer.issued': {
    en: 'Issued: certificate {number}, valid until {expires}.',
    fr: "Délivré : certificat {number}, valable jusqu'au {expires}.",
  },
  'officer.printPdf': { en: 'Print (PDF)', fr: 'Imprimer (PDF)' },
  'officer.printHtml': { en: 'Print (HTML)', fr: 'Imprimer (HTML)' },
  'officer.preparing': { en: 'Preparing the PDF…', fr: 'Préparation du PDF…' },
  'officer.listTitle': { en: 'Certificates of {participant}', fr: 'Certificats de {participant}' },
  'officer.listAll': {
    en: 'Certificates of every participant',
    fr: 'Certificats de tous les participants',
  },
  'officer.any': { en: 'any', fr: 'tous' },
  'officer.from': { en: 'Issued from', fr: 'Délivrés du' },
  'officer.to': { en: 'Issued until', fr: "Délivrés jusqu'au" },
  'officer.csv': { en: 'Download as CSV', fr: 'Télécharger en CSV' },
  'officer.noneListed': { en: 'No certificate matches.', fr: 'Aucun certificat ne correspond.' },
  'officer.shown': {
    en: 'Certificates {from} to {to} of {total}, newest first',
    fr: "Certificats {from} à {to} sur {total}, les plus récents d'abord",
  },
  'officer.previous': { en: 'Previous', fr: 'Précédents' },
  'officer.next': { en: 'Next', fr: 'Suivants' },
  'officer.hsCodes': { en: 'HS codes', fr: 'Codes SH' },
  'officer.mismatch': { en: 'Mismatch', fr: 'Écart' },
  'officer.yes': { en: 'yes', fr: 'oui' },
  'officer.print': { en: 'Print', fr: 'Imprimer' },
  'officer.confirmTitle': { en: 'Confirm an import', fr: 'Confirmer une importation' },
  'officer.confirmIntro': {
    en:
      'Certificates addressed to {participant} awaiting confirmation: record what arrived. ' +
      'Differences beyond the tolerances (carats ±0.10 %, value ±1.00 %, parcels exact) are ' +
      'recorded with the confirmation.',
    fr:
      'Certificats adressés à {participant} en attente de confirmation : enregistrez ce qui ' +
      'est arrivé. Les écarts au-delà des tolérances (carats ±0,10 %, valeur ±1,00 %, colis ' +
      'exacts) sont enregistrés avec la confirmation.',
  },
  'officer.certificate': { en: 'Certificate', fr: 'Certificat' },
  'officer.certified': {
    en: 'Certified: {carats} ct, US$ {value}, {parcels} parcels; issued on {issued}, expires on {expires}.',
    fr: 'Certifié : {carats} ct, {value} US$, {parcels} colis ; délivré le {issued}, expire le {expires}.',
  },
  'officer.received': { en: 'Received on', fr: 'Reçu le' },
  'officer.receivedCarats': { en: 'Carats received', fr: 'Carats reçus' },
  'officer.receivedValue': { en: 'Value received (US$)', fr: 'Valeur reçue (US$)' },
  'officer.receivedParcels': { en: 'Parcels received', fr: 'Colis reçus' },
  'officer.confirm': { en: 'Confirm receipt', fr: 'Confirmer la réception' },
  'officer.confirmed': {
    en: 'Confirmed: {number}; the goods match the certificate.',
    fr: 'Confirmé : {number} ; les marchandises correspondent au certificat.',
  },
  'officer.confirmedMismatch': {
    en: 'Confirmed: {number}, with differences beyond the tolerances:',
    fr: 'Confirmé : {number}, avec des écarts au-delà des tolérances :',
  },
  'officer.voidTitle': { en: 'Void a certificate', fr: 'Annuler un certificat' },
  'officer.voidIntro': {
    en:
      'A certificate your participant issued and that is not yet confirmed may be voided if ' +
      'it was lost or stolen, or the shipment cancelled. Voiding is final and published in the log.',
    fr:
      'Un certificat délivré par votre participant et pas encore confirmé peut être annulé ' +
      "s'il a été perdu ou volé, ou si l'expédition est abandonnée. L'annulation est définitive " +
      'et publiée dans le journal.',
  },
  'officer.reason': { en: 'Reason', fr: 'Motif' },
  'officer.lost': { en: 'lost', fr: 'perdu' },
  'officer.stolen': { en: 'stolen', fr: 'volé' },
  'officer.cancelled': { en: 'shipment cancelled', fr: 'expédition abandonnée' },
  'officer.note': { en: 'Note (optional)', fr: 'Note (facultative)' },
  'officer.void': { en: 'Void this certificate', fr: 'Annuler ce certificat' },
  'officer.voided': { en: 'Voided: {number}.', fr: 'Annulé : {number}.' },

  // The registry's rules, checked as the officer types (rules.ts)
  'rule.required': { en: 'Required.', fr: 'Obligatoire.' },
  'rule.choose': { en: 'Choose one.', fr: 'Faites un choix.' },
  'rule.decimal': { en: 'Type a number such as 1250.50.', fr: 'Saisissez un nombre comme 1250,50.' },
  'rule.twoDecimals': {
    en: 'At most two decimals (hundredths).',
    fr: 'Deux décimales au plus (centièmes).',
  },
  'rule.positive': { en: 'Must be more than zero.', fr: 'Doit être supérieur à zéro.' },
  'rule.atMost': { en: 'At most {max}.', fr: 'Au plus {max}.' },
  'rule.whole': { en: 'Type a whole number.', fr: 'Saisissez un nombre entier.' },
  'rule.range': { en: 'From {min} to {max}.', fr: 'De {min} à {max}.' },
  'rule.utf8': { en: 'Contains a broken character.', fr: 'Contient un caractère invalide.' },
  'rule.control': {
    en: 'Must not contain control characters ({cp}).',
    fr: 'Ne doit pas contenir de caractères de contrôle ({cp}).',
  },
  'rule.bidi': {
    en:
      'Must not contain bidirectional control characters ({cp}): they make the printed text ' +
      'read differently from the signed text.',
    fr:
      'Ne doit pas contenir de caractères de contrôle bidirectionnel ({cp}) : ils font lire le ' +
      'texte imprimé autrement que le texte signé.',
  },
  'rule.invisible': {
    en: 'Must not contain invisible characters ({cp}).',
    fr: 'Ne doit pas contenir de caractères invisibles ({cp}).',
  },
  'rule.bytes': { en: 'Too long: {bytes} bytes, at most {max}.', fr: 'Trop long : {bytes} octets, {max} au plus.' },
  'rule.numberChars': {
    en: "Only capital letters A–Z, digits, '-' and '/'.",
    fr: 'Seulement des majuscules A–Z, des chiffres, « - » et « / ».',
  },
  'rule.numberLength': { en: '4 to 40 characters.', fr: 'De 4 à 40 caractères.' },
  'rule.origin': {
    en: 'Name at least one country of origin, or tick mixed origin.',
    fr: "Indiquez au moins un pays d'origine, ou cochez origine mixte.",
  },
  'rule.country': {
    en: "'{code}' is not a two-letter ISO code (in capitals, e.g. BW).",
    fr: "« {code} » n'est pas un code ISO de deux lettres (en majuscules, p. ex. BW).",
  },
  'rule.repeats': { en: "'{code}' repeats.", fr: '« {code} » figure deux fois.' },
  'rule.tooManyCountries': { en: 'At most 50 countries.', fr: 'Au plus 50 pays.' },
  'rule.date': { en: 'Type a date (YYYY-MM-DD).', fr: 'Saisissez une date (AAAA-MM-JJ).' },
  'rule.afterToday': { en: 'Must be after today.', fr: "Doit être après aujourd'hui." },
  'rule.maxValidity': {
    en: 'At most 366 days from today: {date} or earlier.',
    fr: "366 jours au plus à partir d'aujourd'hui : le {date} au plus tard.",
  },
  'rule.notFuture': { en: 'Cannot be in the future.', fr: 'Ne peut pas être dans le futur.' },
  'rule.oneLinePerCode': {
    en: 'One line per HS code: {code} is already on another line.',
    fr: 'Une ligne par code SH : {code} figure déjà sur une autre ligne.',
  },
  'rule.maxLines': {
    en: 'A certificate has at most 3 lines, one per HS code.',
    fr: 'Un certificat a au plus 3 lignes, une par code SH.',
  },

  'findings.title': {
    en: 'Anomaly findings, most severe first',
    fr: "Constats d'anomalies, les plus graves d'abord",
  },
  'findings.everyRule': { en: 'every rule', fr: 'toutes les règles' },
  'findings.open': { en: 'Open', fr: 'Ouvrir' },
  'findings.group': { en: 'Findings of the group', fr: 'Constats du groupe' },
  'findings.certificates': { en: 'Certificates ({count})', fr: 'Certificats ({count})' },
  'findings.rollup': {
    en: 'Certificates of the roll-up ({shown} of {total})',
    fr: 'Certificats du regroupement ({shown} sur {total})',
  },
  'questionnaires.title': {
    en: 'Data anomaly questionnaires',
    fr: 'Questionnaires sur des anomalies de données',
  },
  'questionnaires.answerTo': {
    en: 'Answer to questionnaire {id} (due {due})',
    fr: 'Réponse au questionnaire {id} (échéance le {due})',
  },
  'questionnaires.send': { en: 'Send the answer', fr: 'Envoyer la réponse' },
  'questionnaires.sent': {
    en: 'answer to questionnaire {id} sent',
    fr: 'réponse au questionnaire {id} envoyée',
  },
  'footer.api': { en: 'API:', fr: 'API :' },
  'footer.participants': { en: 'participants:', fr: 'participants :' },
  'footer.keys': { en: 'public keys:', fr: 'clés publiques :' },

  // Regions
  'region.title': { en: 'Regions', fr: 'Régions' },
  'region.intro': {
    en:
      "A region's tripartite members (governments, industry and civil society), its " +
      "participants' production and certificate trade summed year by year, unit values against " +
      "the region's own history, the members' mining sites and risk flags, the coalition's " +
      'members there, action plans and commitments made at meetings, followed up to the end. ' +
      'Findings and trade between members are shown to those who may see them, once signed in.',
    fr:
      "Les membres tripartites d'une région (gouvernements, industrie et société civile), la " +
      'production et le commerce certifié de ses participants additionnés année par année, les ' +
      "valeurs unitaires comparées à l'historique de la région, les sites miniers et les " +
      'signalements de risque de ses membres, les membres de la coalition qui y sont actifs, les ' +
      'plans d’action et les engagements pris en réunion, suivis jusqu’au bout. Les constats et ' +
      'le commerce entre membres sont montrés à ceux qui peuvent les voir, une fois connectés.',
  },
  'region.download': {
    en: 'Download the register of commitments as',
    fr: 'Téléchargez le registre des engagements en',
  },
  'region.region': { en: 'Region', fr: 'Région' },
  'region.choose': { en: 'choose a region', fr: 'choisissez une région' },
  'region.from': { en: 'from', fr: 'de' },
  'region.to': { en: 'to', fr: 'à' },
  'region.participants': { en: 'Participants in the region:', fr: 'Participants de la région :' },
  'region.members': { en: 'Tripartite members', fr: 'Membres tripartites' },
  'region.government': { en: 'Governments', fr: 'Gouvernements' },
  'region.industry': { en: 'Industry', fr: 'Industrie' },
  'region.civilSociety': { en: 'Civil society', fr: 'Société civile' },
  'region.admin': { en: '(administrator)', fr: '(administrateur)' },
  'region.production': { en: 'Production', fr: 'Production' },
  'region.exports': { en: 'Exports', fr: 'Exportations' },
  'region.imports': { en: 'Imports', fr: 'Importations' },
  'region.sum': { en: 'Region', fr: 'Région' },
  'region.incomplete': { en: '(incomplete)', fr: '(incomplet)' },
  'region.withheld': {
    en: 'withheld (fewer than 3 certificates)',
    fr: 'non publié (moins de 3 certificats)',
  },
  'region.withheldNote': {
    en:
      'Figures from certificates are withheld where fewer than 3 certificates would show a ' +
      "trader's business.",
    fr:
      'Les chiffres tirés des certificats ne sont pas publiés quand moins de 3 certificats ' +
      "révéleraient les affaires d'un négociant.",
  },
  'region.noReport': { en: 'no report', fr: 'pas de déclaration' },
  'region.noFigures': {
    en: 'No production figures for these years.',
    fr: 'Aucun chiffre de production pour ces années.',
  },
  'region.unitValues': { en: 'Unit values', fr: 'Valeurs unitaires' },
  'region.unitValuesIntro': {
    en:
      "Each year's US$ per carat against the region's own history (the five years before it " +
      'together); a change of 50% or more either way is flagged.',
    fr:
      "Le prix en US$ par carat de chaque année comparé à l'historique de la région (les cinq " +
      'années précédentes ensemble) ; une variation de 50 % ou plus, dans un sens ou dans ' +
      "l'autre, est signalée.",
  },
  'region.noUnitValues': {
    en: 'No unit values for these years.',
    fr: 'Aucune valeur unitaire pour ces années.',
  },
  'region.flow': { en: 'Flow', fr: 'Flux' },
  'region.history': { en: 'US$/ct, 5 years before', fr: 'US$/ct, 5 années précédentes' },
  'region.change': { en: 'Change', fr: 'Variation' },
  'region.percent': { en: '{n}%', fr: '{n} %' },
  'region.noHistory': { en: 'no history', fr: "pas d'historique" },
  'region.flagged': { en: '(flagged)', fr: '(signalée)' },
  'region.trade': {
    en: 'Certificate trade of the members',
    fr: 'Commerce certifié des membres',
  },
  'region.noTrade': {
    en: 'No certificate trade in these years.',
    fr: 'Aucun commerce certifié pendant ces années.',
  },
  'region.intra': { en: 'Trade between members', fr: 'Commerce entre membres' },
  'region.tradeHidden': {
    en:
      'Trade between members is shown to admins and to the officers of the members concerned ' +
      'only: sign in to see it.',
    fr:
      'Le commerce entre membres n’est montré qu’aux administrateurs et aux agents des membres ' +
      'concernés : connectez-vous pour le voir.',
  },
  'scroll.wide': {
    en: 'A wide table: scroll sideways (arrow keys once it has the focus)',
    fr: 'Un tableau large : défilez de côté (touches fléchées une fois qu’il a le focus)',
  },
  'region.noIntraTrade': {
    en: 'No certificate trade between members in these years.',
    fr: 'Aucun commerce certifié entre membres pendant ces années.',
  },
  'region.exporter': { en: 'Exporter', fr: 'Exportateur' },
  'region.importer': { en: 'Importer', fr: 'Importateur' },
  'region.exportedCarats': { en: 'Carats exported', fr: 'Carats exportés' },
  'region.importedCarats': { en: 'Carats imported', fr: 'Carats importés' },
  'region.gapCarats': { en: 'Gap (carats)', fr: 'Écart (carats)' },
  'region.gapUsd': { en: 'Gap (US$)', fr: 'Écart (US$)' },
  'region.certificates': {
    en: 'Certificates (issued / confirmed)',
    fr: 'Certificats (délivrés / confirmés)',
  },
  'region.findings': { en: 'Anomaly findings', fr: "Constats d'anomalies" },
  'region.findingsHidden': {
    en:
      "Anomaly findings are shown to statistics analysts and to the members' officers (their " +
      "own): sign in to see them.",
    fr:
      "Les constats d'anomalies sont montrés aux analystes statistiques et aux agents des " +
      'membres (les leurs) : connectez-vous pour les voir.',
  },
  'region.findingsCount': {
    en: '{count} groups of findings involve the members:',
    fr: '{count} groupes de constats concernent les membres :',
  },
  'region.findingsPer': { en: 'per participant:', fr: 'par participant :' },
  'region.sites': {
    en: 'Mining sites and risk flags',
    fr: 'Sites miniers et signalements de risque',
  },
  'region.sitesIntro': {
    en:
      "Sites registered by civil-society monitors, per participant, with the open risk flags of " +
      'reviewed reports. Public coordinates are moved by up to 5 km.',
    fr:
      "Sites enregistrés par les observateurs de la société civile, par participant, avec les " +
      'signalements de risque ouverts issus des rapports examinés. Les coordonnées publiques ' +
      'sont déplacées de 5 km au plus.',
  },
  'region.sitesCount': {
    en: '{sites} mining sites, {flags} open risk flags',
    fr: '{sites} sites miniers, {flags} signalements de risque ouverts',
  },
  'region.armed': { en: 'armed presence:', fr: 'présence armée :' },
  'region.coalition': {
    en: "The coalition's members active in the region",
    fr: 'Les membres de la coalition actifs dans la région',
  },
  'region.noCoalition': {
    en: 'No member of the coalition in the region.',
    fr: 'Aucun membre de la coalition dans la région.',
  },
  'region.plans': { en: 'Action plans', fr: 'Plans d’action' },
  'region.noPlans': {
    en: 'No action plan for this region.',
    fr: "Aucun plan d'action pour cette région.",
  },
  'region.adopted': {
    en: 'Adopted on {date}; {actions} actions:',
    fr: 'Adopté le {date} ; {actions} actions :',
  },
  'region.planOverdue': { en: '{count} overdue', fr: '{count} en retard' },
  'region.axis': { en: 'Axis:', fr: 'Axe :' },
  'region.noActions': { en: 'No action on this axis yet.', fr: 'Aucune action sur cet axe.' },
  'region.action': { en: 'Action', fr: 'Action' },
  'region.owner': { en: 'Who', fr: 'Qui' },
  'region.pastTarget': { en: '(target date passed)', fr: '(échéance dépassée)' },
  'region.noAssessment': { en: 'none yet', fr: "pas encore" },
  'region.commitments': { en: 'Commitments', fr: 'Engagements' },
  'region.noCommitments': {
    en: 'No commitments recorded.',
    fr: 'Aucun engagement enregistré.',
  },
  'region.promise': { en: 'Promised', fr: 'Engagement' },
  'region.promisedTo': { en: 'To whom', fr: 'Envers qui' },
  'region.madeOn': { en: 'When, where', fr: 'Quand, où' },
  'region.deadlines': { en: 'Deadlines', fr: 'Échéances' },
  'region.dueLine': { en: 'due {date}', fr: 'échéance le {date}' },
  'region.reportLine': { en: 'next report {date}', fr: 'prochain rapport le {date}' },
  'region.concerns': { en: 'Region, participant', fr: 'Région, participant' },
  'region.register': {
    en: 'The register of commitments',
    fr: 'Le registre des engagements',
  },

  // Table headers
  'col.participant': { en: 'Participant', fr: 'Participant' },
  'col.participants': { en: 'Participants', fr: 'Participants' },
  'col.carats': { en: 'Carats', fr: 'Carats' },
  'col.usd': { en: 'US$', fr: 'US$' },
  'col.usdPerCarat': { en: 'US$/ct', fr: 'US$/ct' },
  'col.report': { en: 'Report', fr: 'Signalement' },
  'col.date': { en: 'Date', fr: 'Date' },
  'col.dates': { en: 'Dates', fr: 'Dates' },
  'col.area': { en: 'Area', fr: 'Zone' },
  'col.category': { en: 'Category', fr: 'Catégorie' },
  'col.status': { en: 'Status', fr: 'Statut' },
  'col.whatHappened': { en: 'What happened', fr: "Ce qui s'est passé" },
  'col.type': { en: 'Type', fr: 'Type' },
  'col.title': { en: 'Title', fr: 'Titre' },
  'col.stage': { en: 'Stage', fr: 'Étape' },
  'col.paragraph': { en: '§', fr: '§' },
  'col.recommendation': { en: 'Recommendation', fr: 'Recommandation' },
  'col.response': { en: 'Response', fr: 'Réponse' },
  'col.civilSociety': { en: 'Civil society', fr: 'Société civile' },
  'col.nextReport': { en: 'Next report', fr: 'Prochain rapport' },
  'col.questionnaire': { en: 'Questionnaire', fr: 'Questionnaire' },
  'col.due': { en: 'Due', fr: 'Échéance' },
  'col.namedOn': { en: 'Named on', fr: 'Nommé le' },
  'col.answered': { en: 'Answered', fr: 'Répondu le' },
  'col.activity': { en: 'Activity', fr: 'Activité' },
  'col.members': { en: 'Members', fr: 'Membres' },
  'col.place': { en: 'Place', fr: 'Lieu' },
  'col.severity': { en: 'Severity', fr: 'Gravité' },
  'col.state': { en: 'State', fr: 'État' },
  'col.rule': { en: 'Rule', fr: 'Règle' },
  'col.period': { en: 'Period', fr: 'Période' },
  'col.finding': { en: 'Finding', fr: 'Constat' },

  // The API's enumerated values (term.<value>); in English, the API's word with spaces.
  // Certificate statuses and verification failures
  'term.issued': { en: 'issued', fr: 'délivré' },
  'term.confirmed': { en: 'confirmed', fr: 'confirmé' },
  'term.voided': { en: 'voided', fr: 'annulé' },
  'term.malformed': { en: 'malformed', fr: 'mal formé' },
  'term.unknown-issuer': { en: 'unknown issuer', fr: 'émetteur inconnu' },
  'term.unknown-key': { en: 'unknown key', fr: 'clé inconnue' },
  'term.signature': { en: 'signature', fr: 'signature invalide' },
  'term.revoked-key': { en: 'revoked key', fr: 'clé révoquée' },
  'term.key-not-valid-on-issue-date': {
    en: 'key not valid on issue date',
    fr: 'clé non valide à la date de délivrance',
  },
  'term.expired': { en: 'expired', fr: 'expiré' },
  'term.altered': { en: 'altered', fr: 'altéré' },
  'term.not-logged': { en: 'not proven logged', fr: 'inscription au journal non prouvée' },
  // Incident categories and statuses
  'term.armed_group_violence': { en: 'armed group violence', fr: 'violences de groupes armés' },
  'term.security_force_violence': {
    en: 'security force violence',
    fr: 'violences des forces de sécurité',
  },
  'term.human_rights_abuse': { en: 'human rights abuse', fr: 'atteinte aux droits humains' },
  'term.forced_labour': { en: 'forced labour', fr: 'travail forcé' },
  'term.child_labour': { en: 'child labour', fr: 'travail des enfants' },
  'term.displacement': { en: 'displacement', fr: 'déplacement de population' },
  'term.environmental_harm': { en: 'environmental harm', fr: "atteinte à l'environnement" },
  'term.revenue_management': { en: 'revenue management', fr: 'gestion des revenus' },
  'term.illegal_mining_smuggling': {
    en: 'illegal mining smuggling',
    fr: 'exploitation illégale et contrebande',
  },
  'term.labour_rights': { en: 'labour rights', fr: 'droits des travailleurs' },
  'term.other': { en: 'other', fr: 'autre' },
  'term.received': { en: 'received', fr: 'reçu' },
  'term.verified': { en: 'verified', fr: 'vérifié' },
  'term.disputed': { en: 'disputed', fr: 'contesté' },
  'term.referred': { en: 'referred', fr: 'transmis' },
  'term.answered': { en: 'answered', fr: 'réponse reçue' },
  'term.resolved': { en: 'resolved', fr: 'résolu' },
  // Peer reviews: types, stages, recommendations' statuses
  'term.annual-report-assessment': {
    en: 'annual report assessment',
    fr: 'évaluation du rapport annuel',
  },
  'term.review-visit': { en: 'review visit', fr: "visite d'examen" },
  'term.review-mission': { en: 'review mission', fr: "mission d'examen" },
  'term.planned': { en: 'planned', fr: 'prévu' },
  'term.terms-agreed': { en: 'terms agreed', fr: 'mandat convenu' },
  'term.fieldwork': { en: 'fieldwork', fr: 'travail sur le terrain' },
  'term.draft': { en: 'draft', fr: 'projet de rapport' },
  'term.participant-comments': { en: 'participant comments', fr: 'commentaires du participant' },
  'term.final': { en: 'final', fr: 'rapport final' },
  'term.decided': { en: 'decided', fr: 'décision prise' },
  'term.closed': { en: 'closed', fr: 'clos' },
  'term.not-started': { en: 'not started', fr: 'non commencée' },
  'term.in-progress': { en: 'in progress', fr: 'en cours' },
  'term.implemented': { en: 'implemented', fr: 'mise en œuvre' },
  'term.not-implemented': { en: 'not implemented', fr: 'non mise en œuvre' },
  // Questionnaires' and findings' states
  'term.awaiting-answer': { en: 'awaiting answer', fr: 'en attente de réponse' },
  'term.escalated': { en: 'escalated', fr: "transmis à l'échelon supérieur" },
  'term.open': { en: 'open', fr: 'ouvert' },
  'term.dismissed': { en: 'dismissed', fr: 'écarté' },
  'term.explained': { en: 'explained', fr: 'expliqué' },
  'term.questioned': { en: 'questioned', fr: 'questionné' },
  'term.reopened': { en: 'reopened', fr: 'rouvert' },
  // Mining sites: types and armed presence (site.<value>, armed.<value>)
  'site.artisanal': { en: 'artisanal', fr: 'exploitation artisanale' },
  'site.alluvial': { en: 'alluvial', fr: 'exploitation alluvionnaire' },
  'site.industrial': { en: 'industrial', fr: 'exploitation industrielle' },
  'armed.none': { en: 'none', fr: 'aucune' },
  'armed.armed_group': { en: 'armed group', fr: 'groupe armé' },
  'armed.public_security': { en: 'public security forces', fr: 'forces de sécurité publiques' },
  'armed.private_security': { en: 'private security', fr: 'sécurité privée' },
  'armed.unknown': { en: 'unknown', fr: 'inconnue' },
} as const satisfies Record<string, Record<Lang, string>>;

export type Key = keyof typeof strings;

// No translation is empty: an empty one makes this a type error. (Values joined with + are typed
// string, so only the browser test checks those.)
type S<K extends Key, L extends Lang> = (typeof strings)[K][L];
type Empty = { [K in Key]: S<K, 'en'> extends '' ? K : S<K, 'fr'> extends '' ? K : never }[Key];
export const noEmptyTranslation: [Empty] extends [never] ? true : never = true;

// The dictionary of a part loaded later (report-strings.ts: the monitors' report form, its own
// script), added to `strings` when it loads: tr() and applyStrings() then show its keys too.
export function addStrings(more: Record<string, Record<Lang, string>>) {
  Object.assign(strings, more);
}

export const isKey = (key: string): key is Key =>
  Object.prototype.hasOwnProperty.call(strings, key);

const storageKey = 'openkp.lang';

// The reader's choice, else the browser's language.
function initialLang(): Lang {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(storageKey);
  } catch {
    // storage disabled: not remembered
  }
  if (stored === 'en' || stored === 'fr') return stored;
  return navigator.language.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

let current: Lang = initialLang();

export const lang = (): Lang => current;

export function t(key: Key, vars?: Vars): string {
  const text: string = strings[key][current];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) =>
    Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : m,
  );
}

// Shows key's text in `el`, and keeps it in the page's language.
export function tr<E extends HTMLElement>(el: E, key: Key, vars?: Vars): E {
  el.dataset.i18n = key;
  if (vars) el.dataset.i18nVars = JSON.stringify(vars);
  else delete el.dataset.i18nVars;
  el.textContent = t(key, vars);
  return el;
}

// A span showing key's text.
export const tx = (key: Key, vars?: Vars) => tr(document.createElement('span'), key, vars);

// Text that is not translated (the API's): replaces a translated text in `el`.
export function plain(el: HTMLElement, text: string) {
  delete el.dataset.i18n;
  delete el.dataset.i18nVars;
  el.textContent = text;
}

// A value the API gives in both languages (either may be missing), in the page's language.
export function bilingual<E extends HTMLElement>(el: E, text: { en?: string; fr?: string }): E {
  el.dataset.textEn = text.en ?? text.fr ?? '';
  el.dataset.textFr = text.fr ?? text.en ?? '';
  el.textContent = current === 'fr' ? el.dataset.textFr : el.dataset.textEn;
  return el;
}

// Puts every marked element of the page in the current language.
export function applyStrings(root: ParentNode = document) {
  document.documentElement.lang = current;
  const vars = (el: HTMLElement): Vars | undefined =>
    el.dataset.i18nVars ? (JSON.parse(el.dataset.i18nVars) as Vars) : undefined;
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = el.dataset.i18n ?? '';
    if (isKey(key)) el.textContent = t(key, vars(el));
  }
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-placeholder]')) {
    const key = el.dataset.i18nPlaceholder ?? '';
    if (isKey(key)) el.setAttribute('placeholder', t(key));
  }
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-title]')) {
    const key = el.dataset.i18nTitle ?? '';
    if (isKey(key)) el.title = t(key);
  }
  for (const el of root.querySelectorAll<HTMLElement>('[data-text-en]')) {
    el.textContent = (current === 'fr' ? el.dataset.textFr : el.dataset.textEn) ?? '';
  }
}

// Switches the page to `l` and remembers it.
export function setLang(l: Lang) {
  current = l;
  try {
    localStorage.setItem(storageKey, l);
  } catch {
    // storage disabled: not remembered
  }
  applyStrings();
}
