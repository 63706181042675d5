export * from './ffmpeg-arguments';
export * from './media.module';
export * from './media.repository';
export * from './stream-uri';
export * from './rtsp-handshake';
export * from './rtsp-relay';
