import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { CameraRemovalResponse, CameraResponse } from '../../cameras/dto/camera-portal.dto';

export class DeleteAccountDto {
  @ApiProperty({ writeOnly: true, description: 'Your current password, re-entered to confirm' })
  @IsString()
  @Length(1, 256)
  password: string;
}

class DeletionAccountResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
}

class DeletionFootageResponse {
  @ApiProperty() clipsDeleted: number;
  @ApiProperty() clipsKeptOnHold: number;
}

class DeletionCameraResponse {
  @ApiProperty({ type: CameraResponse }) camera: CameraResponse;
  @ApiProperty({ nullable: true, type: String, enum: ['given', 'paused', 'withdrawn'] }) consentState: string | null;
  @ApiProperty({ type: DeletionFootageResponse }) footage: DeletionFootageResponse;
  @ApiProperty({ description: 'Requests waiting for your answer about this camera (they will be declined)' }) pendingRequests: number;
}

export class AccountDeletionPreviewResponse {
  @ApiProperty({ type: DeletionAccountResponse }) account: DeletionAccountResponse;
  @ApiProperty({ type: [DeletionCameraResponse] }) cameras: DeletionCameraResponse[];
  @ApiProperty() pendingRequests: number;
  @ApiProperty({ type: [String], description: 'What deleting the account does, sentence by sentence' }) whatHappens: string[];
}

export class AccountDeletionResponse {
  @ApiProperty() deletedAt: Date;
  @ApiProperty({ type: [CameraRemovalResponse] }) camerasRemoved: CameraRemovalResponse[];
  @ApiProperty() requestsDeclined: number;
  @ApiProperty({ type: [String] }) whatHappened: string[];
}
