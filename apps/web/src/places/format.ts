import { useTranslation } from 'react-i18next';
import { formatLocale } from '../i18n/format';

/** Coordinates in the reader's conventions (a decimal comma in Vietnamese), to about a metre. */
export function useCoordinate() {
  const { i18n } = useTranslation();
  const format = new Intl.NumberFormat(formatLocale(i18n.resolvedLanguage ?? i18n.language), {
    minimumFractionDigits: 5,
    maximumFractionDigits: 5,
  });
  return (value: number) => format.format(value);
}
