import { Button, Group, List, Paper, Text, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { CameraHit, SearchEvent } from '../api';
import { useFormat } from '../i18n/format';
import { markKind } from './timeline';

/**
 * One event, in words: its kind and topic, start and end in the ward's time, whether a clip exists.
 * Never the footage: seeing it takes a footage request and a release (the API enforces it), and the
 * panel says so. Takes the focus when it opens; Escape or the button closes it.
 */
export function EventDetail({ camera, event, onClose }: { camera: CameraHit; event: SearchEvent; onClose: () => void }) {
  const { t } = useTranslation('search');
  const format = useFormat();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [event.id]);
  const kind = markKind(event.kind);
  const seconds = event.endedAt ? Math.max(0, (Date.parse(event.endedAt) - Date.parse(event.startedAt)) / 1000) : null;

  return (
    <Paper
      withBorder
      p="sm"
      role="region"
      aria-labelledby="event-detail-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <Title order={3} size="h4" id="event-detail-title" ref={heading} tabIndex={-1}>
        {t('detail.title', { kind: t(`kind.${kind}`), camera: camera.label })}
      </Title>
      <List size="sm" spacing={2} mt="xs">
        <List.Item>{t('detail.address', { address: `${camera.address.houseNumber} ${camera.address.street}` })}</List.Item>
        <List.Item>{t('detail.topic', { topic: event.topic })}</List.Item>
        <List.Item>{t('detail.start', { at: format.dateTimeSeconds(event.startedAt) })}</List.Item>
        <List.Item>{event.endedAt ? t('detail.end', { at: format.dateTimeSeconds(event.endedAt) }) : t('detail.open')}</List.Item>
        {seconds !== null && <List.Item>{t('detail.duration', { duration: format.seconds(seconds) })}</List.Item>}
        <List.Item>{event.hasClip ? t('detail.clip') : t('detail.noClip')}</List.Item>
      </List>
      <Text size="sm" mt="xs" c="dimmed">
        {t('detail.noFootage')}
      </Text>
      <Group mt="xs">
        <Button variant="default" size="xs" onClick={onClose}>
          {t('detail.close')}
        </Button>
      </Group>
    </Paper>
  );
}
