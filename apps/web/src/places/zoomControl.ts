import type L from 'leaflet';
import { type RefObject, useEffect } from 'react';
import { useTranslation } from 'react-i18next';

const BUTTONS = [
  ['leaflet-control-zoom-in', 'map.zoomIn'],
  ['leaflet-control-zoom-out', 'map.zoomOut'],
] as const;

/**
 * Leaflet's zoom buttons say "Zoom in" / "Zoom out" in English whatever the page's language: screen
 * readers read their title and label. This words them in the reader's language, again after a
 * language change or when the map is made anew (`map` changes). Call it after the effect that makes the map.
 */
export function useLocalizedZoomControl(leaflet: RefObject<L.Map | null>, map: unknown): void {
  const { t } = useTranslation('places');
  useEffect(() => {
    const container = leaflet.current?.getContainer();
    if (!container) return;
    for (const [className, key] of BUTTONS) {
      const button = container.querySelector(`.${className}`);
      button?.setAttribute('title', t(key));
      button?.setAttribute('aria-label', t(key));
    }
  }, [leaflet, map, t]);
}
