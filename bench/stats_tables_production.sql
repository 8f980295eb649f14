-- Production per year and per half-year from the current figures (read by stats_tables.sql and
-- stats_tables_flows.sql).
SELECT c.participant, c.year, SUM(f.carats_hundredths), SUM(f.value_usd_cents), COUNT(*)
  FROM stat_current c JOIN stat_figures f ON f.id = c.figure_id
  WHERE c.flow = 'production' GROUP BY c.participant, c.year;
SELECT c.participant, c.year, c.period, SUM(f.carats_hundredths), SUM(f.value_usd_cents)
  FROM stat_current c JOIN stat_figures f ON f.id = c.figure_id
  WHERE c.flow = 'production' GROUP BY c.participant, c.year, c.period;
