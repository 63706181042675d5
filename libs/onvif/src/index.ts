export * from './guarded-agent';
export * from './onvif-probe';
export * from './probe-threads';
export * from './notifications';
export * from './pullpoint-client';
export * from './soap-xml';
export * from './ws-security';
export * from './snapshot-fetch';
