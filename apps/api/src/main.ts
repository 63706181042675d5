import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ApiConfig, ConfigurationError } from '@wardwatch/config';
import { createApiApp, DOCS_PATH } from './app.factory';

async function main(): Promise<void> {
  const app = await createApiApp();
  const config = app.get(ApiConfig);
  await app.listen(config.API_PORT, config.API_HOST);
  const url = (await app.getUrl()).replace('[::1]', 'localhost');
  new Logger('Bootstrap').log({ url, docs: `${url}${DOCS_PATH}` }, 'wardwatch api listening');
}

main().catch((error: unknown) => {
  // A configuration error is the operator's to fix: say what, without a stack trace.
  console.error(error instanceof ConfigurationError ? error.message : error);
  process.exit(1);
});
