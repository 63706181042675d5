import { Anchor, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AuditEntry } from '../api';
import { useFormat } from '../i18n/format';
import { shortId } from './auditFilters';

/** Names the console knows for ids: cameras of the ward layer, case numbers, streets. */
export interface ConsoleNames {
  camera: (id: string) => string | null;
  caseNumber: (id: string) => string | null;
  street: (id: string) => string | null;
}

/** The localized name of an action; an action the catalogue does not know yet shows its family and code. */
export function useActionLabel() {
  const { t, i18n } = useTranslation('audit');
  return (action: string) => {
    if (i18n.exists(`audit:console.actions.${action}`)) return t(`console.actions.${action}`);
    const family = action.slice(0, action.indexOf('.'));
    return i18n.exists(`audit:console.families.${family}`)
      ? t('console.unknownAction', { family: t(`console.families.${family}`), action })
      : action;
  };
}

/** A few words on what the entry did, from its details, where they say something a supervisor asks. */
function useWhat() {
  const { t } = useTranslation('audit');
  return (e: AuditEntry): string | null => {
    const d = e.details as Record<string, unknown>;
    if (e.action === 'link.issued') return d.kind === 'download' ? t('console.what.download') : t('console.what.view');
    if (e.action.startsWith('search.')) {
      const place = (d.place ?? {}) as Record<string, unknown>;
      const results = (d.results ?? {}) as Record<string, unknown>;
      const where = place.kind === 'street' && typeof place.street === 'string' ? t('console.what.street', { street: place.street }) : null;
      const found = typeof results.cameras === 'number' ? t('console.what.cameras', { count: results.cameras }) : null;
      return [where, found].filter(Boolean).join(' · ') || null;
    }
    return null;
  };
}

/** Audit entries as a table: ward time, action, actor (name and role), subject, camera, case, what. */
export function AuditEntriesTable({ entries, names, caption }: { entries: AuditEntry[]; names: ConsoleNames; caption: string }) {
  const { t } = useTranslation('audit');
  const format = useFormat();
  const actionLabel = useActionLabel();
  const what = useWhat();

  const who = (e: AuditEntry) => {
    if (e.actorRole === 'system' || (!e.actorId && !e.actorName)) return t('console.who.system');
    const role = e.actorRole ? t(`role.${e.actorRole}`, { defaultValue: e.actorRole }) : '';
    return e.actorName ? t('who.named', { name: e.actorName, role }) : t('console.who.unnamed', { role });
  };

  return (
    <Table.ScrollContainer minWidth={820}>
      <Table striped highlightOnHover verticalSpacing="xs" fz="sm">
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('console.table.when')}</Table.Th>
            <Table.Th scope="col">{t('console.table.action')}</Table.Th>
            <Table.Th scope="col">{t('console.table.who')}</Table.Th>
            <Table.Th scope="col">{t('console.table.subject')}</Table.Th>
            <Table.Th scope="col">{t('console.table.camera')}</Table.Th>
            <Table.Th scope="col">{t('console.table.case')}</Table.Th>
            <Table.Th scope="col">{t('console.table.what')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((e) => {
            const camera = e.cameraId ? (names.camera(e.cameraId) ?? shortId(e.cameraId)) : '';
            const caseNumber = e.investigationId ? (names.caseNumber(e.investigationId) ?? shortId(e.investigationId)) : '';
            const subjectType = t(`console.subjects.${e.subjectType}`, { defaultValue: e.subjectType });
            return (
              <Table.Tr key={e.seq}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.dateTimeSeconds(e.at)}</Table.Td>
                <Table.Td>{actionLabel(e.action)}</Table.Td>
                <Table.Td>{who(e)}</Table.Td>
                <Table.Td>
                  {subjectType}
                  {e.subjectId && e.subjectType === 'clip' ? (
                    <>
                      {' '}
                      <Anchor component={Link} to={`/audit?clipId=${encodeURIComponent(e.subjectId)}`} title={e.subjectId}>
                        {shortId(e.subjectId)}
                      </Anchor>
                    </>
                  ) : e.subjectId ? (
                    <Text span c="dimmed" title={e.subjectId}>
                      {' '}
                      {shortId(e.subjectId)}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td title={e.cameraId ?? undefined}>{camera}</Table.Td>
                <Table.Td title={e.investigationId ?? undefined}>{caseNumber}</Table.Td>
                <Table.Td>{what(e)}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
