export * from './guarded-agent';
export * from './onvif-probe';
