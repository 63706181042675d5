import type { ChangeEvent } from 'react';

/**
 * Vietnamese keyboards (Telex/VNI input methods) and macOS can produce decomposed text (NFD: "e" +
 * combining marks), which looks the same but compares, searches and sorts differently. Every text
 * the user types goes through here, so what reaches the API is NFC.
 */
export const nfc = (value: string): string => value.normalize('NFC');

/** onChange for a controlled input: hands the setter the NFC value. */
export const nfcInput =
  (set: (value: string) => void) =>
  (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>): void =>
    set(nfc(event.currentTarget.value));
