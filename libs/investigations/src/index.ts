export * from './footage-release.entity';
export * from './footage-request-camera.entity';
export * from './footage-request.entity';
export * from './investigation-member.entity';
export * from './investigation.entity';
export * from './investigation.types';
