// world-atlas's Natural Earth countries (TopoJSON), imported by worldmap.ts: its shape, for the
// type check (the package ships JSON only).
declare module 'world-atlas/countries-110m.json' {
  import type { GeometryCollection, Topology } from 'topojson-specification';
  const atlas: Topology<{
    countries: GeometryCollection<{ name: string }>;
    land: GeometryCollection;
  }>;
  export default atlas;
}
