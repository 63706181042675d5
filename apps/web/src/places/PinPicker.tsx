import { Alert, Stack, Text } from '@mantine/core';
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WardMapData } from '../api';
import { useCoordinate } from './format';
import { inMultiPolygon, viewCone, type ViewDirection } from './geometry';
import { type LatLon, WardMap, wardBoundary } from './WardMap';

interface PinPickerProps {
  map: WardMapData;
  wardName: string;
  pin: LatLon | null;
  direction: ViewDirection | null;
  /** Only positions inside the ward reach the page; a tap outside shows why it was refused. */
  onPin: (pin: LatLon) => void;
  /** Shown under the map when the page has something to say about the pin (e.g. the API refused it). */
  error?: string | null;
  /** Words for the place (the address), read before the coordinates. */
  address?: string;
}

/**
 * The ward map to put a camera's pin on, with its text alternative: the address, the pin's
 * coordinates and the direction of view in words, so nothing depends on seeing the map.
 */
export function PinPicker({ map, wardName, pin, direction, onPin, error, address }: PinPickerProps) {
  const { t } = useTranslation('places');
  const coordinate = useCoordinate();
  const describedBy = useId();
  const [outside, setOutside] = useState(false);
  const boundary = useMemo(() => wardBoundary(map), [map]);
  const cone = useMemo(() => (pin && direction ? viewCone(pin.latitude, pin.longitude, direction) : null), [pin, direction]);

  const pick = (at: LatLon) => {
    // The API checks again (camera.outside_ward); this only saves a round trip and says why at once.
    if (boundary.length > 0 && !inMultiPolygon(boundary, at.latitude, at.longitude)) {
      setOutside(true);
      return;
    }
    setOutside(false);
    onPin(at);
  };

  return (
    <Stack gap="xs">
      <Text size="sm">{t('map.tapToPlace')}</Text>
      <Text size="sm" c="dimmed">
        {t('map.keyboardHint')}
      </Text>
      <WardMap
        map={map}
        label={t('map.label', { ward: wardName })}
        describedBy={describedBy}
        pin={pin}
        cone={cone}
        onPick={pick}
        centreLabel={t('map.placeAtCentre')}
      />
      {outside && (
        <Alert color="red" role="alert" variant="light">
          {t('map.outsideWard', { ward: wardName })}
        </Alert>
      )}
      {error && (
        <Alert color="red" role="alert" variant="light">
          {error}
        </Alert>
      )}
      {boundary.length === 0 && <Text size="sm">{t('map.noBoundary')}</Text>}
      <div id={describedBy}>
        {address && <Text size="sm">{address}</Text>}
        <Text size="sm" aria-live="polite">
          {pin ? t('map.pinAt', { latitude: coordinate(pin.latitude), longitude: coordinate(pin.longitude) }) : t('map.noPin')}
        </Text>
      </div>
    </Stack>
  );
}
