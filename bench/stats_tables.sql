-- The six summary tables of bench/stats_bench.cpp, computed from the stored rows by the sqlite3
-- shell: production per year and per half-year (current figures), exports per year and quarter
-- (certificates not voided, at the issue date), imports per year and quarter (confirmations, as
-- received). Same grouping and sums as openkp's tables.
.read bench/stats_tables_production.sql
SELECT c.issuer, substr(c.issued_on, 1, 4), SUM(c.carats_hundredths), SUM(c.value_usd_cents),
       COUNT(*)
  FROM certificates c JOIN certificate_status s ON s.number = c.number
  WHERE s.state <> 'voided' GROUP BY 1, 2;
SELECT c.issuer, substr(c.issued_on, 1, 4), (CAST(substr(c.issued_on, 6, 2) AS INTEGER) + 2) / 3,
       SUM(c.carats_hundredths), SUM(c.value_usd_cents), COUNT(*)
  FROM certificates c JOIN certificate_status s ON s.number = c.number
  WHERE s.state <> 'voided' GROUP BY 1, 2, 3;
SELECT c.destination, substr(s.received_on, 1, 4), SUM(s.received_carats_hundredths),
       SUM(s.received_value_usd_cents), COUNT(*)
  FROM certificates c JOIN certificate_status s ON s.number = c.number
  WHERE s.state = 'confirmed' GROUP BY 1, 2;
SELECT c.destination, substr(s.received_on, 1, 4),
       (CAST(substr(s.received_on, 6, 2) AS INTEGER) + 2) / 3, SUM(s.received_carats_hundredths),
       SUM(s.received_value_usd_cents), COUNT(*)
  FROM certificates c JOIN certificate_status s ON s.number = c.number
  WHERE s.state = 'confirmed' GROUP BY 1, 2, 3;
