import { NumberInput, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { compassPoint, VIEW_LIMITS, type ViewDirection } from './geometry';

/** Where the camera looks, in numbers a person can type (the cone on the map follows them). */
export function DirectionControls({ value, onChange }: { value: ViewDirection; onChange: (next: ViewDirection) => void }) {
  const { t } = useTranslation('places');
  const set = (key: keyof ViewDirection) => (input: string | number) => {
    const { min, max } = VIEW_LIMITS[key];
    const n = typeof input === 'number' ? input : Number.parseInt(input, 10);
    if (Number.isFinite(n)) onChange({ ...value, [key]: Math.min(max, Math.max(min, Math.round(n))) });
  };
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        {t('direction.title')}
      </Title>
      <Text size="sm">{t('direction.help')}</Text>
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="xs">
        <NumberInput
          label={t('direction.azimuth')}
          min={VIEW_LIMITS.azimuthDeg.min}
          max={VIEW_LIMITS.azimuthDeg.max}
          step={15}
          allowDecimal={false}
          value={value.azimuthDeg}
          onChange={set('azimuthDeg')}
        />
        <NumberInput
          label={t('direction.angle')}
          min={VIEW_LIMITS.fieldOfViewDeg.min}
          max={VIEW_LIMITS.fieldOfViewDeg.max}
          step={10}
          allowDecimal={false}
          value={value.fieldOfViewDeg}
          onChange={set('fieldOfViewDeg')}
        />
        <NumberInput
          label={t('direction.range')}
          min={VIEW_LIMITS.rangeM.min}
          max={VIEW_LIMITS.rangeM.max}
          step={5}
          allowDecimal={false}
          value={value.rangeM}
          onChange={set('rangeM')}
        />
      </SimpleGrid>
      <DirectionSummary direction={value} />
    </Stack>
  );
}

/** The direction in words: the text alternative of the cone. */
export function DirectionSummary({ direction }: { direction: ViewDirection | null }) {
  const { t } = useTranslation('places');
  return (
    <Text size="sm" aria-live="polite">
      {direction
        ? t('direction.summary', {
            point: t(`direction.point.${compassPoint(direction.azimuthDeg)}`),
            angle: direction.fieldOfViewDeg,
            range: direction.rangeM,
          })
        : t('direction.none')}
    </Text>
  );
}
