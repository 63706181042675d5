import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { settingsApi, type PublicSettings } from '../api';

/** Until the API answers: the programme's defaults (the API's WARD_TIME_ZONE and footage request limit defaults), and no basemap. */
const DEFAULTS: PublicSettings = {
  wardName: 'wardwatch',
  timeZone: 'Asia/Ho_Chi_Minh',
  map: { basemap: false },
  footageRequestLimits: {
    maxAreaKm2: 0.5,
    maxWindowHours: 12,
    justificationMinChars: 30,
    justificationMaxChars: 2000,
    absoluteMaxWindowHours: 744,
    maxCameras: 200,
    maxPolygonVertices: 200,
  },
};

const SettingsContext = createContext<PublicSettings>(DEFAULTS);

export function SettingsProvider({ children }: { children: ReactNode }) {
  const [settings, setSettings] = useState(DEFAULTS);
  useEffect(() => {
    settingsApi.get().then(setSettings, () => undefined);
  }, []);
  return <SettingsContext.Provider value={settings}>{children}</SettingsContext.Provider>;
}

/** The ward's name and time zone, and whether the map has an offline basemap. */
export const useSettings = () => useContext(SettingsContext);
