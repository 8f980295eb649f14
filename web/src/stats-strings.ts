// The statistics section's texts (stats.ts, dashboard.ts, charts.ts, worldmap.ts), in English and
// French: part of the page's dictionary (i18n.ts spreads them into `strings`).
export const statsStrings = {
  // The year's tables
  'stats.withheld': { en: 'withheld', fr: 'non publié' },
  'stats.certificates': { en: 'Certificates', fr: 'Certificats' },
  'stats.noProduction': {
    en: 'No production figures for {year}.',
    fr: 'Aucun chiffre de production pour {year}.',
  },
  'stats.tradeTitle': {
    en: 'Exports and imports in {year}, from certificates',
    fr: "Exportations et importations en {year}, d'après les certificats",
  },
  'stats.tradeIntro': {
    en:
      "From this registry's certificates: exports at the issue date, as declared; imports at the " +
      'date received, as received; voided certificates taken out.',
    fr:
      "D'après les certificats de ce registre : les exportations à la date de délivrance, telles " +
      'que déclarées ; les importations à la date de réception, telles que reçues ; sans les ' +
      'certificats annulés.',
  },
  'stats.exports': { en: 'Exports', fr: 'Exportations' },
  'stats.imports': { en: 'Imports', fr: 'Importations' },
  'stats.noTrade': {
    en: 'No certificates in {year} in this registry.',
    fr: 'Aucun certificat en {year} dans ce registre.',
  },
  'stats.withheldNote': {
    en:
      'withheld: too few certificates stand behind this figure (disclosure control), so it is ' +
      'not published, and neither is any total that contains it; the number of certificates is ' +
      'shown. It is not a zero.',
    fr:
      'non publié : trop peu de certificats sont derrière ce chiffre (contrôle de la ' +
      "divulgation), il n'est donc pas publié, ni aucun total qui le contient ; le nombre de " +
      "certificats est indiqué. Ce n'est pas un zéro.",
  },

  // The dashboard: a participant over time
  'dash.title': {
    en: 'Dashboard: a participant over the years, and the world map',
    fr: 'Tableau de bord : un participant au fil des ans, et la carte du monde',
  },
  'dash.intro': {
    en:
      "Choose a participant, or the world, to see its production year by year in carats, US$ " +
      'and US$ per carat, and its exports and imports from certificates. Every chart has the ' +
      'table it is drawn from. The map colours each country by its production in the year ' +
      'chosen above.',
    fr:
      'Choisissez un participant, ou le monde, pour voir sa production année par année en ' +
      "carats, en US$ et en US$ par carat, et ses exportations et importations d'après les " +
      'certificats. Chaque graphique a le tableau dont il est tiré. La carte colore chaque pays ' +
      "selon sa production de l'année choisie plus haut.",
  },
  'dash.loadFailed': {
    en: 'This part of the page could not be loaded. Reload the page to try again.',
    fr: "Cette partie de la page n'a pas pu être chargée. Rechargez la page pour réessayer.",
  },
  'dash.participant': { en: 'Participant', fr: 'Participant' },
  'dash.world': { en: 'World total', fr: 'Total mondial' },
  'dash.production': { en: 'Production', fr: 'Production' },
  'dash.captionCarats': {
    en: '{name}: rough-diamond production per year, in carats',
    fr: '{name} : production de diamants bruts par an, en carats',
  },
  'dash.captionUsd': {
    en: '{name}: value of the production per year, in US$',
    fr: '{name} : valeur de la production par an, en US$',
  },
  'dash.captionUsdPerCarat': {
    en: '{name}: average value per carat, in US$',
    fr: '{name} : valeur moyenne par carat, en US$',
  },
  'dash.captionTrade': {
    en: '{name}: exports and imports from certificates, in carats',
    fr: "{name} : exportations et importations d'après les certificats, en carats",
  },
  'dash.captionWorldCarats': {
    en: 'World: rough-diamond production per year, in carats',
    fr: 'Monde : production de diamants bruts par an, en carats',
  },
  'dash.captionWorldUsd': {
    en: 'World: value of the production per year, in US$',
    fr: 'Monde : valeur de la production par an, en US$',
  },
  'dash.captionWorldUsdPerCarat': {
    en: 'World: average value per carat, in US$',
    fr: 'Monde : valeur moyenne par carat, en US$',
  },
  'dash.captionWorldTrade': {
    en: 'World: exports and imports from certificates, in carats',
    fr: "Monde : exportations et importations d'après les certificats, en carats",
  },
  'dash.unit.ct0': { en: 'Carats', fr: 'Carats' },
  'dash.unit.ct3': { en: 'thousand carats', fr: 'milliers de carats' },
  'dash.unit.ct6': { en: 'million carats', fr: 'millions de carats' },
  'dash.unit.ct9': { en: 'billion carats', fr: 'milliards de carats' },
  'dash.unit.usd0': { en: 'US$', fr: 'US$' },
  'dash.unit.usd3': { en: 'US$ thousand', fr: 'milliers de US$' },
  'dash.unit.usd6': { en: 'US$ million', fr: 'millions de US$' },
  'dash.unit.usd9': { en: 'US$ billion', fr: 'milliards de US$' },
  'dash.unit.usdPerCarat': { en: 'US$ per carat', fr: 'US$ par carat' },
  'dash.bar': { en: '{year}: {value}', fr: '{year} : {value}' },
  'dash.barIncomplete': {
    en: '{year}: {value} (incomplete: a half-year report is missing)',
    fr: '{year} : {value} (incomplet : il manque une déclaration semestrielle)',
  },
  'dash.barNil': { en: '{year}: nil report', fr: '{year} : déclaration nulle' },
  'dash.barNone': { en: '{year}: no figure', fr: '{year} : pas de chiffre' },
  'dash.barWithheld': {
    en: '{year}: withheld (too few certificates)',
    fr: '{year} : non publié (trop peu de certificats)',
  },
  'dash.legendComplete': { en: 'a whole year', fr: 'une année entière' },
  'dash.legendIncomplete': {
    en: 'a year with a half-year report missing',
    fr: 'une année où il manque une déclaration semestrielle',
  },
  'dash.legendNil': { en: 'nil report', fr: 'déclaration nulle' },
  'dash.legendWithheld': {
    en: 'withheld (too few certificates)',
    fr: 'non publié (trop peu de certificats)',
  },
  'dash.noProduction': {
    en: 'No production figures for this participant.',
    fr: 'Aucun chiffre de production pour ce participant.',
  },
  'dash.noTrade': {
    en: 'No exports or imports from certificates in this registry.',
    fr: "Aucune exportation ni importation d'après les certificats de ce registre.",
  },
  'dash.tableSummary': {
    en: 'The figures of these charts, as a table',
    fr: 'Les chiffres de ces graphiques, en tableau',
  },
  'dash.incomplete': { en: '(incomplete)', fr: '(incomplet)' },
  'dash.exportsCarats': { en: 'Exports, carats', fr: 'Exportations, carats' },
  'dash.exportsUsd': { en: 'Exports, US$', fr: 'Exportations, US$' },
  'dash.importsCarats': { en: 'Imports, carats', fr: 'Importations, carats' },
  'dash.importsUsd': { en: 'Imports, US$', fr: 'Importations, US$' },

  // The dashboard: anomaly findings, signed in
  'dash.findingsSignIn': {
    en: "Signed in, the participant's anomaly findings are shown here, with the numbers behind each.",
    fr:
      "Une fois connecté, vous voyez ici les constats d'anomalie du participant, avec les " +
      'chiffres derrière chacun.',
  },
  'dash.findingsFor': {
    en: '{name}: anomaly findings, most severe first',
    fr: "{name} : constats d'anomalie, les plus graves d'abord",
  },
  'dash.findingsAll': {
    en: 'Anomaly findings you may see, most severe first',
    fr: "Les constats d'anomalie que vous pouvez voir, les plus graves d'abord",
  },
  'dash.asOf': { en: 'As of {at}.', fr: 'Au {at}.' },
  'dash.notUpToDate': {
    en: 'Certificates issued, confirmed or voided since then are not in them yet.',
    fr: "Les certificats délivrés, confirmés ou annulés depuis n'y sont pas encore.",
  },
  'dash.noFindings': { en: 'No findings.', fr: 'Aucun constat.' },
  'dash.findingsShown': {
    en: '{shown} of {total} findings.',
    fr: '{shown} constats sur {total}.',
  },
  'dash.severity': { en: 'severity {severity}', fr: 'gravité {severity}' },
  'dash.compared': { en: 'The numbers compared', fr: 'Les chiffres comparés' },
  'dash.threshold': { en: 'Threshold:', fr: 'Seuil :' },

  // The world map
  'map.title': {
    en: 'World map of rough-diamond production',
    fr: 'Carte mondiale de la production de diamants bruts',
  },
  'map.colourBy': { en: 'Colour by', fr: 'Couleur selon' },
  'map.captionCarats': {
    en: 'Rough-diamond production in {year}, in carats',
    fr: 'Production de diamants bruts en {year}, en carats',
  },
  'map.captionUsd': {
    en: 'Rough-diamond production in {year}, in US$',
    fr: 'Production de diamants bruts en {year}, en US$',
  },
  'map.help': {
    en:
      'Hover over or tap a country to see its figure; with the keyboard, move into the map, then ' +
      'from country to country with the arrow keys. Country shapes: Natural Earth.',
    fr:
      'Survolez ou touchez un pays pour voir son chiffre ; au clavier, entrez dans la carte, puis ' +
      "passez d'un pays à l'autre avec les flèches. Contours des pays : Natural Earth.",
  },
  'map.figure': { en: '{country}, {year}: {figures}', fr: '{country}, {year} : {figures}' },
  'map.incomplete': {
    en: '{country}, {year}: {figures} (incomplete)',
    fr: '{country}, {year} : {figures} (incomplet)',
  },
  'map.nil': { en: '{country}, {year}: nil report', fr: '{country}, {year} : déclaration nulle' },
  'map.eu': {
    en: "{country}, part of the European Union (one KP participant), {year}: the EU's {figures}",
    fr:
      "{country}, partie de l'Union européenne (un participant du PK), {year} : pour toute " +
      "l'UE {figures}",
  },
  'map.euNil': {
    en: '{country}, part of the European Union (one KP participant), {year}: nil report',
    fr: "{country}, partie de l'Union européenne (un participant du PK), {year} : déclaration nulle",
  },
  'map.none': {
    en: '{country}: no production figure for {year}',
    fr: '{country} : pas de chiffre de production pour {year}',
  },
  'map.rangeCt': { en: '{from} to {to} carats', fr: 'de {from} à {to} carats' },
  'map.rangeCtBelow': { en: 'under {to} carats', fr: 'moins de {to} carats' },
  'map.rangeCtAbove': { en: '{from} carats or more', fr: '{from} carats ou plus' },
  'map.rangeUsd': { en: 'US$ {from} to {to}', fr: 'de {from} à {to} US$' },
  'map.rangeUsdBelow': { en: 'under US$ {to}', fr: 'moins de {to} US$' },
  'map.rangeUsdAbove': { en: 'US$ {from} or more', fr: '{from} US$ ou plus' },
  'map.legendNil': { en: 'nil report', fr: 'déclaration nulle' },
  'map.legendNone': { en: 'no figure', fr: 'pas de chiffre' },
  'map.euNote': {
    en:
      "The European Union is one KP participant: its {count} member states in {year} are " +
      "coloured with the EU's figure.",
    fr:
      "L'Union européenne est un seul participant du PK : ses {count} États membres en {year} " +
      "sont colorés avec le chiffre de l'UE.",
  },
  'map.tooSmall': {
    en: 'Too small to show at this scale: {names} (their figures are in the table above).',
    fr: 'Trop petits pour être vus à cette échelle : {names} (leurs chiffres sont dans le tableau plus haut).',
  },
} as const;
