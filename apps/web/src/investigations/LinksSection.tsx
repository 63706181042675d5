import './investigations.css';
import { Alert, Badge, Button, Card, Group, List, Stack, Text, Textarea, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUser } from '../accounts/session';
import { investigationsApi, type ListedLink } from '../api';
import { useFormat } from '../i18n/format';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageLoader } from '../ui/PageLoader';
import { nfcInput } from '../ui/text';
import { useLoad } from '../ui/useLoad';

const REASON_MIN = 10;
const REASON_MAX = 1000;
/** As StateChip: a symbol, the words, and the border's colour and style, so the state reads without colour. */
const STATE_SYMBOLS: Record<ListedLink['state'], string> = { live: '✓', expired: '⌛', revoked: '✕' };

/**
 * The investigation's links, newest first (members and supervisors): to whom each was issued, view
 * or download, when, until when, whether it still opens, how often it was opened. A supervisor (or
 * the officer, for their own link) revokes one with a reason, confirmed first.
 */
export function LinksSection({ investigationId }: { investigationId: string }) {
  const { t } = useTranslation('links');
  const user = useUser();
  const first = useLoad(() => investigationsApi.links(investigationId), [investigationId]);
  const [more, setMore] = useState<{ items: ListedLink[]; next: string | null } | null>(null);
  const [changed, setChanged] = useState<Record<string, ListedLink>>({});
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [revoking, setRevoking] = useState<ListedLink | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const links = [...(first.data?.items ?? []), ...(more?.items ?? [])].map((l) => changed[l.id] ?? l);
  const next = more ? more.next : (first.data?.next ?? null);
  const mayRevoke = (link: ListedLink) => link.state === 'live' && (user.role === 'supervisor' || link.issuedTo.id === user.id);

  const loadMore = async () => {
    if (!next) return;
    setLoading(true);
    try {
      const page = await investigationsApi.links(investigationId, next);
      setMore((m) => ({ items: [...(m?.items ?? []), ...page.items], next: page.next }));
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };

  return (
    <section aria-labelledby="links-title">
      <Title order={2} size="h3" id="links-title" mb="xs">
        {t('title')}
      </Title>
      <Text size="sm" mb="xs">
        {t('intro')}
      </Text>
      <div aria-live="polite">
        {done && (
          <Alert color="green" role="status" variant="light" mb="xs">
            {done}
          </Alert>
        )}
      </div>
      <ErrorAlert error={first.error ?? error} />
      {!first.data && !first.error && <PageLoader />}
      {first.data && links.length === 0 && <Text c="dimmed">{t('empty')}</Text>}
      <List listStyleType="none" spacing="xs" p={0}>
        {links.map((link) => (
          <List.Item key={link.id}>
            <LinkCard
              link={link}
              mayRevoke={mayRevoke(link)}
              onRevoke={() => {
                setDone(null);
                setRevoking(link);
              }}
            />
            {revoking?.id === link.id && (
              <RevokeForm
                link={link}
                onCancel={() => setRevoking(null)}
                onRevoked={(updated) => {
                  setChanged((c) => ({ ...c, [updated.id]: updated }));
                  setRevoking(null);
                  setDone(t('revoke.done'));
                }}
              />
            )}
          </List.Item>
        ))}
      </List>
      {next && (
        <Button variant="default" mt="xs" loading={loading} onClick={() => void loadMore()}>
          {t('loadMore')}
        </Button>
      )}
    </section>
  );
}

function LinkCard({ link, mayRevoke, onRevoke }: { link: ListedLink; mayRevoke: boolean; onRevoke: () => void }) {
  const { t } = useTranslation('links');
  const format = useFormat();
  const label = t('item', { kind: t(`kind.${link.kind}`), camera: link.camera.label, name: link.issuedTo.name });
  return (
    <Card withBorder padding="xs" component="article" aria-label={label}>
      <Group justify="space-between" wrap="wrap" gap="xs" align="flex-start">
        <Stack gap={2}>
          <Text fw={600}>{label}</Text>
          <Group gap="xs">
            <Badge variant="default" tt="none" radius="sm" className="state-chip" data-link-state={link.state}>
              <span aria-hidden="true">{STATE_SYMBOLS[link.state]} </span>
              {t(`state.${link.state}`)}
            </Badge>
            <Text size="sm">{t(`asset.${link.asset}`)}</Text>
          </Group>
          <Text size="xs">{t('issuedAt', { when: format.dateTime(link.issuedAt) })}</Text>
          <Text size="xs">{t('expiresAt', { when: format.dateTime(link.expiresAt) })}</Text>
          <Text size="xs">
            {link.openedCount > 0 && link.lastOpenedAt
              ? t('opened', { count: link.openedCount, when: format.dateTime(link.lastOpenedAt) })
              : t('neverOpened')}
          </Text>
          {link.revokedAt && link.revokedBy && (
            <Text size="xs">
              {t('revokedBy', {
                when: format.dateTime(link.revokedAt),
                name: link.revokedBy.name,
                role: t(`role.${link.revokedBy.role}`, { defaultValue: link.revokedBy.role }),
                reason: link.revokeReason ?? '',
              })}
            </Text>
          )}
        </Stack>
        {mayRevoke && (
          <Button
            size="compact-sm"
            variant="default"
            color="red.9"
            onClick={onRevoke}
            aria-label={t('revoke.buttonLabel', { item: label })}
          >
            {t('revoke.button')}
          </Button>
        )}
      </Group>
    </Card>
  );
}

function RevokeForm({ link, onCancel, onRevoked }: { link: ListedLink; onCancel: () => void; onRevoked: (link: ListedLink) => void }) {
  const { t } = useTranslation('links');
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const trimmed = reason.trim();
  const valid = trimmed.length >= REASON_MIN && trimmed.length <= REASON_MAX;
  const title = t('revoke.formTitle', {
    item: t('item', { kind: t(`kind.${link.kind}`), camera: link.camera.label, name: link.issuedTo.name }),
  });

  const revoke = async () => {
    setBusy(true);
    setError(null);
    try {
      onRevoked(await investigationsApi.revokeLink(link.id, trimmed));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };

  return (
    <form
      noValidate
      aria-label={title}
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        setTried(true);
        if (valid) setConfirming(true);
      }}
    >
      <Stack gap="xs" mt="xs">
        <Textarea
          label={t('revoke.reason')}
          description={t('revoke.reasonHint')}
          value={reason}
          onChange={nfcInput(setReason)}
          maxLength={REASON_MAX}
          required
          autosize
          minRows={2}
          error={tried && !valid ? t('revoke.tooShort') : undefined}
        />
        <ErrorAlert error={error} known={{ 'link.not_live': t('revoke.notLive') }} />
        <Group gap="xs">
          <Button type="submit" color="red.9" variant="outline">
            {t('revoke.submit')}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t('revoke.cancel')}
          </Button>
        </Group>
      </Stack>
      <ConfirmDialog
        opened={confirming}
        title={t('revoke.confirmTitle')}
        body={t('revoke.confirmBody', { name: link.issuedTo.name })}
        confirm={t('revoke.submit')}
        cancel={t('revoke.cancel')}
        color="red.9"
        busy={busy}
        onConfirm={() => void revoke()}
        onClose={() => setConfirming(false)}
      />
    </form>
  );
}
