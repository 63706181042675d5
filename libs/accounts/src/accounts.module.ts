import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@wardwatch/audit';
import { ApiConfig } from '@wardwatch/config';
import { AccountsService } from './accounts.service';
import { AuthenticationService } from './authentication.service';
import { PasswordHasher } from './password-hasher';
import { SessionEntity } from './session.entity';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';
import { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';

/** Users, roles and passwords. Needs no HTTP configuration, so CLIs and the worker can use it. */
@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, SessionEntity]), AuditModule],
  providers: [UsersRepository, SessionsRepository, PasswordHasher, AccountsService],
  exports: [AccountsService, UsersRepository, SessionsRepository, PasswordHasher],
})
export class AccountsModule {}

/** Login and bearer tokens, for the HTTP API. */
@Module({
  imports: [
    AccountsModule,
    AuditModule,
    JwtModule.registerAsync({
      inject: [ApiConfig],
      useFactory: (config: ApiConfig) => ({
        secret: config.JWT_SECRET,
        signOptions: { algorithm: 'HS256', issuer: 'wardwatch' },
        verifyOptions: { algorithms: ['HS256'], issuer: 'wardwatch' },
      }),
    }),
  ],
  providers: [AuthenticationService, SessionsService],
  exports: [AuthenticationService, SessionsService],
})
export class AuthenticationModule {}
