-- The same six tables from the aggregates openkp keeps (trade_flows), for comparison.
SELECT c.participant, c.year, SUM(f.carats_hundredths), SUM(f.value_usd_cents), COUNT(*)
  FROM stat_current c JOIN stat_figures f ON f.id = c.figure_id
  WHERE c.flow = 'production' GROUP BY c.participant, c.year;
SELECT c.participant, c.year, c.period, SUM(f.carats_hundredths), SUM(f.value_usd_cents)
  FROM stat_current c JOIN stat_figures f ON f.id = c.figure_id
  WHERE c.flow = 'production' GROUP BY c.participant, c.year, c.period;
SELECT flow, participant, year, SUM(carats_hundredths), SUM(value_usd_cents), SUM(certificates)
  FROM trade_flows WHERE partner = '' AND hs_code = '' GROUP BY 1, 2, 3;
SELECT flow, participant, year, quarter, SUM(carats_hundredths), SUM(value_usd_cents),
       SUM(certificates)
  FROM trade_flows WHERE partner = '' AND hs_code = '' GROUP BY 1, 2, 3, 4;
