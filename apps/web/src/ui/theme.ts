import { createTheme, type CSSVariablesResolver } from '@mantine/core';

/**
 * One theme for every screen. Blue 8 on white keeps text and buttons above WCAG AA contrast; the
 * system font stack includes Vietnamese diacritics on every phone, and nothing is fetched.
 */
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif',
  defaultRadius: 'sm',
  cursorType: 'pointer',
});

/**
 * Below WCAG AA for text on white (axe color-contrast), so darker shades: Mantine's dimmed grey
 * (gray-6, 3.3:1) becomes gray-7, and the error red of invalid fields and their messages (red-6,
 * 3.6:1) red-9.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)', '--mantine-color-error': 'var(--mantine-color-red-9)' },
  dark: {},
});
