import { Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FigureKey, TransparencyRow } from '../api';
import { useFormat } from '../i18n/format';

/** The three figures the chart draws, with their colours (the legend names them). */
const SERIES: { key: FigureKey; color: string }[] = [
  { key: 'requestsFiled', color: '#1c7ed6' },
  { key: 'supervisorApproved', color: '#2f9e44' },
  { key: 'releases', color: '#e8590c' },
];

const HEIGHT = 180;
const TOP = 16;
const BOTTOM = 28;
const GROUP = 66;
const BAR = 14;

/**
 * Bars per month for requests filed, approved by a supervisor and released: plain SVG (three
 * series need no chart library). An image with a text summary for screen readers; the table
 * beside it carries every number. A suppressed month has no bar, only the "fewer than" mark.
 */
export function FiguresChart({ rows, threshold }: { rows: TransparencyRow[]; threshold: number }) {
  const { t } = useTranslation('transparency');
  const format = useFormat();
  const values = rows.flatMap((r) => SERIES.map((s) => r.figures[s.key].value ?? 0));
  const max = Math.max(threshold, ...values);
  const width = rows.length * GROUP + 8;
  const y = (v: number) => TOP + (HEIGHT - TOP - BOTTOM) * (1 - v / max);
  const suppressedMark = `<${format.number(threshold)}`;
  return (
    <figure style={{ margin: 0 }}>
      <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={t('chart.summary')}>
        <svg
          role="img"
          aria-label={t('chart.summary')}
          viewBox={`0 0 ${width} ${HEIGHT}`}
          // Its natural size: on a phone the region scrolls sideways rather than shrinking the labels.
          width={width}
          height={HEIGHT}
          style={{ display: 'block' }}
        >
          <line x1={4} x2={width - 4} y1={y(0)} y2={y(0)} stroke="#868e96" />
          {rows.map((row, i) => {
            const x0 = 8 + i * GROUP;
            return (
              <g key={row.month}>
                {SERIES.map((s, j) => {
                  const c = row.figures[s.key];
                  const x = x0 + j * (BAR + 2);
                  if (c.suppressed || c.value === null)
                    return (
                      <text key={s.key} x={x + BAR / 2} y={y(0) - 4} fontSize={8} textAnchor="middle" fill={s.color}>
                        {suppressedMark}
                      </text>
                    );
                  return <rect key={s.key} x={x} y={y(c.value)} width={BAR} height={y(0) - y(c.value)} fill={s.color} />;
                })}
                <text x={x0 + (3 * BAR + 4) / 2} y={HEIGHT - 10} fontSize={10} textAnchor="middle" fill="#343a40">
                  {format.month(row.month, 'short')}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
      <figcaption>
        <Group gap="md" mt="xs">
          {SERIES.map((s) => (
            <Group key={s.key} gap={6}>
              <svg width={12} height={12} aria-hidden="true">
                <rect width={12} height={12} fill={s.color} />
              </svg>
              <Text size="sm">{t(`figure.${s.key}`)}</Text>
            </Group>
          ))}
        </Group>
      </figcaption>
    </figure>
  );
}
