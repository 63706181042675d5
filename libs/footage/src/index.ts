export * from './clip.entity';
export * from './footage.module';
export * from './legal-hold.entity';
export * from './legal-holds.service';
