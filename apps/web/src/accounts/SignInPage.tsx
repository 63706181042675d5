import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageTitle } from '../ui/PageTitle';
import { nfcInput } from '../ui/text';
import { type SignOutReason, useSession } from './session';

export function SignInPage() {
  const { t } = useTranslation('accounts');
  const { signIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email, password);
      const from = (location.state as { from?: string } | null)?.from;
      await navigate(from && from !== '/sign-in' ? from : '/', { replace: true });
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <Stack>
      <PageTitle>{t('signIn.title')}</PageTitle>
      {(location.state as { reason?: SignOutReason } | null)?.reason === 'deleted' && (
        <Alert role="status" color="green" variant="outline">
          {t('signIn.deleted')}
        </Alert>
      )}
      <Text>{t('signIn.intro')}</Text>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <ErrorAlert error={error} known={{ 401: t('signIn.invalid'), 'auth.awaiting_confirmation': t('signIn.pending') }} />
          <TextInput label={t('signIn.email')} type="email" autoComplete="username" required value={email} onChange={nfcInput(setEmail)} />
          <PasswordInput
            label={t('signIn.password')}
            autoComplete="current-password"
            required
            value={password}
            onChange={nfcInput(setPassword)}
          />
          <Button type="submit" loading={busy}>
            {t('signIn.submit')}
          </Button>
        </Stack>
      </form>
      <Text size="sm">
        {t('signIn.noAccount')}{' '}
        <Anchor component={Link} to="/register">
          {t('signIn.registerLink')}
        </Anchor>
      </Text>
      <Text size="sm">
        <Anchor component={Link} to="/transparency">
          {t('signIn.transparencyLink')}
        </Anchor>
      </Text>
    </Stack>
  );
}
