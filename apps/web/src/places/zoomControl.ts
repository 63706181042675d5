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
  // Never suspends: a map on a page that has not loaded the places catalogue yet would otherwise
  // suspend the whole page (and remount the form the person is typing in); the words follow when it arrives.
  const { t, ready } = useTranslation('places', { useSuspense: false });
  useEffect(() => {
    const container = leaflet.current?.getContainer();
    if (!container || !ready) return;
    for (const [className, key] of BUTTONS) {
      const button = container.querySelector(`.${className}`);
      button?.setAttribute('title', t(key));
      button?.setAttribute('aria-label', t(key));
    }
  }, [leaflet, map, t, ready]);
}
