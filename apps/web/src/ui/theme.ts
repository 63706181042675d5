import { createTheme } from '@mantine/core';

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
