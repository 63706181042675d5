// The `onvif` package ships no types; only what the probe uses is declared here.
declare module 'onvif' {
  import type { Agent } from 'node:http';
  export interface CamOptions {
    hostname: string;
    port?: number;
    path?: string;
    username?: string;
    password?: string;
    timeout?: number;
    autoconnect?: boolean;
    preserveAddress?: boolean;
    agent?: Agent | false;
  }
  type Callback<T = unknown> = (err: Error | null, result: T, xml?: string) => void;
  export class Cam {
    constructor(options: CamOptions, callback?: Callback);
    /** Service addresses learned from GetServices/GetCapabilities (rewritten with preserveAddress). */
    uri?: Record<string, { path?: string } | undefined>;
    connect(callback: Callback<void>): void;
    getSystemDateAndTime(callback: Callback<Date>): void;
    getDeviceInformation(callback: Callback<Record<string, string>>): void;
    getProfiles(callback: Callback<unknown[]>): void;
    getStreamUri(options: object, callback: Callback<{ uri: string }>): void;
    getEventServiceCapabilities(callback: Callback<Record<string, unknown>>): void;
    createPullPointSubscription(callback: Callback<unknown>): void;
    pullMessages(options: object, callback: Callback<unknown>): void;
  }
}
