import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { settingsApi, type PublicSettings } from '../api';

/** Until the API answers: the programme's default zone (the API's WARD_TIME_ZONE default). */
const DEFAULTS: PublicSettings = { wardName: 'wardwatch', timeZone: 'Asia/Ho_Chi_Minh' };

const SettingsContext = createContext<PublicSettings>(DEFAULTS);

export function SettingsProvider({ children }: { children: ReactNode }) {
  const [settings, setSettings] = useState(DEFAULTS);
  useEffect(() => {
    settingsApi.get().then(setSettings, () => undefined);
  }, []);
  return <SettingsContext.Provider value={settings}>{children}</SettingsContext.Provider>;
}

/** The ward's name and time zone. */
export const useSettings = () => useContext(SettingsContext);
