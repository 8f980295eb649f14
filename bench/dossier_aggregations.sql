-- The dossier's aggregations for Zimbabwe, 2005-2024, in plain SQL (bench/dossier_bench.sh):
-- production per year and half-year (current figures), certificate trade per year, in total and
-- per partner, certificate counts per side and state, and public incident reports per category.
SELECT c.year, c.period, SUM(f.carats_hundredths), SUM(f.value_usd_cents)
  FROM stat_current c JOIN stat_figures f ON f.id = c.figure_id
  WHERE c.flow = 'production' AND c.participant = 'ZW' AND c.year BETWEEN 2005 AND 2024
  GROUP BY c.year, c.period;
SELECT flow, year, SUM(carats_hundredths), SUM(value_usd_cents), SUM(certificates)
  FROM trade_flows WHERE participant = 'ZW' AND partner = '' AND hs_code = ''
  AND year BETWEEN 2005 AND 2024 GROUP BY flow, year;
SELECT flow, partner, year, SUM(carats_hundredths), SUM(value_usd_cents), SUM(certificates)
  FROM trade_flows WHERE participant = 'ZW' AND partner <> '' AND hs_code = ''
  AND year BETWEEN 2005 AND 2024 GROUP BY flow, partner, year;
SELECT 'issued', s.state, COUNT(*), SUM(s.state = 'issued' AND c.expires_on < date('now'))
  FROM certificates c JOIN certificate_status s ON s.number = c.number
  WHERE c.issuer = 'ZW' AND c.issued_on BETWEEN '2005-01-01' AND '2024-12-31' GROUP BY s.state;
SELECT 'received', s.state, COUNT(*), SUM(s.state = 'issued' AND c.expires_on < date('now'))
  FROM certificates c JOIN certificate_status s ON s.number = c.number
  WHERE c.destination = 'ZW' AND c.issued_on BETWEEN '2005-01-01' AND '2024-12-31'
  GROUP BY s.state;
SELECT r.category, COUNT(*) FROM monitor_reports r
  WHERE r.participant = 'ZW' AND r.restricted = 0 AND r.occurred_on BETWEEN '2005-01-01' AND '2024-12-31'
  AND (SELECT status FROM monitor_report_status s WHERE s.report_id = r.id ORDER BY s.id DESC LIMIT 1)
      IN ('verified', 'referred', 'resolved')
  GROUP BY r.category;
