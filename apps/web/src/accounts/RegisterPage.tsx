import { Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { accountsApi } from '../api';
import { ErrorAlert } from '../ui/ErrorAlert';
import { fieldErrors } from '../ui/fieldErrors';
import { PageTitle } from '../ui/PageTitle';
import { nfcInput } from '../ui/text';
import { useSession } from './session';

export function RegisterPage() {
  const { t } = useTranslation('accounts');
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const errors = fieldErrors(
    error,
    {
      displayName: t('register.errors.displayName'),
      email: t('register.errors.email'),
      phone: t('register.errors.phone'),
      password: t('register.errors.password'),
    },
    { 'account.email_taken': { field: 'email', message: t('register.emailTaken') } },
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await accountsApi.register({ displayName, email, password, phone: phone.trim() || undefined });
      await signIn(email, password);
      await navigate('/', { replace: true });
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <Stack>
      <PageTitle>{t('register.title')}</PageTitle>
      <Text>{t('register.intro')}</Text>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <ErrorAlert
            error={error}
            known={{ 'account.email_taken': t('register.emailTaken'), 'validation.failed': t('register.invalid') }}
          />
          <TextInput
            label={t('register.displayName')}
            autoComplete="name"
            required
            value={displayName}
            onChange={nfcInput(setDisplayName)}
            error={errors.displayName}
          />
          <TextInput
            label={t('register.email')}
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={nfcInput(setEmail)}
            error={errors.email}
          />
          <TextInput
            label={t('register.phone')}
            type="tel"
            autoComplete="tel"
            value={phone}
            onChange={nfcInput(setPhone)}
            error={errors.phone}
          />
          <PasswordInput
            label={t('register.password')}
            description={t('register.passwordHint')}
            autoComplete="new-password"
            required
            minLength={10}
            value={password}
            onChange={nfcInput(setPassword)}
            error={errors.password}
            // Mantine marks a PasswordInput's wrapper, not its input, as invalid.
            aria-invalid={!!errors.password}
          />
          <Button type="submit" loading={busy}>
            {t('register.submit')}
          </Button>
        </Stack>
      </form>
      <Text size="sm">
        {t('register.haveAccount')}{' '}
        <Anchor component={Link} to="/sign-in">
          {t('register.signInLink')}
        </Anchor>
      </Text>
    </Stack>
  );
}
