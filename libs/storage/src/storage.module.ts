import { Module } from '@nestjs/common';
import { ObjectStore } from './object-store';

/** Object storage; the bucket is ensured when the application boots. */
@Module({ providers: [ObjectStore], exports: [ObjectStore] })
export class StorageModule {}
