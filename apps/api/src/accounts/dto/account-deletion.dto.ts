import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { CameraResponse } from '../../cameras/dto/camera.dto';
import { CameraRemovalResponse } from '../../cameras/dto/camera-portal.dto';

export class DeleteAccountDto {
  @ApiProperty({ writeOnly: true, example: 'correct horse battery staple', description: 'Your current password, re-entered to confirm' })
  @IsString()
  @Length(1, 256)
  password: string;
}

class DeletionAccountResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'lan@example.vn' }) email: string;
  @ApiProperty({ example: 'Nguyễn Thị Lan' }) displayName: string;
}

class DeletionFootageResponse {
  @ApiProperty({ type: 'integer', description: 'Clips not on hold: deleted with the camera' }) clipsDeleted: number;
  @ApiProperty({ type: 'integer', description: 'Clips on legal hold: kept until the hold ends, then deleted' }) clipsKeptOnHold: number;
}

class DeletionCameraResponse {
  @ApiProperty({ type: CameraResponse }) camera: CameraResponse;
  @ApiProperty({ nullable: true, type: String, enum: ['given', 'paused', 'withdrawn'] }) consentState: string | null;
  @ApiProperty({ type: DeletionFootageResponse }) footage: DeletionFootageResponse;
  @ApiProperty({ type: 'integer', description: 'Requests waiting for your answer about this camera (they will be declined)' })
  pendingRequests: number;
}

export class AccountDeletionPreviewResponse {
  @ApiProperty({ type: DeletionAccountResponse }) account: DeletionAccountResponse;
  @ApiProperty({ type: [DeletionCameraResponse] }) cameras: DeletionCameraResponse[];
  @ApiProperty({ type: 'integer', description: 'Requests waiting for your answer, over all your cameras' }) pendingRequests: number;
  @ApiProperty({ type: [String], description: 'What deleting the account does, sentence by sentence' }) whatHappens: string[];
}

export class AccountDeletionResponse {
  @ApiProperty({ type: String, format: 'date-time' }) deletedAt: Date;
  @ApiProperty({ type: [CameraRemovalResponse] }) camerasRemoved: CameraRemovalResponse[];
  @ApiProperty({ type: 'integer', description: 'Requests waiting for your answer, declined on your behalf' }) requestsDeclined: number;
  @ApiProperty({ type: [String] }) whatHappened: string[];
}
