import 'leaflet/dist/leaflet.css';
import '../places/ward-map.css';
import L from 'leaflet';
import { useEffect, useRef } from 'react';
import { useLocalizedZoomControl } from '../places/zoomControl';
import type { WardMapData } from '../api';

const BOUNDARY: L.PathOptions = { color: '#1c5d99', weight: 2, fill: true, fillColor: '#1c5d99', fillOpacity: 0.03, interactive: false };
const STREET: L.PathOptions = { color: '#6b7280', weight: 3, opacity: 0.7, interactive: false };
const AREA: L.PathOptions = { color: '#c2410c', weight: 3, dashArray: '6 4', fillColor: '#f97316', fillOpacity: 0.25, interactive: false };

/**
 * The requested area on the ward's own vector map (boundary and streets from GET /wards/:id/map):
 * no tiles, so it works offline and in a headless browser. `ring` is [longitude, latitude] pairs
 * (a polygon's outer ring, or a circle drawn as one). The page says the same in words beside it.
 */
export function AreaMap({
  ward,
  ring,
  label,
  describedBy,
}: {
  ward: WardMapData | null;
  ring: [number, number][] | null;
  label: string;
  describedBy?: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const leaflet = useRef<L.Map | null>(null);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const m = L.map(element, { attributionControl: false, zoomSnap: 0.25, minZoom: 12, maxZoom: 20 });
    leaflet.current = m;
    // The view first: Leaflet cannot place a vector layer on a map that has none yet.
    const boundary = ward?.features.find((f) => f.properties.layer === 'ward');
    const area = ring && ring.length >= 3 ? ring.map(([lon, lat]) => [lat, lon] as [number, number]) : null;
    if (area) m.fitBounds(L.latLngBounds(area).pad(0.4));
    else if (boundary) m.fitBounds(L.geoJSON(boundary).getBounds());
    else if (ward?.bbox) {
      const [west, south, east, north] = ward.bbox;
      m.fitBounds([
        [south, west],
        [north, east],
      ]);
    } else m.setView([21.39, 103.03], 15);
    for (const feature of ward?.features ?? []) {
      L.geoJSON(feature, { style: () => (feature.properties.layer === 'ward' ? BOUNDARY : STREET) }).addTo(m);
    }
    if (area) L.polygon(area, AREA).addTo(m);
    return () => {
      m.remove();
      leaflet.current = null;
    };
  }, [ward, ring]);
  useLocalizedZoomControl(leaflet, [ward, ring]);

  return <div ref={container} className="ward-map" role="region" aria-label={label} aria-describedby={describedBy} />;
}
