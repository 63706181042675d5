import { Anchor, Group, List, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { transparencyApi, type FigureKey, type TransparencyReport, type TransparencyRow } from '../api';
import { useFormat } from '../i18n/format';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageLoader } from '../ui/PageLoader';
import { PageTitle } from '../ui/PageTitle';
import { useLoad } from '../ui/useLoad';
import { FiguresChart } from './FiguresChart';

/** The table's columns, in the report's order (the API's FIGURES table). */
export const FIGURE_ORDER: FigureKey[] = [
  'requestsFiled',
  'supervisorApproved',
  'supervisorRejected',
  'ownerApproved',
  'ownerDeclined',
  'releases',
  'evidenceExports',
  'camerasEnrolled',
  'camerasPaused',
  'camerasWithdrawn',
];

/** The audit action each figure counts (shown in the explanation, so that anyone can check it). */
const ACTIONS: Record<FigureKey, string> = {
  requestsFiled: 'footage_request.filed',
  supervisorApproved: 'footage_request.supervisor_approved',
  supervisorRejected: 'footage_request.supervisor_rejected',
  ownerApproved: 'footage_request.owner_approved',
  ownerDeclined: 'footage_request.owner_declined',
  releases: 'footage.released',
  evidenceExports: 'evidence.exported',
  camerasEnrolled: 'camera.enrolled',
  camerasPaused: 'consent.paused',
  camerasWithdrawn: 'consent.withdrawn',
};

/**
 * The public transparency report (no sign-in): for one ward, the last twelve months' figures from
 * the audit log, as bars and as a table, with where the numbers come from and why small ones are
 * not shown; the same figures to download as JSON and CSV.
 */
export function TransparencyPage() {
  const { t } = useTranslation('transparency');
  const format = useFormat();
  const [wardId, setWardId] = useState<string | null>(null);
  const report = useLoad(() => transparencyApi.report({}), []);

  if (report.error) return <ErrorAlert error={report.error} />;
  if (!report.data) return <PageLoader />;
  const data = report.data;
  const ward = data.wards.find((w) => w.id === wardId) ?? data.wards[0];
  const rows = ward ? data.months.filter((r) => r.wardId === ward.id) : [];
  const period = { from: data.from, to: data.to, ...(ward ? { wardId: ward.id } : {}) };
  const cell = (row: TransparencyRow, key: FigureKey) => {
    const c = row.figures[key];
    return c.suppressed || c.value === null ? t('fewerThan', { threshold: format.number(data.threshold) }) : format.number(c.value);
  };

  return (
    <Stack gap="lg">
      <PageTitle>{t('title')}</PageTitle>
      <Text>{t('intro', { from: format.month(data.from), to: format.month(data.to) })}</Text>
      {data.wards.length === 0 ? (
        <Text c="dimmed">{t('noWards')}</Text>
      ) : (
        <>
          <Select
            label={t('ward')}
            data={data.wards.map((w) => ({ value: w.id, label: w.name }))}
            value={ward.id}
            onChange={(value) => setWardId(value)}
            allowDeselect={false}
            maw={420}
          />
          <section aria-labelledby="transparency-chart">
            <Title order={2} id="transparency-chart" size="h3" mb="xs">
              {t('chart.title', { ward: ward.name })}
            </Title>
            <FiguresChart rows={rows} threshold={data.threshold} />
          </section>
          <section aria-labelledby="transparency-table">
            <Title order={2} id="transparency-table" size="h3" mb="xs">
              {t('table.title', { ward: ward.name })}
            </Title>
            <FiguresTable rows={rows} cell={cell} ward={ward.name} />
          </section>
          <Group gap="md">
            <Anchor href={transparencyApi.jsonUrl(period)} download={`transparency-${data.from}-${data.to}.json`}>
              {t('download.json')}
            </Anchor>
            <Anchor href={transparencyApi.csvUrl(period)} download>
              {t('download.csv')}
            </Anchor>
          </Group>
        </>
      )}
      <Explanation report={data} />
    </Stack>
  );
}

function FiguresTable({
  rows,
  cell,
  ward,
}: {
  rows: TransparencyRow[];
  cell: (row: TransparencyRow, key: FigureKey) => string;
  ward: string;
}) {
  const { t } = useTranslation('transparency');
  const format = useFormat();
  return (
    // Wider than a phone: it scrolls sideways, and a keyboard can scroll it too (focusable region).
    <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={t('table.caption', { ward })}>
      <Table miw={960} striped withTableBorder withColumnBorders stickyHeader>
        <Table.Caption>{t('table.caption', { ward })}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('table.month')}</Table.Th>
            {FIGURE_ORDER.map((key) => (
              <Table.Th scope="col" key={key}>
                {t(`figure.${key}`)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...rows].reverse().map((row) => (
            <Table.Tr key={row.month}>
              <Table.Th scope="row">{format.month(row.month)}</Table.Th>
              {FIGURE_ORDER.map((key) => (
                <Table.Td key={key} ta="end">
                  {cell(row, key)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

function Explanation({ report }: { report: TransparencyReport }) {
  const { t } = useTranslation('transparency');
  const format = useFormat();
  const threshold = format.number(report.threshold);
  return (
    <section aria-labelledby="transparency-about">
      <Stack gap="sm">
        <Title order={2} id="transparency-about" size="h3">
          {t('about.title')}
        </Title>
        <Text>{t('about.source')}</Text>
        <List spacing={4}>
          {FIGURE_ORDER.map((key) => (
            <List.Item key={key}>
              <Text span fw={600}>
                {t(`figure.${key}`)}
              </Text>
              {': '}
              {t(`figureMeaning.${key}`)}{' '}
              <Text span c="dimmed" ff="monospace" size="sm">
                {ACTIONS[key]}
              </Text>
            </List.Item>
          ))}
        </List>
        <Text>{t('about.months', { zone: report.timeZone })}</Text>
        <Text>{t('about.wards')}</Text>
        <Title order={3} size="h4">
          {t('about.suppressionTitle')}
        </Title>
        <Text>{t('about.suppression', { threshold, below: format.number(report.threshold - 1) })}</Text>
        <Text>{t('about.noTotals')}</Text>
        <Text>{t('about.notAudited')}</Text>
        <Text size="sm" c="dimmed">
          {t('about.generated', { at: format.dateTime(report.generatedAt) })}
        </Text>
      </Stack>
    </section>
  );
}
