import L from 'leaflet';
import type { WardMapData } from '../api';

const BOUNDARY: L.PathOptions = {
  color: '#1c5d99',
  weight: 3,
  fill: true,
  fillColor: '#1c5d99',
  fillOpacity: 0.04,
  interactive: false,
  className: 'ward-boundary',
};
const STREET: L.PathOptions = { color: '#6b7280', weight: 4, opacity: 0.8, interactive: false, className: 'ward-street' };

/**
 * The ward's own vector layers on a Leaflet map (GET /wards/:id/map): the boundary, the streets and
 * their names (long streets always, short ones and alleys from zoom 17, so labels do not pile up).
 * Shared by the residents' pin picker and the officers' console. Returns what removes them.
 */
export function addWardLayers(m: L.Map, map: WardMapData): () => void {
  const layers: L.Layer[] = [];
  const labels: { tooltip: L.Tooltip; long: boolean }[] = [];
  const wardSize = map.bbox ? Math.hypot(map.bbox[2] - map.bbox[0], map.bbox[3] - map.bbox[1]) : 0;
  for (const feature of map.features) {
    if (feature.properties.layer === 'ward') {
      layers.push(L.geoJSON(feature, { style: () => BOUNDARY }).addTo(m));
    } else {
      const layer = L.geoJSON(feature, { style: () => STREET }).addTo(m);
      layers.push(layer);
      const bounds = layer.getBounds();
      const size = Math.hypot(bounds.getEast() - bounds.getWest(), bounds.getNorth() - bounds.getSouth());
      const tooltip = L.tooltip({ permanent: true, direction: 'center', className: 'ward-map-street' })
        .setLatLng(bounds.getCenter())
        // As text, never HTML: street names are data an admin imported.
        .setContent(textElement(feature.properties.name));
      labels.push({ tooltip, long: size >= wardSize * 0.35 });
    }
  }
  const showLabels = () => {
    const close = m.getZoom() >= 17;
    for (const { tooltip, long } of labels) {
      if (long || close) tooltip.addTo(m);
      else tooltip.remove();
    }
  };
  m.on('zoomend', showLabels);
  if (map.bbox) {
    const [west, south, east, north] = map.bbox;
    m.fitBounds([
      [south, west],
      [north, east],
    ]);
  } else {
    m.setView([21.39, 103.03], 15);
  }
  showLabels();
  return () => {
    m.off('zoomend', showLabels);
    for (const layer of layers) layer.remove();
    for (const { tooltip } of labels) tooltip.remove();
  };
}

export function textElement(text: string): HTMLElement {
  const span = document.createElement('span');
  span.textContent = text;
  return span;
}
