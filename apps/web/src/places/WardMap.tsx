import 'leaflet/dist/leaflet.css';
import './ward-map.css';
import { Button, Stack } from '@mantine/core';
import L from 'leaflet';
import { useEffect, useRef } from 'react';
import type { WardMapData } from '../api';
import { toLatLngs, type Position } from './geometry';
import { addWardLayers } from './wardLayers';
import { useLocalizedZoomControl } from './zoomControl';

export interface LatLon {
  latitude: number;
  longitude: number;
}

interface WardMapProps {
  map: WardMapData;
  /** The map's accessible name; the page gives the same facts in words next to it (address, coordinates). */
  label: string;
  /** The element that says in words what the map shows (the text alternative). */
  describedBy?: string;
  pin?: LatLon | null;
  /** The direction of view, [latitude, longitude] pairs (geometry.ts viewCone). */
  cone?: [number, number][] | null;
  /** Tap (or click) to place the pin; absent: the map only shows. */
  onPick?: (at: LatLon) => void;
  /** With onPick: a button that places the pin at the map's centre, for keyboards (arrow keys pan the map). */
  centreLabel?: string;
}

const CONE: L.PathOptions = { color: '#c2410c', weight: 2, fillColor: '#f97316', fillOpacity: 0.3, interactive: false };

/**
 * The ward drawn from its own data (GET /wards/:id/map): the boundary and the streets as vector
 * layers, no tiles, so it works offline and in a headless browser. The pin is an SVG circle and the
 * cone an SVG polygon: Leaflet's default marker images are never used.
 */
export function WardMap({ map, label, describedBy, pin, cone, onPick, centreLabel }: WardMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const leaflet = useRef<L.Map | null>(null);
  const pinLayer = useRef<L.CircleMarker | null>(null);
  const coneLayer = useRef<L.Polygon | null>(null);
  const cameraRenderer = useRef<L.Renderer | undefined>(undefined);
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const m = L.map(element, { attributionControl: false, zoomSnap: 0.25, minZoom: 13, maxZoom: 20 });
    leaflet.current = m;
    // The pin and the cone in a pane above the street names, so a label never hides where the camera is.
    m.createPane('camera').style.zIndex = '660';
    cameraRenderer.current = L.svg({ pane: 'camera' });
    addWardLayers(m, map);
    m.on('click', (e: L.LeafletMouseEvent) => pick.current?.({ latitude: e.latlng.lat, longitude: e.latlng.lng }));
    return () => {
      m.remove();
      leaflet.current = null;
      pinLayer.current = null;
      coneLayer.current = null;
    };
  }, [map]);
  useLocalizedZoomControl(leaflet, map);

  useEffect(() => {
    const m = leaflet.current;
    if (!m) return;
    coneLayer.current?.remove();
    coneLayer.current = cone ? L.polygon(cone, { ...CONE, renderer: cameraRenderer.current }).addTo(m) : null;
    pinLayer.current?.remove();
    pinLayer.current = pin
      ? L.circleMarker([pin.latitude, pin.longitude], {
          radius: 9,
          color: '#ffffff',
          weight: 3,
          fillColor: '#c2410c',
          fillOpacity: 1,
          interactive: false,
          className: 'ward-map-pin',
          renderer: cameraRenderer.current,
        }).addTo(m)
      : null;
  }, [pin, cone, map]);

  // Close enough to the pin to see its cone (tens of metres), wherever the map was.
  useEffect(() => {
    if (pin) leaflet.current?.setView([pin.latitude, pin.longitude], Math.max(leaflet.current.getZoom(), 18), { animate: false });
  }, [pin, map]);

  return (
    <Stack gap="xs">
      <div
        ref={container}
        className={onPick ? 'ward-map ward-map-picking' : 'ward-map'}
        role="region"
        aria-label={label}
        aria-describedby={describedBy}
      />
      {onPick && centreLabel && (
        <Button
          variant="default"
          onClick={() => {
            const centre = leaflet.current?.getCenter();
            if (centre) onPick({ latitude: centre.lat, longitude: centre.lng });
          }}
        >
          {centreLabel}
        </Button>
      )}
    </Stack>
  );
}

/** The ward's boundary polygons from its map, for the in-ward check before the API's. */
export function wardBoundary(map: WardMapData): Position[][][] {
  const ward = map.features.find((f) => f.properties.layer === 'ward');
  return ward ? (ward.geometry.coordinates as unknown as Position[][][]) : [];
}

export { toLatLngs };
