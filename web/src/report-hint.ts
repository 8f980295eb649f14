// Whether this browser holds a community monitor's reports or signed one in (report.ts keeps
// {id, name} under this key): the page then loads the report form and its outbox as it opens,
// without a network too. Part of the page's first script; the form itself loads on demand.
export const REPORTS_HINT = 'openkp.reports';
export function reportsKept(): boolean {
  try {
    return localStorage.getItem(REPORTS_HINT) !== null;
  } catch {
    return false; // storage disabled
  }
}
