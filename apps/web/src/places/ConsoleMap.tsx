import 'leaflet/dist/leaflet.css';
import './ward-map.css';
import L from 'leaflet';
import { useEffect, useRef } from 'react';
import type { GeoMultiPolygon, WardCamera, WardCameraLayer, WardMapData } from '../api';
import type { GeoPolygon } from '../search/place';
import { toLatLngs, type Position } from './geometry';
import { addWardLayers, textElement } from './wardLayers';
import { useLocalizedZoomControl } from './zoomControl';

export interface LatLng {
  latitude: number;
  longitude: number;
}

/** What the officer is drawing or has drawn, to show on the map. */
export type AreaShape = { kind: 'polygon'; points: LatLng[]; closed: boolean } | { kind: 'circle'; centre: LatLng; radiusM: number } | null;

export interface ConsoleMapProps {
  map: WardMapData;
  layer: WardCameraLayer | null;
  /** The map's accessible name; `describedBy` names the text that says what it shows. */
  label: string;
  describedBy?: string;
  /** Cameras in the current result (drawn with a ring). */
  resultIds?: ReadonlySet<string>;
  /** The camera whose timeline row is hovered or selected. */
  highlightId?: string | null;
  onSelectCamera?: (id: string) => void;
  /** Describes a camera in words for its tooltip (label, address, health, open gap). */
  describe: (camera: WardCamera) => string;
  area?: AreaShape;
  /** The parts of the searched area no consenting camera covers (hatched red). */
  uncovered?: GeoMultiPolygon | null;
  /** A click on the map (drawing). */
  onMapClick?: (at: LatLng) => void;
  /** The optional offline basemap (settings `map.basemap`): a PMTiles file the API serves. */
  basemapUrl?: string | null;
  /** Called with the map once made, so the page can read its centre (keyboard drawing). */
  onReady?: (map: L.Map | null) => void;
}

/** Health colours, each with a second cue (the outline's dash) so colour is never the only sign. */
export const HEALTH_STYLE: Record<string, { fill: string; dash?: string }> = {
  online: { fill: '#15803d' },
  offline: { fill: '#b91c1c', dash: '3 3' },
  auth_failed: { fill: '#c2410c', dash: '6 2' },
  subscription_failing: { fill: '#a16207', dash: '1 3' },
  stream_unreachable: { fill: '#9d174d', dash: '4 1' },
  not_covered: { fill: '#1f2937', dash: '1 1' },
  unknown: { fill: '#475569', dash: '2 2' },
};
const healthStyle = (health: string) => HEALTH_STYLE[health] ?? { fill: '#475569', dash: '2 2' };

/** Cameras cluster below this zoom (a ward's 350 cameras would be a carpet); cones show from it. */
const CLUSTER_UNTIL_ZOOM = 16;

/**
 * The officers' ward map, from the API only: the ward's boundary and streets, every searchable
 * camera with its health, view cone and open gap, the cameras that do not consent to police search
 * as bare grey dots (no details), the area being drawn and, after an area search, the uncovered
 * parts hatched. Leaflet (SVG vectors, no tiles, no GPU): it draws in a headless browser and with no
 * internet. Clustering (supercluster) and the optional PMTiles basemap (protomaps-leaflet) are
 * loaded only when needed.
 */
export function ConsoleMap(props: ConsoleMapProps) {
  const { map, layer, label, describedBy, resultIds, highlightId, area, uncovered, basemapUrl } = props;
  const container = useRef<HTMLDivElement>(null);
  const leaflet = useRef<L.Map | null>(null);
  const renderer = useRef<L.SVG | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const markers = useRef(new Map<string, L.CircleMarker>());
  const highlight = useRef<() => void>(() => undefined);

  // The map and the ward's layers.
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const m = L.map(element, { attributionControl: false, zoomSnap: 0.25, minZoom: 12, maxZoom: 20, doubleClickZoom: false });
    leaflet.current = m;
    m.createPane('cameras').style.zIndex = '640';
    m.createPane('area').style.zIndex = '630';
    renderer.current = L.svg({ pane: 'cameras' });
    addHatchPattern(m);
    addWardLayers(m, map);
    m.on('click', (e: L.LeafletMouseEvent) => latest.current.onMapClick?.({ latitude: e.latlng.lat, longitude: e.latlng.lng }));
    latest.current.onReady?.(m);
    return () => {
      latest.current.onReady?.(null);
      m.remove();
      leaflet.current = null;
      renderer.current = null;
    };
  }, [map]);
  useLocalizedZoomControl(leaflet, map);

  // The optional offline basemap, its code in a chunk of its own.
  useEffect(() => {
    const m = leaflet.current;
    if (!m || !basemapUrl) return;
    let layerOnMap: L.Layer | null = null;
    let live = true;
    // protomaps-leaflet reads a URL ending in .pmtiles with its own pmtiles reader (HTTP Range requests, same origin).
    void import('protomaps-leaflet').then((protomaps) => {
      if (!live) return;
      layerOnMap = protomaps.leafletLayer({ url: basemapUrl, flavor: 'light', lang: 'vi', maxDataZoom: 15 }) as unknown as L.Layer;
      layerOnMap.addTo(m);
    });
    return () => {
      live = false;
      layerOnMap?.remove();
    };
  }, [map, basemapUrl]);

  // The cameras: clusters when zoomed out, each camera with its cone when close.
  useEffect(() => {
    const m = leaflet.current;
    const svg = renderer.current;
    if (!m || !svg || !layer) return;
    const group = L.layerGroup().addTo(m);
    const drawn = markers.current;
    let live = true;
    let redraw = () => undefined as void;
    void import('supercluster').then(({ default: Supercluster }) => {
      if (!live) return;
      const index = new Supercluster<{ id: string }>({ radius: 48, maxZoom: CLUSTER_UNTIL_ZOOM });
      index.load(
        layer.cameras.map((c) => ({
          type: 'Feature' as const,
          properties: { id: c.id },
          geometry: { type: 'Point' as const, coordinates: [c.location.longitude, c.location.latitude] },
        })),
      );
      const byId = new Map(layer.cameras.map((c) => [c.id, c]));
      redraw = () => {
        group.clearLayers();
        markers.current.clear();
        const close = m.getZoom() > CLUSTER_UNTIL_ZOOM;
        for (const other of layer.notSearchable) {
          L.circleMarker([other.location.latitude, other.location.longitude], {
            renderer: svg,
            radius: 3,
            color: '#9ca3af',
            weight: 1,
            fillColor: '#d1d5db',
            fillOpacity: 1,
            interactive: false,
            className: 'console-camera-hidden',
          }).addTo(group);
        }
        const b = m.getBounds().pad(0.2);
        const clusters = index.getClusters([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], Math.floor(m.getZoom()));
        for (const feature of clusters) {
          const [lon, lat] = feature.geometry.coordinates;
          const props = feature.properties as { cluster?: boolean; cluster_id?: number; point_count?: number; id?: string };
          if (props.cluster && props.cluster_id !== undefined) {
            const clusterId = props.cluster_id;
            const count = props.point_count ?? 0;
            L.marker([lat, lon], {
              icon: L.divIcon({ className: 'console-cluster', html: String(count), iconSize: [34, 34] }),
              keyboard: false,
              title: String(count),
            })
              .on('click', () => m.setView([lat, lon], Math.min(index.getClusterExpansionZoom(clusterId), CLUSTER_UNTIL_ZOOM + 1)))
              .addTo(group);
            continue;
          }
          const camera = props.id ? byId.get(props.id) : undefined;
          if (!camera) continue;
          if (close && camera.viewCone) {
            L.polygon(toLatLngs(camera.viewCone.coordinates[0] as Position[]), {
              renderer: svg,
              color: '#c2410c',
              weight: 1,
              fillColor: '#f97316',
              fillOpacity: 0.18,
              interactive: false,
              className: 'console-cone',
            }).addTo(group);
          }
          const style = healthStyle(camera.health);
          const marker = L.circleMarker([camera.location.latitude, camera.location.longitude], {
            renderer: svg,
            radius: 7,
            color: camera.openGap ? '#7f1d1d' : '#ffffff',
            weight: camera.openGap ? 3 : 2,
            dashArray: camera.openGap ? '2 2' : style.dash,
            fillColor: style.fill,
            fillOpacity: 1,
            className: `console-camera console-camera-${camera.health}${camera.openGap ? ' console-camera-gap' : ''}`,
          })
            .bindTooltip(textElement(latest.current.describe(camera)), { direction: 'top' })
            .on('click', () => latest.current.onSelectCamera?.(camera.id))
            .addTo(group);
          markers.current.set(camera.id, marker);
        }
        paintHighlight();
      };
      m.on('moveend', redraw);
      redraw();
    });
    const paintHighlight = () => {
      const { highlightId: id, resultIds: results } = latest.current;
      for (const [cameraId, marker] of markers.current) {
        const on = cameraId === id;
        const inResult = results?.has(cameraId) ?? false;
        marker.setRadius(on ? 12 : inResult ? 9 : 7);
        const el = marker.getElement();
        el?.classList.toggle('console-camera-highlight', on);
        el?.classList.toggle('console-camera-result', inResult);
        if (on) marker.bringToFront();
      }
    };
    highlight.current = paintHighlight;
    return () => {
      live = false;
      m.off('moveend', redraw);
      group.remove();
      drawn.clear();
      highlight.current = () => undefined;
    };
  }, [layer, map]);

  useEffect(() => {
    highlight.current();
    const marker = highlightId ? markers.current.get(highlightId) : undefined;
    const m = leaflet.current;
    if (marker && m && !m.getBounds().contains(marker.getLatLng())) m.panTo(marker.getLatLng(), { animate: false });
  }, [highlightId, resultIds]);

  // The area being drawn or searched.
  useEffect(() => {
    const m = leaflet.current;
    if (!m || !area) return;
    const group = L.layerGroup().addTo(m);
    const options: L.PathOptions = {
      pane: 'area',
      color: '#1d4ed8',
      weight: 2,
      fillColor: '#3b82f6',
      fillOpacity: 0.08,
      className: 'console-area',
    };
    if (area.kind === 'circle') {
      L.circle([area.centre.latitude, area.centre.longitude], { ...options, radius: area.radiusM, interactive: false }).addTo(group);
    } else if (area.points.length > 0) {
      const latlngs = area.points.map((p) => [p.latitude, p.longitude] as [number, number]);
      (area.closed
        ? L.polygon(latlngs, { ...options, interactive: false })
        : L.polyline(latlngs, { ...options, dashArray: '4 4', interactive: false })
      ).addTo(group);
      if (!area.closed)
        for (const point of latlngs)
          L.circleMarker(point, {
            pane: 'area',
            radius: 4,
            color: '#1d4ed8',
            fillColor: '#ffffff',
            fillOpacity: 1,
            interactive: false,
          }).addTo(group);
    }
    return () => {
      group.remove();
    };
  }, [area, map]);

  // What the search found no camera covering.
  useEffect(() => {
    const m = leaflet.current;
    if (!m || !uncovered || uncovered.coordinates.length === 0) return;
    const shape = L.geoJSON(uncovered, {
      style: () => ({
        pane: 'area',
        color: '#b91c1c',
        weight: 2,
        fillColor: 'url(#console-uncovered-hatch)',
        fillOpacity: 1,
        interactive: false,
        className: 'console-uncovered',
      }),
    }).addTo(m);
    return () => {
      shape.remove();
    };
  }, [uncovered, map]);

  return <div ref={container} className="ward-map console-map" role="region" aria-label={label} aria-describedby={describedBy} />;
}

/** Red diagonal hatching for the uncovered parts: an SVG pattern in the area pane's own SVG (no CSS, no inline style). */
function addHatchPattern(m: L.Map) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('width', '0');
  svg.setAttribute('height', '0');
  svg.setAttribute('aria-hidden', 'true');
  svg.classList.add('console-defs');
  const pattern = document.createElementNS(ns, 'pattern');
  pattern.setAttribute('id', 'console-uncovered-hatch');
  pattern.setAttribute('patternUnits', 'userSpaceOnUse');
  pattern.setAttribute('width', '8');
  pattern.setAttribute('height', '8');
  pattern.setAttribute('patternTransform', 'rotate(45)');
  const background = document.createElementNS(ns, 'rect');
  background.setAttribute('width', '8');
  background.setAttribute('height', '8');
  background.setAttribute('fill', 'rgba(220, 38, 38, 0.12)');
  const line = document.createElementNS(ns, 'line');
  line.setAttribute('x1', '0');
  line.setAttribute('y1', '0');
  line.setAttribute('x2', '0');
  line.setAttribute('y2', '8');
  line.setAttribute('stroke', '#dc2626');
  line.setAttribute('stroke-width', '3');
  pattern.append(background, line);
  const defs = document.createElementNS(ns, 'defs');
  defs.append(pattern);
  svg.append(defs);
  m.getContainer().append(svg);
}

/** A drawn polygon as GeoJSON (closed ring, [longitude, latitude]). */
export function polygonOf(points: readonly LatLng[]): GeoPolygon {
  const ring = points.map((p) => [p.longitude, p.latitude] as [number, number]);
  ring.push(ring[0]);
  return { type: 'Polygon', coordinates: [ring] };
}
