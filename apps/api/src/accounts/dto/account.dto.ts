import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { ROLES, SETTABLE_STATUSES, STAFF_ROLES, USER_STATUSES } from '@wardwatch/accounts';
import type { Role, UserStatus } from '@wardwatch/accounts';
import { PageOf, PageQuery } from '../../http/page';

/** Trimmed and in Unicode NFC: Vietnamese keyboards and macOS may send decomposed (NFD) text. */
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.normalize('NFC').trim() : value);

export class LoginDto {
  @ApiProperty({ example: 'officer@ward.example' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @Length(1, 256)
  password: string;
}

export class RegisterResidentDto {
  @ApiProperty({ example: 'resident@example.vn' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 10, maxLength: 256, description: 'At least 10 characters' })
  @IsString()
  @Length(10, 256, { message: 'password must be 10 to 256 characters long' })
  password: string;

  @ApiProperty({ example: 'Nguyễn Thị Lan' })
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  displayName: string;

  @ApiPropertyOptional({ example: '+84 912 345 678' })
  @IsOptional()
  @Matches(/^\+?[0-9 ().-]{6,32}$/, { message: 'phone must be a telephone number' })
  phone?: string;
}

export class CreateStaffDto extends RegisterResidentDto {
  @ApiProperty({ enum: STAFF_ROLES })
  @IsIn(STAFF_ROLES, { message: `role must be one of ${STAFF_ROLES.join(', ')}` })
  role: Role;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ enum: SETTABLE_STATUSES, description: 'A pending account is activated by POST /users/:id/confirm' })
  @IsOptional()
  @IsIn(SETTABLE_STATUSES, { message: `status must be one of ${SETTABLE_STATUSES.join(', ')}` })
  status?: UserStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  displayName?: string;
}

export class ListUsersQueryDto extends PageQuery({ defaultLimit: 50, maxLimit: 200 }) {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ enum: USER_STATUSES })
  @IsOptional()
  @IsIn(USER_STATUSES)
  status?: UserStatus;
}

export class UserIdParam {
  @ApiProperty({ format: 'uuid', description: 'The account' })
  @IsUUID('4', { message: 'id must be a UUID' })
  id: string;
}

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'email', example: 'resident@example.vn' }) email: string;
  @ApiProperty({ example: 'Nguyễn Thị Lan' }) displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ enum: USER_STATUSES }) status: UserStatus;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The admin who created the account' }) createdBy: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The admin who proposed the current role' }) roleProposedBy:
    string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The second admin who confirmed it' }) roleConfirmedBy:
    string | null;
  @ApiProperty({ nullable: true, enum: STAFF_ROLES, description: 'A role change waiting for a second admin' }) pendingRole: Role | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) pendingRoleBy: string | null;
}

export class TokenResponse {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIuLi4ifQ.c2lnbmF0dXJl' }) accessToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ type: 'integer', description: 'Seconds until the token expires', example: 900 }) expiresIn: number;
  @ApiProperty({ type: UserResponse }) user: UserResponse;
}

export class UserPage extends PageOf(UserResponse) {}

export class SessionResponse {
  @ApiProperty({ type: UserResponse }) user: UserResponse;
  @ApiProperty({
    description: 'Echo it in the X-CSRF-Token header of every POST, PUT, PATCH and DELETE (also in the __Host-wardwatch_csrf cookie)',
    example: 'mU3kq1Hc2Zp0c5bq9o1Vf6yQd8wXr4tA7sL2nE0jKhI',
  })
  csrfToken: string;
  @ApiProperty({ description: 'When the session ends unless the user signs out first' }) expiresAt: Date;
}

export class ChangePasswordDto {
  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @Length(1, 256)
  currentPassword: string;

  @ApiProperty({ minLength: 10, maxLength: 256, description: 'At least 10 characters', example: 'a longer passphrase, 2026' })
  @IsString()
  @Length(10, 256, { message: 'newPassword must be 10 to 256 characters long' })
  newPassword: string;
}
