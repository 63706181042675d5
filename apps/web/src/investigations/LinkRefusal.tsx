import { Alert, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ListedLink } from '../api';
import { useFormat } from '../i18n/format';

/**
 * Why a link no longer opens, in the reader's language: shown in place of a video or a download
 * that failed, from the link's status (GET /links/{id}/status, which fetches no footage).
 */
export function LinkRefusal({ link }: { link: ListedLink }) {
  const { t } = useTranslation('links');
  const format = useFormat();
  const role = (r: string | undefined) => t(`role.${r ?? 'supervisor'}`, { defaultValue: r ?? '' });
  let message: string;
  switch (link.refusal) {
    case 'link.revoked':
      message = t('refused.revoked', {
        role: role(link.revokedBy?.role),
        when: link.revokedAt ? format.dateTime(link.revokedAt) : '',
        reason: link.revokeReason ?? '',
      });
      break;
    case 'link.expired':
      message = t('refused.expired', { when: format.dateTime(link.expiresAt) });
      break;
    case 'link.release_ended':
      message = t('refused.releaseEnded');
      break;
    case 'link.consent_withdrawn':
      message = t('refused.consentWithdrawn');
      break;
    case 'investigation.not_member':
    case null:
      message = t('refused.notMember');
      break;
  }
  return (
    // The title as bold body text: Mantine's red title on the light red ground fails axe color-contrast.
    <Alert color="red" variant="light" role="alert">
      <Text fw={700} size="sm">
        {t('refused.title')}
      </Text>
      <Text size="sm">{message}</Text>
    </Alert>
  );
}
