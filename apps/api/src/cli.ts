import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { isEmail } from 'class-validator';
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

/**
 * The password: on a terminal asked for with echo off (nothing shown, Backspace works, Ctrl-C
 * aborts), otherwise the first line of standard input. Either way it ends at Enter (the first line
 * break), not at end of input, so a pipe that stays open does not hang the command.
 */
async function readPassword(): Promise<string> {
  const stdin = process.stdin;
  // Raw mode (no echo) before the prompt, so nothing typed after it is ever shown.
  stdin.setRawMode?.(true);
  if (stdin.isTTY) process.stderr.write('password (10+ characters, then Enter): ');
  let typed = '';
  try {
    for await (const chunk of stdin) {
      for (const ch of (chunk as Buffer).toString('utf8')) {
        if (ch === '\r' || ch === '\n') return typed;
        if (stdin.isTTY && ch === '\u0003') throw new Error('aborted');
        if (stdin.isTTY && (ch === '\u007f' || ch === '\b')) typed = typed.slice(0, -1);
        else typed += ch;
      }
    }
    return typed;
  } finally {
    stdin.setRawMode?.(false);
    if (stdin.isTTY) process.stderr.write('\n');
    stdin.pause();
  }
}

/** A plausible e-mail address (the account's sign-in name; class-validator's rules, as the API's DTOs). */
function emailProblem(email: string): string | undefined {
  return isEmail(email) ? undefined : `--email "${email}" is not an e-mail address, e.g. you@ward.example`;
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
  const badEmail = emailProblem(values.email);
  if (badEmail) {
    console.error(badEmail);
    return 2;
  }
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
