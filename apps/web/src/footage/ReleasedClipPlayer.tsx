import { Alert, Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { investigationsApi, type ClipLink, type ListedLink, type ReleasedClip } from '../api';
import { useFormat } from '../i18n/format';
import { LinkRefusal } from '../investigations/LinkRefusal';
import { ErrorAlert } from '../ui/ErrorAlert';

/** Hands a link to the browser as a download: the store answers with Content-Disposition: attachment, so the page stays. */
function startDownload(url: string) {
  const a = document.createElement('a');
  a.href = url;
  a.download = '';
  a.click();
}

/**
 * One released clip for a member of the investigation: "play" asks the API for a `view` link (each
 * one audited, with the case) and plays it in <video controls>; "download" asks for a `download`
 * link and hands it to the browser. No link is asked for before the officer presses a button.
 *
 * A link is the API's own URL (/api/v1/links/{id}): the browser opens it with the session cookie and
 * follows the redirect to the footage. When a video fails, or the officer uses a download link
 * again, the link's status says why it no longer opens (revoked by whom and why, expired, ...) and
 * that is shown instead of a broken player.
 */
export function ReleasedClipPlayer({ clip, investigationId }: { clip: ReleasedClip; investigationId: string }) {
  const { t } = useTranslation('investigations');
  const format = useFormat();
  const [view, setView] = useState<ClipLink | null>(null);
  const [download, setDownload] = useState<ClipLink | null>(null);
  const [refused, setRefused] = useState<ListedLink | null>(null);
  const [busy, setBusy] = useState<'view' | 'download' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const from = clip.startedAt ? format.dateTime(clip.startedAt) : '';

  const ask = async (kind: 'view' | 'download') => {
    setBusy(kind);
    setError(null);
    setRefused(null);
    try {
      const link = await investigationsApi.clipLink(clip.clipId, investigationId, kind);
      if (kind === 'view') setView(link);
      else {
        setDownload(link);
        startDownload(link.url);
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  /** What the link's status says now: null when it would still open. */
  const refusalOf = async (link: ClipLink): Promise<ListedLink | null> => {
    try {
      const status = await investigationsApi.linkStatus(link.id);
      return status.refusal ? status : null;
    } catch (e) {
      setError(e);
      return null;
    }
  };

  /** The video could not load (or went on failing): say why instead of leaving a broken player. */
  const videoFailed = async () => {
    if (!view) return;
    const refusal = await refusalOf(view);
    if (refusal) {
      setView(null);
      setRefused(refusal);
    }
  };

  /** The download link used again: only if it still opens. */
  const downloadAgain = async (link: ClipLink) => {
    const refusal = await refusalOf(link);
    if (refusal) {
      setDownload(null);
      setRefused(refusal);
    } else startDownload(link.url);
  };

  return (
    <Stack gap="xs">
      {view && (
        <video
          className="released-video"
          controls
          preload="auto"
          src={view.url}
          aria-label={t('player.video', { camera: clip.camera.label, from })}
          onError={() => void videoFailed()}
        />
      )}
      {refused && <LinkRefusal link={refused} />}
      <Group gap="xs">
        {!view && (
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
          <Anchor
            href={download.url}
            download
            c="inherit"
            underline="always"
            onClick={(e) => {
              e.preventDefault();
              void downloadAgain(download);
            }}
          >
            {t('player.downloadLink', { camera: clip.camera.label })}
          </Anchor>
        </Alert>
      )}
      <ErrorAlert error={error} />
    </Stack>
  );
}
