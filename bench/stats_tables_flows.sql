-- The same six tables from the aggregates openkp keeps (trade_flows), for comparison.
.read bench/stats_tables_production.sql
SELECT flow, participant, year, SUM(carats_hundredths), SUM(value_usd_cents), SUM(certificates)
  FROM trade_flows WHERE partner = '' AND hs_code = '' GROUP BY 1, 2, 3;
SELECT flow, participant, year, quarter, SUM(carats_hundredths), SUM(value_usd_cents),
       SUM(certificates)
  FROM trade_flows WHERE partner = '' AND hs_code = '' GROUP BY 1, 2, 3, 4;
