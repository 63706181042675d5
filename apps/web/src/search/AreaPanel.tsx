import { Button, Group, NumberInput, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchPlace, Street } from '../api';
import { polygonOf, type AreaShape, type LatLng } from '../places/ConsoleMap';

export type AreaTool = 'polygon' | 'circle' | 'street' | 'ward';

interface AreaPanelProps {
  tool: AreaTool | null;
  onTool: (tool: AreaTool | null) => void;
  draft: AreaShape;
  onDraft: (draft: AreaShape) => void;
  /** The map's centre, for drawing with the keyboard. */
  centre: () => LatLng | null;
  streets: Street[];
  wardId: string;
  wardName: string;
  onChoose: (place: SearchPlace, label: string) => void;
}

/**
 * Where to search, besides a street typed in the box: a polygon or a circle drawn on the map (a
 * click adds a corner or sets the centre; the "at the map's centre" buttons do the same for
 * keyboards, with the arrow keys panning the map), a street picked from the ward's list with a
 * house-number range, or the whole ward. Hand-written rather than a drawing plugin: a few dozen
 * lines, no injected styles for the CSP, and each step is a labelled button.
 */
export function AreaPanel({ tool, onTool, draft, onDraft, centre, streets, wardId, wardName, onChoose }: AreaPanelProps) {
  const { t } = useTranslation('search');
  const [street, setStreet] = useState<string | null>(null);
  const [houseFrom, setHouseFrom] = useState('');
  const [houseTo, setHouseTo] = useState('');
  const points = draft?.kind === 'polygon' ? draft.points : [];
  const circle = draft?.kind === 'circle' ? draft : null;

  const addPoint = () => {
    const c = centre();
    if (c) onDraft({ kind: 'polygon', points: [...points, c], closed: false });
  };
  const setCentre = () => {
    const c = centre();
    if (c) onDraft({ kind: 'circle', centre: c, radiusM: circle?.radiusM ?? 150 });
  };

  return (
    <Stack gap="xs">
      <SegmentedControl
        aria-label={t('area.tools')}
        value={tool ?? ''}
        onChange={(value) => {
          onTool((value || null) as AreaTool | null);
          onDraft(null);
        }}
        data={[
          { value: 'polygon', label: t('area.polygon') },
          { value: 'circle', label: t('area.circle') },
          { value: 'street', label: t('area.street') },
          { value: 'ward', label: t('area.ward') },
        ]}
        transitionDuration={0}
        size="xs"
        fullWidth
      />
      {tool === 'polygon' && (
        <>
          <Text size="sm">{t('area.polygonHelp', { count: points.length })}</Text>
          <Group gap="xs">
            <Button variant="default" size="xs" onClick={addPoint}>
              {t('area.addPoint')}
            </Button>
            <Button
              variant="default"
              size="xs"
              disabled={points.length === 0}
              onClick={() => onDraft({ kind: 'polygon', points: points.slice(0, -1), closed: false })}
            >
              {t('area.undoPoint')}
            </Button>
            <Button
              size="xs"
              disabled={points.length < 3}
              onClick={() => {
                onDraft({ kind: 'polygon', points, closed: true });
                onChoose({ kind: 'polygon', polygon: polygonOf(points) }, t('area.polygonLabel', { count: points.length }));
              }}
            >
              {t('area.finishPolygon')}
            </Button>
          </Group>
        </>
      )}
      {tool === 'circle' && (
        <>
          <Text size="sm">{circle ? t('area.circleSet') : t('area.circleHelp')}</Text>
          <Group gap="xs" align="flex-end">
            <Button variant="default" size="xs" onClick={setCentre}>
              {t('area.centreHere')}
            </Button>
            <NumberInput
              label={t('area.radius')}
              value={circle?.radiusM ?? 150}
              min={10}
              max={2000}
              step={10}
              w={140}
              size="xs"
              onChange={(v) => circle && typeof v === 'number' && onDraft({ ...circle, radiusM: v })}
            />
            <Button
              size="xs"
              disabled={!circle}
              onClick={() =>
                circle &&
                onChoose(
                  { kind: 'circle', latitude: circle.centre.latitude, longitude: circle.centre.longitude, radiusM: circle.radiusM },
                  t('area.circleLabel', { radius: circle.radiusM }),
                )
              }
            >
              {t('area.useCircle')}
            </Button>
          </Group>
        </>
      )}
      {tool === 'street' && (
        <Group gap="xs" align="flex-end">
          <Select
            label={t('area.streetPick')}
            data={streets.map((s) => ({ value: s.name, label: s.name }))}
            value={street}
            onChange={setStreet}
            searchable
            w={220}
            size="xs"
            comboboxProps={{ withinPortal: false }}
          />
          <TextInput label={t('area.houseFrom')} value={houseFrom} onChange={(e) => setHouseFrom(e.currentTarget.value)} w={90} size="xs" />
          <TextInput label={t('area.houseTo')} value={houseTo} onChange={(e) => setHouseTo(e.currentTarget.value)} w={90} size="xs" />
          <Button
            size="xs"
            disabled={!street}
            onClick={() =>
              street &&
              onChoose(
                {
                  kind: 'street',
                  street,
                  wardId,
                  ...(houseFrom.trim() ? { houseFrom: houseFrom.trim() } : {}),
                  ...(houseTo.trim() ? { houseTo: houseTo.trim() } : {}),
                },
                houseFrom.trim() || houseTo.trim()
                  ? t('area.streetRangeLabel', { street, from: houseFrom.trim() || '…', to: houseTo.trim() || '…' })
                  : street,
              )
            }
          >
            {t('area.useStreet')}
          </Button>
        </Group>
      )}
      {tool === 'ward' && (
        <Button size="xs" variant="default" onClick={() => onChoose({ kind: 'ward', wardId }, wardName)}>
          {t('area.useWard', { ward: wardName })}
        </Button>
      )}
    </Stack>
  );
}
