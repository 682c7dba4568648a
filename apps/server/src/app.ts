import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { ErrorResponse } from '@tongxin/shared/schemas';
import type { Config } from './config.js';
import { ping, type DatabaseHandle } from './platform/db/index.js';
import { registerErrorHandling } from './platform/errors.js';
import { registerAccessControl, type RegisteredRoute } from './platform/access.js';
import { DataCipher } from './platform/crypto.js';
import { registerStatic } from './platform/static.js';
import { Notifier } from './platform/notify/notifier.js';
import { LiveHub } from './platform/notify/live.js';
import { DeliveryWorker } from './platform/notify/worker.js';
import { regionsModule } from './modules/regions/index.js';
import { authModule } from './modules/auth/index.js';
import { accountsModule } from './modules/accounts/index.js';
import { auditModule } from './modules/audit/index.js';
import { notificationsModule } from './modules/notifications/index.js';

/** Everything a module may be handed. Each module takes only the parts it uses. */
export interface Platform {
  config: Config;
  database: DatabaseHandle;
  cipher: DataCipher;
  notifier: Notifier;
  live: LiveHub;
  /** Sends outbound notification deliveries; started on ready unless startWorkers is false. */
  deliveries: DeliveryWorker;
}

declare module 'fastify' {
  interface FastifyInstance {
    platform: Platform;
    /** Every /api route with its declared access, for the generated access test and docs. */
    apiRoutes: RegisteredRoute[];
  }
}

export interface BuildOptions {
  config: Config;
  database: DatabaseHandle;
  /** Start the outbound delivery worker (off in most tests; they call runOnce themselves). */
  startWorkers?: boolean;
}

export async function buildApp({ config, database, startWorkers = true }: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'] },
    trustProxy: config.trustProxy,
    bodyLimit: 1_048_576,
    // Deeply nested or huge JSON is refused before it costs anything.
    ajv: { customOptions: { coerceTypes: 'array', useDefaults: true, removeAdditional: false, allErrors: false } },
    return503OnClosing: true,
    forceCloseConnections: true,
  }).withTypeProvider<TypeBoxTypeProvider>();

  const db = database.db;
  const cipher = new DataCipher(config.dataKey);
  const live = new LiveHub(database, app.log);
  const notifier = new Notifier({ db, cipher, config });
  const worker = new DeliveryWorker({ db, cipher, config, log: app.log });
  app.decorate('platform', { config, database, cipher, notifier, live, deliveries: worker });
  app.decorate('apiRoutes', [] as RegisteredRoute[]);

  registerErrorHandling(app);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        // Plain HTTP on a town's LAN (http://192.168.x.x:3000) must keep working; behind HTTPS
        // (COOKIE_SECURE) browsers are told to upgrade and to remember it.
        upgradeInsecureRequests: config.cookieSecure ? [] : null,
      },
    },
    strictTransportSecurity: config.cookieSecure,
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  app.addSchema(ErrorResponse);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: '同心 Tongxin API',
        version: '0.1.0',
        description: '党建引领志愿服务融入基层治理平台。Errors answer with ErrorResponse; writes need the x-csrf-token header.',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'tx_session' } },
      },
      security: [{ session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true, transformStaticCSP: (h) => h });
  app.get('/api/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, () => app.swagger());

  registerAccessControl(app, db, app.apiRoutes);

  app.get('/healthz', { schema: { hide: true } }, () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await Promise.race([ping(db), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000))]);
      return { status: 'ready', database: database.kind };
    } catch {
      return reply.status(503).send({ status: 'not-ready', database: database.kind });
    }
  });

  await app.register(
    async (api) => {
      await api.register(authModule({ db, cipher, config }));
      await api.register(regionsModule({ db }));
      await api.register(accountsModule({ db, cipher }));
      await api.register(auditModule({ db }));
      await api.register(notificationsModule({ db, cipher, live }));
    },
    { prefix: '/api' },
  );

  await registerStatic(app, config);

  app.addHook('onReady', async () => {
    await live.start();
    if (startWorkers) worker.start();
  });
  app.addHook('onClose', async () => {
    await worker.stop();
    await live.stop();
  });
  return app;
}
