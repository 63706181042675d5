import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError, NetworkError } from '../api';

/**
 * A failed request in the reader's language: the page maps the statuses it expects to its own
 * words (`known`); everything else gets the common messages, plus the error id for a 5xx.
 */
export function ErrorAlert({ error, known = {} }: { error: unknown; known?: Partial<Record<number | string, string>> }) {
  const { t } = useTranslation('common');
  if (!error) return null;
  let message = t('errors.unexpected');
  let errorId: string | undefined;
  if (error instanceof NetworkError) message = t('errors.network');
  else if (error instanceof ApiError) {
    message = (error.code && known[error.code]) ?? known[error.status] ?? (error.status === 429 ? t('errors.tooManyAttempts') : message);
    errorId = error.status >= 500 ? error.errorId : undefined;
  }
  return (
    <Alert color="red" role="alert" variant="light">
      {message}
      {errorId && <div>{t('errors.errorId', { id: errorId })}</div>}
    </Alert>
  );
}
