import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AccountsModule, AccountsService } from '@wardwatch/accounts';
import { ConfigModule, ConfigurationError, CoreConfig } from '@wardwatch/config';
import { DatabaseModule } from '@wardwatch/database';

const USAGE = `usage: npm run cli -- create-admin --email EMAIL --name "DISPLAY NAME"
  Creates one of the two bootstrap admins of a fresh installation (refused once two exist);
  after that, an admin creates staff accounts and a second admin confirms them (POST /users/:id/confirm).
  The password is read from standard input (one line) or, when it is a terminal, asked for.`;

@Module({
  imports: [ConfigModule.forRoot(CoreConfig), DatabaseModule.forRoot('wardwatch-cli'), AccountsModule],
})
class CliModule {}

async function readPassword(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { email: { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    console.error(`${(e as Error).message.split('. ')[0]}\n${USAGE}`);
    return 2;
  }
  const { positionals, values } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals[0] !== 'create-admin' || !values.email || !values.name) {
    console.error(USAGE);
    return 2;
  }
  if (process.stdin.isTTY) process.stderr.write('password (10+ characters, then Enter): ');
  const password = await readPassword();
  if (password.length < 10) {
    console.error('the password must be at least 10 characters');
    return 2;
  }
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
  try {
    const admin = await app.get(AccountsService).createFirstAdmin({ email: values.email, password, displayName: values.name });
    console.log(`created admin ${admin.email} (${admin.id})`);
    return 0;
  } finally {
    await app.close();
  }
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    const message = error instanceof ConfigurationError ? error.message : error instanceof Error ? error.message : String(error);
    console.error(`create-admin failed: ${message}`);
    process.exit(1);
  });
