import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { rememberLanguage } from '../i18n/i18n';
import { isLanguage, LANGUAGE_NAMES, LANGUAGES } from '../i18n/languages';

/** A native select: the most dependable control on phones and with screen readers. Each language is named in itself. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation('common');
  const current = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'vi';
  return (
    <NativeSelect
      label={t('language.label')}
      size="xs"
      value={current}
      data={LANGUAGES.map((language) => ({ value: language, label: LANGUAGE_NAMES[language] }))}
      onChange={(event) => {
        const language = event.currentTarget.value;
        if (!isLanguage(language)) return;
        rememberLanguage(language);
        void i18n.changeLanguage(language);
      }}
      styles={{ root: { display: 'flex', alignItems: 'center', gap: 6 }, label: { fontWeight: 400 } }}
    />
  );
}
