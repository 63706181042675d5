export { CameraSimulator, DEFAULT_OPTIONS, type SimulatorInfo, type SimulatorOptions } from './camera-simulator';
export { SimulatedCamera, type CameraInfo, type CameraStats } from './simulated-camera';
export { DEFAULT_FAULTS, validateFaultsPatch, type CameraFaults } from './camera-faults';
export { MOTION_TOPIC, MOTION_ALARM_TOPIC, TOKENS } from './events/notification-messages';
export { usernameTokenHeader, type Credentials } from './soap/ws-security';
export { parseCliArgs, CliUsageError } from './cli';
