-- The regional dashboard's aggregations in plain SQL (bench/region_bench.sh), for the bench's
-- region of ten participants (:members below, substituted by the script), 2005-2024: production
-- per participant and year (current figures), certificate trade totals per participant, flow and
-- year, the partner breakdown between members, and the members' mining sites.
SELECT c.participant, c.year, SUM(f.carats_hundredths), SUM(f.value_usd_cents)
  FROM stat_current c JOIN stat_figures f ON f.id = c.figure_id
  WHERE c.flow = 'production' AND c.participant IN (:members) AND c.year <= 2024
  GROUP BY c.participant, c.year;
SELECT participant, flow, year, SUM(carats_hundredths), SUM(value_usd_cents), SUM(certificates)
  FROM trade_flows WHERE partner = '' AND hs_code = '' AND participant IN (:members)
  AND year <= 2024 GROUP BY participant, flow, year;
SELECT flow, participant, partner, year, SUM(carats_hundredths), SUM(value_usd_cents),
       SUM(certificates)
  FROM trade_flows WHERE partner <> '' AND hs_code = '' AND participant IN (:members)
  AND partner IN (:members) AND year BETWEEN 2005 AND 2024
  GROUP BY flow, participant, partner, year;
SELECT code, name, participant, lat_e6, lon_e6 FROM monitor_sites WHERE participant IN (:members);
