// The texts of the working group's and the peer reviewers' forms (review-work.ts), in English and
// French: triage, questionnaires raised, opened and decided, documents, reviews (team, stages,
// inputs, recommendations), the participant's follow-up, civil society's input and assessment,
// the dossier's downloads. Loaded with that part (its own script) and added then to the page's
// dictionary (i18n.ts addStrings). French: a no-break space (\u00a0) before : ; ? !
import type { Lang } from './i18n';

export const workStrings = {
  // Values of the API that the main dictionary (term.*) does not name
  'work.v.sent': { en: 'sent', fr: 'envoyé' },
  'work.v.accepted': { en: 'accepted', fr: 'acceptée' },
  'work.v.partly': { en: 'partly accepted', fr: 'acceptée en partie' },
  'work.v.noted': { en: 'noted', fr: 'notée' },
  'work.v.clarification': { en: 'clarification requested', fr: 'précisions demandées' },
  'work.v.listed': { en: 'listed as non-respondent', fr: 'inscrit parmi les non-répondants' },
  'work.v.public': { en: 'everyone', fr: 'tout le monde' },
  'work.v.team': { en: 'the team', fr: 'l’équipe' },
  'work.v.team-and-participant': { en: 'the team and the participant', fr: 'l’équipe et le participant' },
  'work.v.government': { en: 'government', fr: 'gouvernement' },
  'work.v.industry': { en: 'industry', fr: 'industrie' },
  'work.v.civil-society': { en: 'civil society', fr: 'société civile' },
  'work.v.lead': { en: 'lead', fr: 'chef d’équipe' },
  'work.v.member': { en: 'member', fr: 'membre' },
  'work.v.observer': { en: 'observer', fr: 'observateur' },
  'work.v.response': { en: 'response', fr: 'réponse' },
  'work.v.status': { en: 'status', fr: 'état' },
  'work.v.progress': { en: 'progress report', fr: 'rapport d’avancement' },
  'work.v.civil-society-assessment': {
    en: 'civil society’s assessment',
    fr: 'évaluation de la société civile',
  },

  // Common
  'work.title': { en: 'Reviews and follow-up', fr: 'Examens et suivi' },
  'work.open': { en: 'Open', fr: 'Ouvrir' },
  'work.choose': { en: 'choose…', fr: 'choisir…' },
  'work.required': { en: 'Required.', fr: 'Obligatoire.' },
  'work.recorded': { en: 'Recorded.', fr: 'Enregistré.' },
  'work.stateIs': { en: 'State:', fr: 'État\u00a0:' },
  'work.col.date': { en: 'Date', fr: 'Date' },
  'work.col.action': { en: 'Action', fr: 'Action' },
  'work.col.by': { en: 'By', fr: 'Par' },
  'work.col.note': { en: 'Note', fr: 'Remarque' },
  'work.col.text': { en: 'Text', fr: 'Texte' },
  'work.col.participant': { en: 'Participant', fr: 'Participant' },
  'work.col.type': { en: 'Type', fr: 'Type' },
  'work.col.title': { en: 'Title', fr: 'Titre' },
  'work.col.dates': { en: 'Dates', fr: 'Dates' },
  'work.col.stage': { en: 'Stage', fr: 'Étape' },
  'work.col.name': { en: 'Name', fr: 'Nom' },
  'work.col.constituency': { en: 'Constituency', fr: 'Collège' },
  'work.col.role': { en: 'Role', fr: 'Rôle' },
  'work.col.file': { en: 'File', fr: 'Fichier' },
  'work.col.size': { en: 'Size (bytes)', fr: 'Taille (octets)' },
  'work.col.finding': { en: 'Finding', fr: 'Constat' },
  'work.col.period': { en: 'Period', fr: 'Période' },
  'work.col.rule': { en: 'Rule', fr: 'Règle' },
  'work.col.paragraph': { en: '§', fr: '§' },
  'work.col.recommendation': { en: 'Recommendation', fr: 'Recommandation' },
  'work.col.addressee': { en: 'Addressed to', fr: 'Destinataire' },
  'work.col.response': { en: 'Response', fr: 'Réponse' },
  'work.col.status': { en: 'Status', fr: 'État' },
  'work.col.civilSociety': { en: 'Civil society', fr: 'Société civile' },
  'work.col.nextReport': { en: 'Next report due', fr: 'Prochain rapport attendu' },
  'work.col.step': { en: 'Step', fr: 'Étape' },
  'work.col.value': { en: 'Value', fr: 'Valeur' },
  'work.col.comment': { en: 'Comment', fr: 'Commentaire' },
  'work.col.source': { en: 'Based on', fr: 'Fondé sur' },
  'work.col.from': { en: 'From', fr: 'De la part de' },
  'work.col.input': { en: 'Input', fr: 'Contribution' },
  'work.col.visibility': { en: 'Visible to', fr: 'Visible par' },
  'work.col.links': { en: 'Reports and sites', fr: 'Signalements et sites' },
  'work.col.uses': { en: 'How the team used it', fr: 'Usage qu’en a fait l’équipe' },

  // Findings: decisions (triage)
  'work.decisions': { en: 'Decisions', fr: 'Décisions' },
  'work.findingTitle': { en: 'Finding {id}', fr: 'Constat {id}' },
  'work.threshold': { en: 'Threshold: {threshold}', fr: 'Seuil\u00a0: {threshold}' },
  'work.sources': { en: 'Sources: {sources}', fr: 'Sources\u00a0: {sources}' },
  'work.numbersChanged': {
    en: 'Its numbers changed since the last decision.',
    fr: 'Ses chiffres ont changé depuis la dernière décision.',
  },
  'work.noDecision': { en: 'No decision yet.', fr: 'Aucune décision pour l’instant.' },
  'work.triageGroup': { en: 'Decide on the whole group', fr: 'Décider pour tout le groupe' },
  'work.triageOne': { en: 'Decide on this finding', fr: 'Décider pour ce constat' },
  'work.action': { en: 'Decision', fr: 'Décision' },
  'work.triage.dismiss': { en: 'dismiss', fr: 'écarter' },
  'work.triage.explain': { en: 'mark explained', fr: 'marquer comme expliqué' },
  'work.triage.reopen': { en: 'reopen', fr: 'rouvrir' },
  'work.reason': { en: 'Reason', fr: 'Motif' },
  'work.reasonHint': {
    en: 'Required to dismiss or explain; kept with the decision, for the working group only.',
    fr: 'Obligatoire pour écarter ou expliquer\u00a0; gardé avec la décision, pour le seul groupe de travail.',
  },
  'work.decide': { en: 'Record the decision', fr: 'Enregistrer la décision' },
  'work.triaged': {
    en: 'Decision recorded for {count} finding(s).',
    fr: 'Décision enregistrée pour {count} constat(s).',
  },

  // Questionnaires: raise
  'work.raiseTitle': {
    en: 'Raise a questionnaire to {participant}',
    fr: 'Envoyer un questionnaire à {participant}',
  },
  'work.raiseFindings': { en: 'Findings it is about', fr: 'Constats concernés' },
  'work.noOpen': {
    en: 'No open finding of {participant} in this group to question.',
    fr: 'Aucun constat ouvert de {participant} dans ce groupe à questionner.',
  },
  'work.qTitle': { en: 'Title', fr: 'Titre' },
  'work.qDefaultTitle': {
    en: 'Data anomaly questionnaire: {participant} {period}',
    fr: 'Questionnaire sur des anomalies de données\u00a0: {participant} {period}',
  },
  'work.dueOn': { en: 'Answer due on', fr: 'Réponse attendue le' },
  'work.dueHint': {
    en: 'After today, at most 366 days ahead.',
    fr: 'Après aujourd’hui, au plus 366 jours plus tard.',
  },
  'work.questions': { en: 'Questions to the participant', fr: 'Questions au participant' },
  'work.raise': { en: 'Send the questionnaire', fr: 'Envoyer le questionnaire' },
  'work.raised': {
    en: 'Questionnaire {id} sent to {participant}, answer due on {due}.',
    fr: 'Questionnaire {id} envoyé à {participant}, réponse attendue le {due}.',
  },

  // Questionnaires: one opened
  'work.qHeading': { en: 'Questionnaire {id}: {title}', fr: 'Questionnaire {id}\u00a0: {title}' },
  'work.qFacts': {
    en: '{participant}; sent by {by} on {sent}; answer due on {due}.',
    fr: '{participant}\u00a0; envoyé par {by} le {sent}\u00a0; réponse attendue le {due}.',
  },
  'work.qFindings': { en: 'Findings asked about', fr: 'Constats visés' },
  'work.steps': { en: 'Steps', fr: 'Étapes' },
  'work.documents': { en: 'Attached documents', fr: 'Documents joints' },
  'work.noDocuments': { en: 'No document attached.', fr: 'Aucun document joint.' },
  'work.download': { en: 'Download', fr: 'Télécharger' },
  'work.decisionTitle': { en: 'Decide on the answer', fr: 'Décider de la réponse' },
  'work.decision.accept': { en: 'accept the answer', fr: 'accepter la réponse' },
  'work.decision.clarify': { en: 'ask for clarification', fr: 'demander des précisions' },
  'work.decision.escalate': {
    en: 'escalate to the monitoring working group',
    fr: 'transmettre au groupe de travail sur la surveillance',
  },
  'work.noteToParticipant': { en: 'Note to the participant', fr: 'Note au participant' },
  'work.noteHint': {
    en: 'Required to ask for clarification or to escalate.',
    fr: 'Obligatoire pour demander des précisions ou transmettre.',
  },
  'work.clarifyDue': {
    en: 'Next answer due on (clarification)',
    fr: 'Nouvelle réponse attendue le (précisions)',
  },
  'work.decisionDone': { en: 'Decision recorded.', fr: 'Décision enregistrée.' },
  'work.attachTitle': { en: 'Attach a document to your answer', fr: 'Joindre un document à votre réponse' },
  'work.attachHint': {
    en: 'PDF, PNG, JPEG, text, CSV, .xlsx or .docx, at most 10 MiB, before the answer is sent.',
    fr: 'PDF, PNG, JPEG, texte, CSV, .xlsx ou .docx, 10 Mio au plus, avant l’envoi de la réponse.',
  },
  'work.file': { en: 'File', fr: 'Fichier' },
  'work.attach': { en: 'Attach', fr: 'Joindre' },
  'work.attached': { en: '{name} attached.', fr: '{name} joint.' },
  'work.chooseFile': { en: 'Choose a file first.', fr: 'Choisissez d’abord un fichier.' },

  // Reviews
  'work.reviewsTitle': { en: 'Peer reviews you work on', fr: 'Examens par les pairs auxquels vous participez' },
  'work.noReviews': { en: 'You are on no review team.', fr: 'Vous ne faites partie d’aucune équipe d’examen.' },
  'work.reviewFacts': { en: '{participant}, {from} to {to}', fr: '{participant}, du {from} au {to}' },
  'work.stageNow': { en: 'Stage:', fr: 'Étape\u00a0:' },
  'work.team': { en: 'Team', fr: 'Équipe' },
  'work.stages': { en: 'Stages', fr: 'Étapes de l’examen' },
  'work.nextStage': { en: 'Next stage:', fr: 'Étape suivante\u00a0:' },
  'work.stageNote': {
    en: 'Note (at the final stage: the final report’s text, made public)',
    fr: 'Note (à l’étape finale\u00a0: le texte du rapport final, rendu public)',
  },
  'work.moveStage': { en: 'Move to the next stage', fr: 'Passer à l’étape suivante' },
  'work.stageDone': { en: 'Stage recorded.', fr: 'Étape enregistrée.' },
  'work.lastStage': { en: 'The review is closed: no further stage.', fr: 'L’examen est clos\u00a0: plus d’étape.' },
  'work.inputs': {
    en: 'Civil-society and community input',
    fr: 'Contributions de la société civile et des communautés',
  },
  'work.noInputs': { en: 'No input.', fr: 'Aucune contribution.' },
  'work.hidden': { en: '(source hidden)', fr: '(source masquée)' },
  'work.useLabel': { en: 'How the team used input {id}', fr: 'Usage par l’équipe de la contribution {id}' },
  'work.recordUse': { en: 'Record the use', fr: 'Enregistrer l’usage' },
  'work.recommendations': { en: 'Recommendations', fr: 'Recommandations' },
  'work.noRecommendations': { en: 'No recommendation.', fr: 'Aucune recommandation.' },
  'work.addRecommendation': { en: 'Add a recommendation', fr: 'Ajouter une recommandation' },
  'work.paragraph': { en: 'Paragraph of the report', fr: 'Paragraphe du rapport' },
  'work.recText': { en: 'Recommendation', fr: 'Recommandation' },
  'work.addressee': { en: 'Addressed to', fr: 'Destinataire' },
  'work.coreSection': { en: 'KPCS Core Document section', fr: 'Section du document de base du SCPK' },
  'work.specificity': {
    en: 'Specificity (1: minimal action, 5: specific action)',
    fr: 'Précision (1\u00a0: action minimale, 5\u00a0: action précise)',
  },
  'work.followUpDue': { en: 'First progress report due on', fr: 'Premier rapport d’avancement attendu le' },
  'work.repeats': {
    en: 'Repeats recommendation no. (optional)',
    fr: 'Reprend la recommandation n° (facultatif)',
  },
  'work.add': { en: 'Add the recommendation', fr: 'Ajouter la recommandation' },
  'work.added': { en: 'Recommendation {paragraph} added.', fr: 'Recommandation {paragraph} ajoutée.' },
  'work.wholeNumber': { en: 'A whole number.', fr: 'Un nombre entier.' },

  // The participant's follow-up
  'work.myRecommendations': {
    en: 'Recommendations to {participant}',
    fr: 'Recommandations adressées à {participant}',
  },
  'work.noMyRecommendations': {
    en: 'No recommendation to {participant} that you may see.',
    fr: 'Aucune recommandation adressée à {participant} que vous puissiez voir.',
  },
  'work.followUp': { en: 'Follow up', fr: 'Assurer le suivi' },
  'work.recHeading': { en: 'Recommendation {paragraph}', fr: 'Recommandation {paragraph}' },
  'work.recSteps': { en: 'Its steps so far', fr: 'Ses étapes jusqu’ici' },
  'work.responseTitle': { en: 'Your response', fr: 'Votre réponse' },
  'work.response': { en: 'Response', fr: 'Réponse' },
  'work.comment': { en: 'Comment', fr: 'Commentaire' },
  'work.sendResponse': { en: 'Send the response', fr: 'Envoyer la réponse' },
  'work.statusTitle': { en: 'Implementation status', fr: 'État de mise en œuvre' },
  'work.status': { en: 'Status', fr: 'État' },
  'work.source': { en: 'Source (a document, a report…)', fr: 'Source (un document, un rapport…)' },
  'work.sendStatus': { en: 'Report the status', fr: 'Déclarer l’état' },
  'work.progressTitle': { en: 'Progress report', fr: 'Rapport d’avancement' },
  'work.progressText': { en: 'What was done', fr: 'Ce qui a été fait' },
  'work.nextDue': { en: 'Next report due on', fr: 'Prochain rapport attendu le' },
  'work.nextDueHint': {
    en: 'Required until the status is implemented or not implemented.',
    fr: 'Obligatoire tant que l’état n’est pas «\u00a0mise en œuvre\u00a0» ou «\u00a0non mise en œuvre\u00a0».',
  },
  'work.sendProgress': { en: 'Send the progress report', fr: 'Envoyer le rapport d’avancement' },

  // Civil society (monitors)
  'work.monitorTitle': {
    en: 'Civil-society input to peer reviews',
    fr: 'Contributions de la société civile aux examens par les pairs',
  },
  'work.openForInput': {
    en: 'Reviews open for input (until their final report)',
    fr: 'Examens ouverts aux contributions (jusqu’à leur rapport final)',
  },
  'work.noOpenReview': { en: 'No review is open for input.', fr: 'Aucun examen n’est ouvert aux contributions.' },
  'work.inputTo': { en: 'Send input to review {id}', fr: 'Envoyer une contribution à l’examen {id}' },
  'work.inputText': { en: 'Your input', fr: 'Votre contribution' },
  'work.visibility': { en: 'Who may read it', fr: 'Qui peut la lire' },
  'work.hideSource': {
    en: 'Hide my organisation’s name from the participant and the public',
    fr: 'Masquer le nom de mon organisation au participant et au public',
  },
  'work.incidents': {
    en: 'Incident report numbers (separated by commas)',
    fr: 'Numéros de signalements (séparés par des virgules)',
  },
  'work.sites': {
    en: 'Mining site codes (separated by commas)',
    fr: 'Codes des sites miniers (séparés par des virgules)',
  },
  'work.sendInput': { en: 'Send the input', fr: 'Envoyer la contribution' },
  'work.inputSent': { en: 'Input {id} sent.', fr: 'Contribution {id} envoyée.' },
  'work.numbersOnly': {
    en: 'Whole numbers only, separated by commas.',
    fr: 'Des nombres entiers seulement, séparés par des virgules.',
  },
  'work.assess': { en: 'Assess', fr: 'Évaluer' },
  'work.assessmentTitle': { en: 'Civil society’s assessment', fr: 'Évaluation de la société civile' },
  'work.sendAssessment': { en: 'Send the assessment', fr: 'Envoyer l’évaluation' },

  // The dossier
  'work.dossierTitle': { en: 'Review dossier', fr: 'Dossier d’examen' },
  'work.dossierIntro': {
    en:
      'What a review team reads before a visit: statistics, certificates, findings and ' +
      'questionnaires, monitoring evidence, reviews and recommendations, as you may see them.',
    fr:
      'Ce qu’une équipe d’examen lit avant une visite\u00a0: statistiques, certificats, constats et ' +
      'questionnaires, éléments de surveillance, examens et recommandations, tels que vous pouvez les voir.',
  },
  'work.dossierOf': { en: 'Participant', fr: 'Participant' },
  'work.fromYear': { en: 'From (year, optional)', fr: 'De (année, facultatif)' },
  'work.toYear': { en: 'To (year, optional)', fr: 'À (année, facultatif)' },
  'work.yearHint': { en: 'A year of four digits.', fr: 'Une année à quatre chiffres.' },
  'work.docLang': { en: 'Language of the document', fr: 'Langue du document' },
  'work.lang.en': { en: 'English', fr: 'anglais' },
  'work.lang.fr': { en: 'French', fr: 'français' },
  'work.format.html': { en: 'Web page (HTML)', fr: 'Page web (HTML)' },
  'work.format.pdf': { en: 'PDF document', fr: 'Document PDF' },
  'work.format.docx': { en: 'Word document (.docx)', fr: 'Document Word (.docx)' },
  'work.format.json': { en: 'Data (JSON)', fr: 'Données (JSON)' },
  'work.preparing': { en: 'Preparing the file…', fr: 'Préparation du fichier…' },
  'work.downloaded': { en: '{name} downloaded.', fr: '{name} téléchargé.' },
} as const satisfies Record<string, Record<Lang, string>>;

export type WorkKey = keyof typeof workStrings;

// No translation is empty (as i18n.ts checks its own).
type S<K extends WorkKey, L extends Lang> = (typeof workStrings)[K][L];
type Empty = {
  [K in WorkKey]: S<K, 'en'> extends '' ? K : S<K, 'fr'> extends '' ? K : never;
}[WorkKey];
export const noEmptyWorkTranslation: [Empty] extends [never] ? true : never = true;
