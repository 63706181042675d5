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

/** Mantine's dimmed grey (gray-6) is 3.3:1 on white, below WCAG AA for text (axe color-contrast): one shade darker. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' },
  dark: {},
});
