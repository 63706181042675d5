import { Module } from '@nestjs/common';
import { MediaRepository } from './media.repository';

/** ffmpeg behind one class. */
@Module({ providers: [MediaRepository], exports: [MediaRepository] })
export class MediaModule {}
