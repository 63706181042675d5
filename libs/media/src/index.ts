export * from './ffmpeg-arguments';
export * from './media.module';
export * from './media.repository';
