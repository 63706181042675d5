import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { investigationsApi, type ReleasedClip } from '../api';
import { useFormat } from '../i18n/format';
import { ErrorAlert } from '../ui/ErrorAlert';

/**
 * One released clip for a member of the investigation: "play" asks the API for a `view` link (each
 * one audited, with the case) and plays it in <video controls>; "download" asks for a `download`
 * link and hands it to the browser. No link is asked for before the officer presses a button.
 */
export function ReleasedClipPlayer({ clip, investigationId }: { clip: ReleasedClip; investigationId: string }) {
  const { t } = useTranslation('investigations');
  const format = useFormat();
  const [src, setSrc] = useState<string | null>(null);
  const [download, setDownload] = useState<{ url: string; expiresAt: string } | null>(null);
  const [busy, setBusy] = useState<'view' | 'download' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const from = clip.startedAt ? format.dateTime(clip.startedAt) : '';

  const ask = async (kind: 'view' | 'download') => {
    setBusy(kind);
    setError(null);
    try {
      const link = await investigationsApi.clipLink(clip.clipId, investigationId, kind);
      if (kind === 'view') setSrc(link.url);
      else {
        setDownload({ url: link.url, expiresAt: link.expiresAt });
        // The object store answers with Content-Disposition: attachment, so the page stays.
        const a = document.createElement('a');
        a.href = link.url;
        a.download = '';
        a.click();
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Stack gap="xs">
      {src && (
        <video
          className="released-video"
          controls
          preload="auto"
          src={src}
          aria-label={t('player.video', { camera: clip.camera.label, from })}
        />
      )}
      <Group gap="xs">
        {!src && (
          <Button
            size="compact-md"
            loading={busy === 'view'}
            onClick={() => void ask('view')}
            aria-label={`${t('player.play')}: ${clip.camera.label}, ${from}`}
          >
            {t('player.play')}
          </Button>
        )}
        <Button
          size="compact-md"
          variant="default"
          loading={busy === 'download'}
          onClick={() => void ask('download')}
          aria-label={`${t('player.download')}: ${clip.camera.label}, ${from}`}
        >
          {t('player.download')}
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        {t('player.downloadNote')}
      </Text>
      {download && (
        <Alert color="blue" variant="light" role="status">
          {t('player.downloadReady', { when: format.dateTime(download.expiresAt) })}
          <a href={download.url} download>
            {t('player.downloadLink', { camera: clip.camera.label })}
          </a>
        </Alert>
      )}
      <ErrorAlert error={error} />
    </Stack>
  );
}
