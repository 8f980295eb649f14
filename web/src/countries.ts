// ISO 3166-1 codes for the world map (worldmap.ts): the Natural Earth shapes of world-atlas are
// identified by numeric code, KP participants by alpha-2. The KP participants (and the former
// participants that now report as part of the EU), and the EU's member states.
export const NUMERIC: Record<string, string> = {
  AE: '784', AM: '051', AO: '024', AU: '036', BD: '050', BR: '076', BW: '072', BY: '112',
  CA: '124', CD: '180', CF: '140', CG: '178', CH: '756', CI: '384', CM: '120', CN: '156',
  GA: '266', GB: '826', GH: '288', GN: '324', GY: '328', ID: '360', IL: '376', IN: '356',
  JP: '392', KG: '417', KH: '116', KR: '410', KZ: '398', LA: '418', LB: '422', LK: '144',
  LR: '430', LS: '426', ML: '466', MU: '480', MX: '484', MY: '458', MZ: '508', NA: '516',
  NO: '578', NZ: '554', PA: '591', QA: '634', RU: '643', SG: '702', SL: '694', SZ: '748',
  TG: '768', TH: '764', TR: '792', TW: '158', TZ: '834', UA: '804', US: '840', VE: '862',
  VN: '704', ZA: '710', ZW: '716',
  // The EU's member states (HR, RO and SI were participants of their own before they joined).
  AT: '040', BE: '056', BG: '100', CY: '196', CZ: '203', DE: '276', DK: '208', EE: '233',
  ES: '724', FI: '246', FR: '250', GR: '300', HR: '191', HU: '348', IE: '372', IT: '380',
  LT: '440', LU: '442', LV: '428', MT: '470', NL: '528', PL: '616', PT: '620', RO: '642',
  SE: '752', SI: '705', SK: '703',
};

// The years in which each member state was in the EU (the KP's EU participant covered it): from
// its accession; the United Kingdom until the end of 2020 (a participant of its own from 2021).
const EU: [string, number, number?][] = [
  ...['AT', 'BE', 'DE', 'DK', 'ES', 'FI', 'FR', 'GR', 'IE', 'IT', 'LU', 'NL', 'PT', 'SE'].map(
    (c): [string, number] => [c, 1995],
  ),
  ['GB', 1995, 2020],
  ...['CY', 'CZ', 'EE', 'HU', 'LT', 'LV', 'MT', 'PL', 'SI', 'SK'].map((c): [string, number] => [c, 2004]),
  ['BG', 2007],
  ['RO', 2007],
  ['HR', 2013],
];

// The EU's member states in `year` (alpha-2).
export function euMembers(year: number): string[] {
  return EU.filter(([, from, to]) => year >= from && (to === undefined || year <= to)).map(([c]) => c);
}
